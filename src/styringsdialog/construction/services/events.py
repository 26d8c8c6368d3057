"""Events on a construction case (complaints, compensation, defects, meetings with residents,
registrations): add and edit; the kommune and the organisation's staff write them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from styringsdialog.accounts.permissions import can_add_construction_event, scope_for
from styringsdialog.construction.models import ConstructionCase, Event
from styringsdialog.construction.services.common import Conflict, _amount, _log, _text

EVENT_FIELDS = (
    "status",
    "months_of_rent",
    "amount",
    "paid_by",
    "decided_on",
    "recipient",
    "document",
)


def _event_values(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "status" in values:
        status = values["status"] or ""
        if status not in Event.Status.values:
            raise ValidationError("Ukendt status for hændelsen.")
        out["status"] = status
    if "months_of_rent" in values:
        months = _amount(values["months_of_rent"], "Måneders leje")
        if months is not None and months > 120:
            raise ValidationError("Måneders leje må højst være 120.")
        out["months_of_rent"] = months.quantize(Decimal("0.1")) if months is not None else None
    if "amount" in values:
        out["amount"] = _amount(values["amount"], "Beløbet")
    for name, label, length in (
        ("paid_by", "Betales af", 200),
        ("recipient", "Sendt til", 200),
        ("document", "Dokumentet", 500),
    ):
        if name in values:
            out[name] = _text(values[name], label, length, required=False)
    if "decided_on" in values:
        out["decided_on"] = values["decided_on"] or None
    return out


@transaction.atomic
def add_event(
    *, case: ConstructionCase, kind: str, date: date, text: str, by: Any, **values: Any
) -> Event:
    """A complaint, compensation, defect, meeting with residents or registration. The kommune
    and the organisation's staff may add events."""
    if by is not None and not can_add_construction_event(scope_for(by), case):
        raise PermissionDenied("Du har ikke ret til at tilføje hændelser til byggesagen.")
    if kind not in Event.Kind.values:
        raise ValidationError("Vælg hændelsens art.")
    unknown = set(values) - set(EVENT_FIELDS)
    if unknown:
        raise ValidationError(f"Ukendte felter: {', '.join(sorted(unknown))}.")
    fields = _event_values(kind, values)
    if kind == Event.Kind.DEFECT and not fields.get("status"):
        fields["status"] = Event.Status.OPEN
    event = Event.objects.create(
        case=case,
        kind=kind,
        date=date,
        text=_text(text, "Teksten", 10_000),
        created_by=by,
        **fields,
    )
    _log(
        case, by, f"{event.get_kind_display()} tilføjet", new=f"{date:%d.%m.%Y}: {event.text[:200]}"
    )
    ConstructionCase.objects.filter(pk=case.pk).update(updated_at=timezone.now())
    return event


@transaction.atomic
def update_event(*, event: Event, by: Any, version: int | None = None, **changes: Any) -> Event:
    """Change an event's status, text or compensation figures (optimistic lock)."""
    case = event.case
    if by is not None and not can_add_construction_event(scope_for(by), case):
        raise PermissionDenied("Du har ikke ret til at ændre hændelser i byggesagen.")
    fresh = Event.objects.select_for_update().get(pk=event.pk)
    if version is not None and version != fresh.version:
        raise Conflict("Hændelsen", fresh.version, version)
    unknown = set(changes) - {*EVENT_FIELDS, "text"}
    if unknown:
        raise ValidationError(f"Ukendte felter: {', '.join(sorted(unknown))}.")
    values = _event_values(fresh.kind, changes)
    if "text" in changes:
        values["text"] = _text(changes["text"], "Teksten", 10_000)
    changed = []
    for name, value in values.items():
        old = getattr(fresh, name)
        if old != value:
            label = str(getattr(Event._meta.get_field(name), "verbose_name", name))
            _log(
                case,
                by,
                f"{fresh.get_kind_display()} {fresh.date:%d.%m.%Y}: {label} ændret",
                "" if old is None else str(old),
                "" if value is None else str(value),
            )
            setattr(event, name, value)
            changed.append(name)
    if changed:
        event.version = fresh.version + 1
        event.save(update_fields=[*changed, "version"])
    return event
