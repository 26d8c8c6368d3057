"""The package drives the meeting (issue 11 item 5): marking the dialogue meeting held records
it on the package (through ``registry.events``; meetings and intake do not import each other),
and the package's answers and lateness become briefing points with links."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from styringsdialog.intake import services as intake
from styringsdialog.intake.catalogue import ensure_demo_catalogue
from styringsdialog.intake.models import DocumentationPackage, PackageEvent, PackageStatus
from styringsdialog.intake.periods import lateness
from styringsdialog.intake.services.answers import save_answer
from styringsdialog.intake.tests.helpers import answer_all
from styringsdialog.meetings import services as meetings
from styringsdialog.meetings.briefing import briefing_points
from styringsdialog.registry import events

pytestmark = pytest.mark.django_db


@pytest.fixture
def package(world) -> DocumentationPackage:
    ensure_demo_catalogue()
    package = intake.create_package(organisation=world.almenbo, styringsaar=2025)
    answer_all(package)
    return package


def meeting_for(world, when: date):
    return meetings.create_meeting_from_template(
        kommune=world.ballerup,
        organisation=world.almenbo,
        styringsaar=2025,
        date=when,
        by=world.users["caseworker_ballerup"],
        place="Ballerup Rådhus",
    )


def test_marking_the_meeting_held_records_it_on_the_package(
    package, world, django_capture_on_commit_callbacks
):
    intake.submit_package(package=package, by=None)
    meeting = meeting_for(world, date(2025, 9, 1))
    with django_capture_on_commit_callbacks(execute=True):
        meetings.mark_meeting_held(meeting=meeting, by=world.users["caseworker_ballerup"])
    package.refresh_from_db()
    assert package.status == PackageStatus.MEETING_HELD
    assert package.meeting_held_on == date(2025, 9, 1)
    last = PackageEvent.objects.filter(package=package).last()
    assert last.note == "Markeret fra dialogmødet." and last.by.username == "torben"


def test_an_unsubmitted_package_is_left_alone_and_the_meeting_is_still_held(
    package, world, django_capture_on_commit_callbacks
):
    meeting = meeting_for(world, date(2025, 9, 1))
    with django_capture_on_commit_callbacks(execute=True):
        held = meetings.mark_meeting_held(meeting=meeting, by=None)
    assert held.is_held
    package.refresh_from_db()
    assert package.status == PackageStatus.CREATED


def test_a_failing_listener_does_not_stop_the_others(monkeypatch):
    seen = []
    monkeypatch.setattr(events, "_meeting_held", [lambda e: 1 / 0, seen.append])
    event = events.MeetingHeld(1, (1,), 2025, date(2025, 9, 1))
    events.meeting_held(event)
    assert seen == [event]


def test_nej_to_a_control_question_becomes_a_briefing_point_with_a_link(package, world):
    answer = save_answer(package=package, question_code="OEK1", value="nej", by=None, version=1)
    save_answer(
        package=package,
        question_code="LED3",
        value="nej",
        by=None,
        version=1,
        department_number="008",
    )
    points = [
        p for _, p in briefing_points(world.almenbo, 2025) if p.source == "styringsrapport-svar"
    ]
    assert [p.title for p in points] == [
        "Styringsrapporten OEK1: svaret er 'nej'",
        "Styringsrapporten LED3 (afd. 008 Lundebjerg): svaret er 'nej'",
    ]
    assert points[0].evidence_url == "/organisation/0151/dokumentationspakke/2025/#q-OEK1"
    assert "påtegning uden forbehold" in points[0].text and answer.version == 2
    assert points[1].department_ids == (world.lundebjerg.pk,)


def test_lateness_is_measured_against_the_deadline_and_the_correction_window():
    d_prov, d_formal = date(2025, 5, 31), date(2025, 6, 30)
    late = dict(deadline_provisional=d_prov, deadline_formal=d_formal, window_months=1)
    assert lateness(submitted_on=date(2025, 5, 20), today=date(2025, 9, 1), **late) is None
    code, text, days = lateness(submitted_on=date(2025, 6, 15), today=date(2025, 9, 1), **late)
    assert code == "korrektionsperiode" and "inden for korrektionsperioden til 30.06.2025" in text
    code, text, days = lateness(submitted_on=date(2025, 7, 10), today=date(2025, 9, 1), **late)
    assert (code, days) == ("for_sent", 10)
    code, _, days = lateness(submitted_on=None, today=date(2025, 7, 3), **late)
    assert (code, days) == ("ikke_indsendt", 3)
    wide = dict(late, window_months=3)  # a longer window moves the deadline that counts
    assert (
        lateness(submitted_on=date(2025, 7, 10), today=date(2025, 9, 1), **wide)[0]
        == "korrektionsperiode"
    )


def test_an_overdue_package_is_a_critical_briefing_point(package, world):
    DocumentationPackage.objects.filter(pk=package.pk).update(
        deadline_provisional=date.today() - timedelta(days=70),
        deadline_formal=date.today() - timedelta(days=40),
    )
    points = [
        p for _, p in briefing_points(world.almenbo, 2025) if p.source == "styringsrapport-frist"
    ]
    assert len(points) == 1 and points[0].severity == "critical"
    assert points[0].title == "Dokumentationspakken: ikke indsendt til tiden"
    assert points[0].evidence_url.endswith("/dokumentationspakke/2025/#status")
