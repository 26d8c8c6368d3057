"""Writes of journal facts: one record's journal number, KLE and parties, and the kommune's
default KLE per kind. Caseworkers of the record's kommune and administrators only."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from almen.esdh import clean_journal_number, clean_kle
from styringsdialog.accounts.permissions import can_configure_kommune, can_write_meeting, scope_for
from styringsdialog.records.models import Kind, KleDefault, RecordChange, RecordInfo
from styringsdialog.records.queries import default_kle

PARTIES_MAX = 50
STALE = "Oplysningerne er ændret af en anden, siden du åbnede siden. Genindlæs siden, og prøv igen."


def _name(user: Any) -> str:
    return (user.get_full_name() or user.get_username()).strip() if user else ""


def _clean(fn: Any, value: str) -> str:
    try:
        return fn(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


def clean_parties(text: str) -> str:
    names = [" ".join(n.split()) for n in (text or "").splitlines() if n.strip()]
    if len(names) > PARTIES_MAX:
        raise ValidationError(f"Der kan højst angives {PARTIES_MAX} parter.")
    if any(len(n) > 200 for n in names):
        raise ValidationError("Et navn må højst være 200 tegn.")
    return "\n".join(dict.fromkeys(names))


@transaction.atomic
def update_record_info(
    *,
    kind: str,
    obj: Any,
    by: Any,
    journal_number: str,
    kle: str,
    parties: str | None = None,
    version: int | None = None,
) -> RecordInfo:
    """Set the journal number, KLE (NN.NN.NN [facet]) and — if given — the private parties of
    ``obj`` (a meeting, case, agreement … with ``kommune_id``). ``version`` is the one the
    editor saw (optimistic lock); every changed field is kept in the history."""
    if kind not in Kind.values:
        raise ValidationError("Ukendt type af post.")
    if not can_write_meeting(scope_for(by), obj):
        raise PermissionDenied("Kun kommunens sagsbehandlere kan ændre journaloplysningerne.")
    row, _ = RecordInfo.objects.select_for_update().get_or_create(
        kind=kind,
        object_id=obj.pk,
        defaults={"kommune_id": obj.kommune_id, "kle": default_kle(obj.kommune_id, kind)},
    )
    if version is not None and version != row.version:
        raise ValidationError(STALE)
    new = {
        "journal_number": _clean(clean_journal_number, journal_number),
        "kle": _clean(clean_kle, kle),
    }
    if parties is not None:
        new["parties"] = clean_parties(parties)
    changes = [
        RecordChange(
            record=row,
            by=by,
            by_name=_name(by),
            field=field,
            old_value=getattr(row, field),
            new_value=value,
        )
        for field, value in new.items()
        if getattr(row, field) != value
    ]
    if changes:
        for field, value in new.items():
            setattr(row, field, value)
        row.version += 1
        row.save()
        RecordChange.objects.bulk_create(changes)
    return row


@transaction.atomic
def set_kle_default(
    *, kommune: Any, kind: str, kle: str, by: Any, version: int | None = None
) -> KleDefault:
    if kind not in Kind.values:
        raise ValidationError("Ukendt type af post.")
    if not can_configure_kommune(scope_for(by), kommune.pk):
        raise PermissionDenied("Du har ikke ret til at ændre kommunens indstillinger.")
    row, _ = KleDefault.objects.select_for_update().get_or_create(kommune=kommune, kind=kind)
    if version is not None and version != row.version:
        raise ValidationError(STALE)
    value = _clean(clean_kle, kle)
    if value != row.kle:
        row.kle = value
        row.version += 1
        row.save()
    return row
