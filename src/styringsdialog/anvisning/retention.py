"""The anvisning app's retention rule (``styringsdialog retention``; lib/retention.py).

Household references in the anvisning ledger (``LedgerEntry.household_ref``, never a CPR
number, but they point at a household) are emptied once the dwelling's outcome — or, without
an outcome date, the offer — is older than ``RETENTION_LEDGER_REFERENCE_DAYS`` (setting
``STYRINGSDIALOG_RETENTION_LEDGER_REFERENCE_DAYS``, default 5 years, at least 30 days). The
values in the row's history (``LedgerEvent`` of the field ``household_ref``) are emptied too.
The rest of the row (dwelling, dates, rent, vacancy rent, guarantee) stays: it is the basis of
the kommune's accounts with the organisation.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from styringsdialog.anvisning.models import LedgerEntry, LedgerEvent
from styringsdialog.lib.retention import register_retention_rule

FIELD = "household_ref"


def _old_references(cutoff: datetime):
    day = timezone.localdate(cutoff)
    return LedgerEntry.objects.filter(
        Q(outcome_on__lt=day) | Q(outcome_on__isnull=True, offered_on__lt=day)
    )


def anonymise_old_references(cutoff: datetime, dry_run: bool) -> int:
    """How many ledger rows had (or still have, in their history) a household reference."""
    entries = _old_references(cutoff)
    events = LedgerEvent.objects.filter(entry__in=entries, field=FIELD).exclude(
        old_value="", new_value=""
    )
    with_ref = entries.exclude(household_ref="")
    ids = set(with_ref.values_list("pk", flat=True)) | set(
        events.values_list("entry_id", flat=True)
    )
    if not dry_run and ids:
        with_ref.update(household_ref="")
        events.update(old_value="", new_value="")
    return len(ids)


def register() -> None:
    register_retention_rule(
        name="husstandsreferencer",
        description="husstandsreferencer i anvisningslisten fjernet",
        setting="RETENTION_LEDGER_REFERENCE_DAYS",
        apply=anonymise_old_references,
    )
