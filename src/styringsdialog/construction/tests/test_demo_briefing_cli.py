"""The demo's Lundebjerg story (linked to the seed referat's item 4), the briefing source and
the CLI verb ``byggesag``."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from almen import synth
from styringsdialog.construction.demo import LUNDEBJERG_TITLE
from styringsdialog.construction.demo import load_demo as load_construction
from styringsdialog.construction.models import ConstructionCase
from styringsdialog.construction.queries import case_checks
from styringsdialog.demo.users import create_demo_users, demo_users
from styringsdialog.meetings.briefing import target_key
from styringsdialog.meetings.demo import load_demo as load_meetings
from styringsdialog.registry.briefing import collect_briefing
from styringsdialog.registry.services import load_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(fast_password_hashing):
    world = synth.generate(seed=2021, scale="small")
    load_world(world, source_name="test")
    other = next(o.number for o in world.organisations if o.home_kommune != "151")
    create_demo_users(demo_users(synth.ALMENBO_NUMBER, other))
    load_meetings(world=world, progress=None)
    return load_construction(world=world, progress=None)


def test_lundebjerg_story_from_the_seed(demo):
    case = demo
    assert case.title == LUNDEBJERG_TITLE
    kinds = dict(case.milestones.values_list("kind", "date"))
    assert kinds["ibrugtagning"] == date(2020, 8, 1)
    assert kinds["skema_a"] < kinds["skema_b"] < kinds["ibrugtagning"] < kinds["skema_c"]
    events = list(case.events.values_list("kind", flat=True))
    assert events.count("mangel") == 4 and "kompensation" in events and "registrering" in events
    compensation = case.events.get(kind="kompensation")
    assert compensation.months_of_rent == 3
    assert case.events.get(kind="registrering").recipient == "Geodatastyrelsen"
    assert case.events.get(kind="beboermoede").date == date(2021, 6, 9)
    item = case.agenda_items.get()
    assert (item.meeting.date, item.key) == (date(2021, 5, 27), "sager")
    assert case.cases.count() >= 2  # the meetings app's Lundebjerg cases
    checks = case_checks(case)
    assert checks.maximum is not None and not checks.overrun
    assert checks.next_milestone == "eftersyn_5"
    assert load_construction(world=None, progress=None) is None  # idempotent
    assert ConstructionCase.objects.count() == 3


def test_briefing_points_and_placement(demo):
    almenbo = demo.organisation
    points = [p for p in collect_briefing(almenbo, 2026) if p.source == "byggesager"]
    assert len(points) == 3
    assert target_key("byggesager") == "sager"
    over = [p for p in points if p.severity == "warning"]
    assert len(over) == 1 and "overstiger" in over[0].text
    assert any("garanti" in p.text for p in points)


def _run(*args: str) -> str:
    out = StringIO()
    call_command("byggesag", *args, stdout=out)
    return out.getvalue()


def test_cli_list_show_create_milestone_event_checks(world, rate):
    create = json.loads(
        _run(
            "create",
            "151",
            "0151",
            "--department",
            "008",
            "--kind",
            "nybyggeri",
            "--title",
            "Nye boliger",
            "--dwellings",
            "40",
            "--area",
            "3600",
            "--as",
            "torben",
            "--json",
        )
    )
    pk = str(create["id"])
    assert "Nye boliger" in _run("list", "--as", "claus")
    assert _run("list", "--as", "karin") == "Ingen byggesager.\n"
    with pytest.raises(CommandError, match="først godkendes efter"):
        _run("milestone", pk, "skema_b", "--date", "2025-01-01", "--amount", "1", "--as", "torben")
    with pytest.raises(CommandError, match="læseadgang"):
        _run("milestone", pk, "skema_a", "--date", "2025-01-01", "--amount", "1", "--as", "claus")
    today = timezone.localdate().isoformat()
    _run("milestone", pk, "skema_a", "--date", today, "--amount", "90000000", "--as", "torben")
    assert "er tilføjet" in _run(
        "event", pk, "mangel", "--date", today, "--text", "Fugt", "--as", "claus"
    )
    assert "Skema A" in _run("show", pk, "--as", "claus")
    checks = _run("checks", pk, "--as", "torben")
    assert "Maksimumbeløb" in checks and "Kommunal grundkapital" in checks
    with pytest.raises(CommandError, match="findes ikke"):
        _run("show", pk, "--as", "karin")
    with pytest.raises(CommandError, match="ÅÅÅÅ-MM-DD"):
        _run("event", pk, "andet", "--date", "1/2", "--text", "x", "--as", "torben")
