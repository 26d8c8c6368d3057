"""demo-data --today: the demo's years, packages, meetings and history follow the load date."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from styringsdialog.intake.models import DocumentationPackage, PackageStatus
from styringsdialog.meetings.models import AgreementEvent, Meeting, MeetingEvent
from styringsdialog.publication.models import PublishedReferat
from styringsdialog.registry.models import AccountLine

pytestmark = pytest.mark.django_db(transaction=False)
TODAY = date(2026, 12, 3)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    # One transaction for the module, rolled back at the end: a flush would also delete what
    # the migrations seed (the shipped kontoplan, the maksimumbeløb rates) for later tests.
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo_data", scale="small", today=TODAY, verbosity=0)
        yield
        transaction.set_rollback(True)


def test_accounting_years_are_the_five_ending_last_year(loaded):
    years = sorted(set(AccountLine.objects.values_list("year", flat=True)))
    assert years == [2021, 2022, 2023, 2024, 2025]


def test_this_years_packages_are_in_progress_not_years_late(loaded):
    current = DocumentationPackage.objects.filter(styringsaar=2026)
    assert current.exists()
    assert not DocumentationPackage.objects.filter(styringsaar__gt=2026).exists()
    submitted = current.exclude(submitted_at=None)
    assert submitted.count() >= 0.8 * current.count()
    # late submissions are a few weeks late at most (deadline 30 June 2026)
    assert all(
        p.submitted_at is not None and p.submitted_at.date() <= date(2026, 7, 31) for p in submitted
    )
    almenbo = current.get(organisation__name="Almenbo")
    assert almenbo.status == PackageStatus.REVIEWED


def test_this_years_meetings_are_partly_held_partly_planned(loaded):
    this_year = Meeting.objects.filter(styringsaar=2026)
    held = this_year.filter(status="held")
    planned = this_year.filter(status="planned")
    assert held.exists() and planned.exists()
    assert all(m.date < TODAY for m in held) and all(m.date >= TODAY for m in planned)
    seed = Meeting.objects.get(organisation__name="Almenbo", styringsaar=2021)
    assert seed.date == date(2021, 5, 27)
    assert timezone.localtime(seed.held_at).date() == date(2021, 5, 27)


def test_history_carries_past_timestamps(loaded):
    last = timezone.localtime(
        max(
            *AgreementEvent.objects.values_list("at", flat=True),
            *MeetingEvent.objects.values_list("at", flat=True),
        )
    )
    assert last.date() <= TODAY
    first = timezone.localtime(min(AgreementEvent.objects.values_list("at", flat=True)))
    assert first.date() == date(2021, 5, 27)  # the seed meeting's agreements
    seed_events = MeetingEvent.objects.filter(meeting__date=date(2021, 5, 27))
    assert {timezone.localtime(e.at).year for e in seed_events} == {2021}


def test_the_portal_has_three_years_of_referater(loaded):
    published = PublishedReferat.objects.all()
    years = set(published.values_list("styringsaar", flat=True))
    assert {2024, 2025, 2026} <= years
    kommuner = set(published.values_list("kommune__code", flat=True))
    assert {"151", "101"} <= kommuner and len(kommuner) >= 6  # every kommune of the small world
    assert all(timezone.localtime(p.first_published_at).date() <= TODAY for p in published)
