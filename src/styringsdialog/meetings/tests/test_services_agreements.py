"""Agreement lifecycle: legal and illegal transitions, who may do what, history, carry-over."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from styringsdialog.meetings import services
from styringsdialog.meetings.models import Agreement, AgreementEvent
from styringsdialog.meetings.services.agreements import TRANSITIONS, AgreementConflict

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(meeting, world) -> Agreement:
    return services.add_agreement(
        meeting=meeting,
        agenda_item=meeting.items.get(key="eventuelt"),
        text="Oplysningerne sendes til Almenbo",
        responsible_side="kommune",
        responsible_person="Torben",
        deadline=date(2021, 8, 1),
        departments=[world.lundebjerg],
        by=world.users["caseworker_ballerup"],
    )


@pytest.fixture
def org_agreement(meeting, world) -> Agreement:
    return services.add_agreement(
        meeting=meeting,
        text="Materialet om energitilskuddet sendes til Ballerup Kommune",
        responsible_side="organisation",
        by=world.users["caseworker_ballerup"],
    )


def test_new_agreement_is_agreed_and_its_creation_is_recorded(agreement, world):
    assert (
        agreement.status == "aftalt"
        and agreement.styringsaar == 2021
        and agreement.organisation == world.almenbo
    )
    event = agreement.events.get()
    assert (
        event.field == "oprettet"
        and event.by == world.users["caseworker_ballerup"]
        and event.by_name == "Torben"
    )


def test_department_of_another_organisation_is_refused(meeting, world):
    with pytest.raises(ValidationError, match="hører ikke til Almenbo"):
        services.add_agreement(
            meeting=meeting,
            text="x",
            responsible_side="kommune",
            departments=[world.noerrebro],
            by=None,
        )


def test_agreed_cannot_go_straight_to_closed(agreement, world):
    with pytest.raises(ValidationError) as exc:
        services.change_agreement_status(
            agreement=agreement, status="lukket", by=world.users["caseworker_ballerup"]
        )
    assert exc.value.messages == ["En aftale kan ikke gå fra 'aftalt' direkte til 'lukket'."]
    agreement.refresh_from_db()
    assert agreement.status == "aftalt" and agreement.events.count() == 1


def test_full_lifecycle_records_every_change(agreement, world):
    torben = world.users["caseworker_ballerup"]
    for status in ("i_gang", "opfyldt", "lukket"):
        services.change_agreement_status(
            agreement=agreement, status=status, by=torben, note=f"til {status}"
        )
    history = [(e.field, e.old_value, e.new_value, e.note) for e in agreement.events.all()]
    assert history[1:] == [
        ("status", "aftalt", "i gang", "til i_gang"),
        ("status", "i gang", "opfyldt", "til opfyldt"),
        ("status", "opfyldt", "lukket", "til lukket"),
    ]


def test_closed_agreement_cannot_change(agreement):
    for status in ("opfyldt", "lukket"):
        services.change_agreement_status(agreement=agreement, status=status, by=None)
    with pytest.raises(ValidationError, match="lukket og kan ikke ændres"):
        services.change_agreement_status(agreement=agreement, status="i_gang", by=None)


def test_unknown_status_is_refused(agreement):
    with pytest.raises(ValidationError, match="Ukendt status"):
        services.change_agreement_status(agreement=agreement, status="færdig", by=None)


def test_same_status_with_a_note_is_a_progress_report(org_agreement, world):
    services.change_agreement_status(
        agreement=org_agreement, status="i_gang", by=world.users["almenbo_staff"]
    )
    services.change_agreement_status(
        agreement=org_agreement,
        status="i_gang",
        by=world.users["almenbo_staff"],
        note="Arkitekten er kontaktet",
    )
    event = org_agreement.events.last()
    assert (
        event.field == "bemærkning"
        and event.note == "Arkitekten er kontaktet"
        and event.by_name == "Claus"
    )


def test_same_status_without_a_note_is_refused(agreement):
    with pytest.raises(ValidationError, match="har allerede status 'aftalt'"):
        services.change_agreement_status(agreement=agreement, status="aftalt", by=None)


def test_organisation_staff_may_not_decide_fulfilment(org_agreement, world):
    claus = world.users["almenbo_staff"]
    with pytest.raises(PermissionDenied, match="Kommunen vurderer"):
        services.change_agreement_status(agreement=org_agreement, status="opfyldt", by=claus)
    services.change_agreement_status(agreement=org_agreement, status="i_gang", by=claus)
    assert org_agreement.status == "i_gang"


def test_organisation_staff_may_not_touch_the_kommunes_agreements(agreement, world):
    with pytest.raises(PermissionDenied):
        services.change_agreement_status(
            agreement=agreement, status="i_gang", by=world.users["almenbo_staff"]
        )


@pytest.mark.parametrize("persona", ["other_org_staff", "caseworker_kbh", "analyst"])
def test_outsiders_may_not_change_agreements(org_agreement, world, persona):
    with pytest.raises(PermissionDenied):
        services.change_agreement_status(
            agreement=org_agreement, status="i_gang", by=world.users[persona]
        )


def test_carry_over_creates_a_linked_copy_for_next_year(agreement, world):
    torben = world.users["caseworker_ballerup"]
    services.change_agreement_status(agreement=agreement, status="delvist_opfyldt", by=torben)
    services.change_agreement_status(
        agreement=agreement, status="videreført", by=torben, note="Mangler m²"
    )
    agreement.refresh_from_db()
    copy = agreement.carried_to.get()
    assert agreement.status == "videreført"
    assert (copy.styringsaar, copy.status, copy.text, copy.carried_from) == (
        2022,
        "aftalt",
        agreement.text,
        agreement,
    )
    assert list(copy.departments.all()) == [world.lundebjerg]
    assert agreement.events.last().note == "Mangler m²"
    assert "Videreført fra 2021" in copy.events.get().note


def test_fulfilled_agreements_are_not_carried_over(agreement):
    services.change_agreement_status(agreement=agreement, status="opfyldt", by=None)
    with pytest.raises(ValidationError, match="'opfyldt' direkte til 'videreført'"):
        services.change_agreement_status(agreement=agreement, status="videreført", by=None)
    with pytest.raises(ValidationError, match="Kun delvist eller ikke opfyldte"):
        services.carry_over_agreement(agreement=agreement, by=None)


def test_update_writes_one_event_per_changed_field(agreement, world):
    services.update_agreement(
        agreement=agreement,
        by=world.users["caseworker_ballerup"],
        deadline=date(2021, 9, 1),
        responsible_person="Torben",
        note="Ny frist",
    )
    event = agreement.events.last()
    assert (event.field, event.old_value, event.new_value, event.note) == (
        "frist",
        "01.08.2021",
        "01.09.2021",
        "Ny frist",
    )
    assert agreement.events.count() == 2


def test_every_status_change_bumps_the_version_and_is_recorded(agreement, world):
    torben = world.users["caseworker_ballerup"]
    services.change_agreement_status(agreement=agreement, status="i_gang", by=torben, version=0)
    services.change_agreement_status(agreement=agreement, status="opfyldt", by=torben)
    agreement.refresh_from_db()
    assert agreement.version == 2
    services.change_agreement_status(
        agreement=agreement, status="opfyldt", by=torben, note="Kun en bemærkning", version=2
    )
    agreement.refresh_from_db()
    assert agreement.version == 2  # a progress note changes no field
    fields = [e.field for e in agreement.events.all()]
    assert fields == ["oprettet", "status", "status", "bemærkning"]


def test_an_edit_begun_before_a_status_change_is_a_conflict(agreement, world):
    torben = world.users["caseworker_ballerup"]
    read = agreement.version
    services.change_agreement_status(agreement=agreement, status="i_gang", by=torben)
    with pytest.raises(AgreementConflict, match="ændret af en anden"):
        services.update_agreement(agreement=agreement, by=torben, text="Gammel", version=read)
    agreement.refresh_from_db()
    assert agreement.text == "Oplysningerne sendes til Almenbo"


def test_a_stale_version_refuses_the_status_change_and_writes_nothing(agreement, world):
    torben = world.users["caseworker_ballerup"]
    services.update_agreement(agreement=agreement, by=torben, text="Ny tekst", version=0)
    before = agreement.events.count()
    with pytest.raises(AgreementConflict) as exc:
        services.change_agreement_status(agreement=agreement, status="i_gang", by=torben, version=0)
    assert (exc.value.stored, exc.value.yours) == (1, 0)
    agreement.refresh_from_db()
    assert agreement.status == "aftalt" and agreement.version == 1
    assert agreement.events.count() == before


def test_carry_over_bumps_the_closed_agreements_version(agreement):
    services.change_agreement_status(agreement=agreement, status="ikke_opfyldt", by=None)
    copy = services.carry_over_agreement(agreement=agreement, by=None)
    agreement.refresh_from_db()
    assert agreement.status == "videreført" and agreement.version == 2 and copy.version == 0


def test_only_services_write_events(agreement):
    before = AgreementEvent.objects.count()
    Agreement.objects.filter(pk=agreement.pk).update(
        text="ændret direkte"
    )  # bypassing services leaves no trace
    assert AgreementEvent.objects.count() == before


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(list(Agreement.Status.values)), max_size=6))
def test_any_sequence_of_moves_follows_the_transition_table(agreement, moves):
    agreement = Agreement.objects.get(pk=agreement.pk)
    expected_status, changes = agreement.status, agreement.events.count()
    for move in moves:
        legal = move != expected_status and move in TRANSITIONS[expected_status]
        try:
            services.change_agreement_status(agreement=agreement, status=move, by=None, note="n")
        except ValidationError:
            assert not legal or move == expected_status
            continue
        if move == expected_status:
            changes += 1  # progress note
            continue
        assert legal
        expected_status = move
        changes += 1
    agreement.refresh_from_db()
    assert agreement.status == expected_status
    assert agreement.events.count() == changes
