"""The anvisning retention rule: household references in the ledger (and in the row's history)
are emptied once the outcome is older than RETENTION_LEDGER_REFERENCE_DAYS; a dry run only
counts; recent references and the rest of the row are kept; the privacy page lists the rule."""

from __future__ import annotations

import io
import json
from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from styringsdialog.anvisning import services
from styringsdialog.anvisning.models import LedgerEntry, LedgerEvent
from styringsdialog.anvisning.retention import anonymise_old_references
from styringsdialog.anvisning.tests.conftest import make_anvisning
from styringsdialog.lib.retention import retention_rules

pytestmark = pytest.mark.django_db


def _cutoff(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12))


@pytest.fixture
def ledger(world):
    anv = make_anvisning(world)  # H-2023-017, outcome 5 January 2024
    by = world.users["caseworker_ballerup"]
    services.update_entry(entry=anv.entry, household_ref="H-2023-018", by=by)
    recent = services.add_entry(
        kommune=world.ballerup,
        department=world.kirstinelund,
        dwelling="0520",
        offered_on=date(2025, 3, 1),
        outcome="anvist",
        outcome_on=date(2025, 4, 1),
        household_ref="H-2025-001",
        by=by,
    )
    return anv.entry, recent


def test_rule_is_registered_with_its_setting(settings):
    rule = next(r for r in retention_rules() if r.name == "husstandsreferencer")
    assert rule.setting == "RETENTION_LEDGER_REFERENCE_DAYS"
    assert settings.RETENTION_LEDGER_REFERENCE_DAYS == 5 * 365
    settings.RETENTION_LEDGER_REFERENCE_DAYS = 40
    assert rule.days == 40


def test_dry_run_counts_and_real_run_anonymises(ledger):
    old, recent = ledger
    cutoff = _cutoff(date(2025, 1, 1))
    assert anonymise_old_references(cutoff, True) == 1
    old.refresh_from_db()
    assert old.household_ref == "H-2023-018"
    assert anonymise_old_references(cutoff, False) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.household_ref == "" and old.rent > 0 and old.outcome_on == date(2024, 1, 5)
    assert recent.household_ref == "H-2025-001"
    history = LedgerEvent.objects.filter(entry=old, field="household_ref")
    assert history.exists()
    assert not history.exclude(old_value="", new_value="").exists()
    assert "H-2023" not in " ".join(
        LedgerEvent.objects.filter(entry=old).values_list("new_value", flat=True)
    )
    assert anonymise_old_references(cutoff, False) == 0


def test_the_retention_command_runs_the_rule(ledger, settings):
    settings.RETENTION_LEDGER_REFERENCE_DAYS = 30
    out = io.StringIO()
    call_command("retention", "--dry-run", "--json", stdout=out)
    counts = {r["regel"]: r["antal"] for r in json.loads(out.getvalue())}
    assert counts["husstandsreferencer"] == 2  # both outcomes are older than 30 days
    assert LedgerEntry.objects.exclude(household_ref="").count() == 2
    out = io.StringIO()
    call_command("retention", "--json", stdout=out)
    assert not LedgerEntry.objects.exclude(household_ref="").exists()


def test_privacy_page_lists_the_rule(settings):
    settings.RETENTION_LEDGER_REFERENCE_DAYS = 5 * 365
    page = Client().get("/privatliv/").content.decode()
    assert "Husstandsreferencer i anvisningslisten fjernet" in page
