"""Creating meetings from templates, meeting types, themes and participants."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from styringsdialog.meetings import services
from styringsdialog.meetings.agenda import agenda_tree, flatten
from styringsdialog.meetings.models import MeetingType

from .conftest import advance, make_meeting

pytestmark = pytest.mark.django_db


def test_default_meeting_types_are_created_once_per_kommune(world):
    names = [t.name for t in services.ensure_meeting_types(kommune=world.ballerup)]
    assert names == ["Individuelt dialogmøde", "Fællesmøde", "Boligstrategisk forum"]
    services.ensure_meeting_types(kommune=world.ballerup)
    assert MeetingType.objects.filter(kommune=world.ballerup).count() == 3


def test_meeting_from_default_template_has_the_seed_shaped_agenda(world):
    meeting = make_meeting(world, styringsaar=2022, when=date(2022, 5, 12))
    titles = [n.item.title for n in agenda_tree(meeting)]
    assert titles == [
        "Velkomst",
        "Opfølgning på sidste års aftaler",
        "Årets temaer",
        "Gennemgang af styringsrapport for 2021",
        "Status for aktuelle sager om boligafdelingerne",
        "Gennemgang af kvarterprofiler",
        "Anvisning – samarbejde med boligkontoret",
        "Eventuelt",
    ]
    assert meeting.status == "planned" and meeting.referat_status == "draft"
    assert meeting.meeting_type.name == "Individuelt dialogmøde"


def test_year_themes_become_sub_items_of_aarets_temaer(world):
    services.add_year_theme(
        kommune=world.ballerup,
        styringsaar=2021,
        title="Hjælpemidler til ældre og handicappede borgere",
    )
    services.add_year_theme(
        kommune=world.ballerup, styringsaar=2021, title="LAR-projekter – lokale regnvandsløsninger"
    )
    services.add_year_theme(kommune=world.ballerup, styringsaar=2022, title="Ikke i år")
    meeting = make_meeting(world)
    labels = {n.label: n.item.title for n in flatten(agenda_tree(meeting))}
    assert labels["3.a"] == "Hjælpemidler til ældre og handicappede borgere"
    assert labels["3.b"] == "LAR-projekter – lokale regnvandsløsninger"
    assert "Ikke i år" not in labels.values()


def test_duplicate_theme_is_refused(world):
    services.add_year_theme(kommune=world.ballerup, styringsaar=2021, title="LAR")
    with pytest.raises(ValidationError, match="findes allerede"):
        services.add_year_theme(kommune=world.ballerup, styringsaar=2021, title="LAR")


def test_organisation_without_ties_to_the_kommune_is_refused(world):
    with pytest.raises(ValidationError, match="hverken hjemsted eller afdelinger"):
        make_meeting(world, organisation=world.kbhbolig)


def test_meeting_type_of_another_kommune_is_refused(world):
    kbh_type = services.ensure_meeting_types(kommune=world.kbh)[0]
    with pytest.raises(ValidationError, match="anden kommune"):
        services.create_meeting_from_template(
            kommune=world.ballerup,
            organisation=world.almenbo,
            styringsaar=2021,
            date=date(2021, 5, 27),
            by=None,
            meeting_type=kbh_type,
        )


def test_date_far_from_the_styringsaar_is_refused(world):
    with pytest.raises(ValidationError, match="passer ikke til styringsår"):
        make_meeting(world, when=date(2025, 1, 1), styringsaar=2021)


def test_participants_are_added_in_order_with_their_side(meeting, world):
    services.add_participant(meeting=meeting, name="Torben", side="kommune", title="Tilsyn")
    claus = services.add_participant(meeting=meeting, name="Claus", side="organisation")
    assert claus.organisation == world.almenbo
    assert [p.name for p in meeting.participants.all()] == ["Torben", "Claus"]


def test_participant_from_a_non_participating_organisation_is_refused(meeting, world):
    with pytest.raises(ValidationError, match="deltager ikke i mødet"):
        services.add_participant(
            meeting=meeting, name="Olga", side="organisation", organisation=world.kbhbolig
        )


def test_participant_needs_a_name_and_a_side(meeting):
    with pytest.raises(ValidationError, match="Navnet skal udfyldes"):
        services.add_participant(meeting=meeting, name="  ", side="kommune")
    with pytest.raises(ValidationError, match="Vælg om deltageren"):
        services.add_participant(meeting=meeting, name="X", side="nogen")


def test_approved_referat_locks_participants_and_details(meeting, world):
    advance(meeting, world, "approved")
    with pytest.raises(ValidationError, match="godkendt og kan ikke ændres"):
        services.add_participant(meeting=meeting, name="Sen", side="kommune")
    with pytest.raises(ValidationError, match="kan ikke ændres"):
        services.update_meeting_details(
            meeting=meeting, date=date(2021, 5, 20), start_time=None, place=""
        )
