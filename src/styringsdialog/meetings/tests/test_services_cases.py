"""Cases per department: opening, timeline, status and links to agenda items."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from styringsdialog.meetings import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world):
    return services.open_case(
        department=world.lundebjerg,
        category="byggeri_mangler",
        title="Mangler og forsinkede udearealer i nye boliger",
        opened_on=date(2020, 8, 1),
        text="Beboerne flytter ind.",
        by=world.users["caseworker_ballerup"],
    )


def test_opening_a_case_with_text_starts_its_timeline(case, world):
    assert case.kommune == world.ballerup and case.status == "aaben"
    assert [e.text for e in case.entries.all()] == ["Beboerne flytter ind."]


def test_case_in_a_kommune_without_ties_is_refused(world):
    with pytest.raises(ValidationError, match="ligger ikke i"):
        services.open_case(
            department=world.lundebjerg,
            kommune=world.kbh,
            category="andet",
            title="x",
            opened_on=date(2021, 1, 1),
            by=None,
        )


def test_unknown_category_is_refused(world):
    with pytest.raises(ValidationError, match="kategori"):
        services.open_case(
            department=world.lundebjerg,
            category="bogus",
            title="x",
            opened_on=date(2021, 1, 1),
            by=None,
        )


def test_timeline_is_ordered_by_date(case):
    services.add_case_entry(case=case, date=date(2021, 6, 9), text="Beboermøde", by=None)
    services.add_case_entry(
        case=case, date=date(2020, 11, 1), text="Kompensation på tre måneders leje", by=None
    )
    assert [e.text for e in case.entries.all()] == [
        "Beboerne flytter ind.",
        "Kompensation på tre måneders leje",
        "Beboermøde",
    ]


def test_entry_before_the_case_opened_is_refused(case):
    with pytest.raises(ValidationError, match="før sagen blev oprettet"):
        services.add_case_entry(case=case, date=date(2019, 1, 1), text="x", by=None)


def test_closing_writes_to_the_timeline_and_blocks_new_entries(case):
    services.close_case(case=case, by=None, note="Mangler udbedret.")
    case.refresh_from_db()
    assert case.status == "lukket" and case.closed_on is not None
    assert case.entries.last().text == "Status ændret fra åben til lukket. Mangler udbedret."
    with pytest.raises(ValidationError, match="Sagen er lukket"):
        services.add_case_entry(case=case, date=date(2022, 1, 1), text="x", by=None)
    with pytest.raises(ValidationError, match="allerede status"):
        services.close_case(case=case, by=None)


def test_case_is_linked_to_an_agenda_item_once(case, meeting):
    item = meeting.items.get(key="sager")
    services.link_case_to_item(case=case, agenda_item=item)
    with pytest.raises(ValidationError, match="allerede knyttet"):
        services.link_case_to_item(case=case, agenda_item=item)


def test_case_cannot_be_linked_to_another_kommunes_meeting(case, kbh_meeting):
    with pytest.raises(ValidationError, match="anden kommune"):
        services.link_case_to_item(case=case, agenda_item=kbh_meeting.items.first())
