"""intake.demo.load_demo: packages for every organisation and styringsår, mixed statuses, Almenbo."""

from __future__ import annotations

import time
from datetime import date
from types import SimpleNamespace

import pytest

from styringsdialog.intake.demo import load_demo
from styringsdialog.intake.models import Answer, DocumentationPackage, PackageStatus
from styringsdialog.lib.clock import frozen_at

pytestmark = pytest.mark.django_db
WORLD = SimpleNamespace(years=(2020, 2021, 2022, 2023, 2024))


def test_it_creates_packages_2021_to_2025_with_almenbo_2021_meeting_held(world):
    started = time.perf_counter()
    with frozen_at(date(2025, 3, 1)):  # before the 2025 deadline: that package is only created
        load_demo(world=WORLD, progress=None)
    assert time.perf_counter() - started < 3
    almenbo = {
        p.styringsaar: p for p in DocumentationPackage.objects.filter(organisation=world.almenbo)
    }
    assert sorted(almenbo) == [2021, 2022, 2023, 2024, 2025]
    first = almenbo[2021]
    assert first.status == PackageStatus.MEETING_HELD and first.meeting_held_on == date(2021, 5, 27)
    assert [e.to_status for e in first.events.all()] == [
        "oprettet",
        "indsendt",
        "gennemgaaet",
        "moede_afholdt",
    ]
    assert almenbo[2025].status == PackageStatus.CREATED
    assert (
        Answer.objects.filter(package=first, department__isnull=False).count() == 3 * 2
    )  # two departments in the test world
    assert Answer.objects.filter(package=first, department__isnull=True).count() == 10


def test_it_runs_once(world):
    load_demo(world=WORLD, progress=None)
    count = DocumentationPackage.objects.count()
    load_demo(world=WORLD, progress=None)
    assert DocumentationPackage.objects.count() == count


def test_the_current_year_is_in_progress_on_the_load_date(world):
    """Loaded on 3 December 2026 the newest styringsår (2025 here) is mostly submitted; no
    package is submitted after the load date, and late ones are weeks late, not years."""
    with frozen_at(date(2025, 7, 20)):
        load_demo(world=WORLD, progress=None)
    newest = DocumentationPackage.objects.filter(styringsaar=2025)
    assert all(p.submitted_at is None or p.submitted_at.date() <= date(2025, 7, 20) for p in newest)
    assert all(e.at.date() <= date(2025, 7, 20) for p in newest for e in p.events.all())
    almenbo = newest.get(organisation=world.almenbo)
    assert almenbo.status == PackageStatus.REVIEWED  # the meeting is still to come
