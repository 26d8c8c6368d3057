"""Construction cases: open (about an existing department or a new one), edit the title and
figures (optimistic lock), close."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from almen import construction as calc
from styringsdialog.accounts.permissions import scope_for
from styringsdialog.construction.models import ConstructionCase
from styringsdialog.construction.services.common import (
    Conflict,
    _amount,
    _log,
    _require_kommune,
    _text,
)
from styringsdialog.registry.models import Department, Kommune, Organisation

EDITABLE = (
    "title",
    "kind",
    "housing_type",
    "rate_region",
    "dwellings",
    "area_m2",
    "loan_amount",
    "property_value",
    "prior_debt",
    "responsible",
    "description",
    "new_department_name",
)


def _validate_case_fields(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    if "title" in out:
        out["title"] = _text(out["title"], "Titlen", 300)
    if "kind" in out and out["kind"] not in calc.KINDS:
        raise ValidationError("Vælg sagens art.")
    if "housing_type" in out and out["housing_type"] not in calc.HOUSING_TYPES:
        raise ValidationError("Vælg boligtype.")
    if "rate_region" in out:
        out["rate_region"] = out["rate_region"] or ""
        if out["rate_region"] not in calc.RATE_REGIONS:
            raise ValidationError("Ukendt område for maksimumbeløbet.")
    if "dwellings" in out:
        try:
            out["dwellings"] = int(out["dwellings"] or 0)
        except (TypeError, ValueError):
            raise ValidationError("Antal boliger skal være et helt tal.") from None
        if not 0 <= out["dwellings"] <= 100_000:
            raise ValidationError("Antal boliger skal være mellem 0 og 100.000.")
    if "area_m2" in out:
        area = _amount(out["area_m2"], "Boligarealet", allow_none=False)
        if area is not None and area > 10_000_000:
            raise ValidationError("Boligarealet er for stort.")
        out["area_m2"] = area.quantize(Decimal("0.1")) if area is not None else area
    for name, label in (
        ("loan_amount", "Lånet"),
        ("property_value", "Ejendomsværdien"),
    ):
        if name in out:
            out[name] = _amount(out[name], label)
    if "prior_debt" in out:
        out["prior_debt"] = _amount(out["prior_debt"], "Forudgående lån") or Decimal(0)
    for name, label, length in (
        ("responsible", "Ansvarlig", 200),
        ("description", "Beskrivelsen", 10_000),
        ("new_department_name", "Navnet på den nye afdeling", 200),
    ):
        if name in out:
            out[name] = _text(out[name], label, length, required=False)
    return out


@transaction.atomic
def open_construction_case(
    *,
    kommune: Kommune,
    organisation: Organisation,
    kind: str,
    title: str,
    by: Any,
    department: Department | None = None,
    new_department_name: str = "",
    opened_on: date | None = None,
    **figures: Any,
) -> ConstructionCase:
    """A new case about an existing department, or a new one (``new_department_name``)."""
    if department is not None:
        if department.organisation_id != organisation.pk:
            raise ValidationError(
                f"Afdelingen {department.name} hører ikke til {organisation.name}."
            )
        if kommune.pk not in (department.kommune_id, organisation.home_kommune_id):
            raise ValidationError(f"Afdelingen {department.name} ligger ikke i {kommune.name}.")
    else:
        if not (new_department_name or "").strip():
            raise ValidationError("Vælg en afdeling, eller skriv navnet på den nye afdeling.")
        if (
            kommune.pk != organisation.home_kommune_id
            and not organisation.departments.filter(kommune=kommune).exists()
        ):
            raise ValidationError(
                f"{organisation.name} har ikke hjemsted eller afdelinger i {kommune.name}."
            )
    unknown = set(figures) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"Ukendte felter: {', '.join(sorted(unknown))}.")
    values = _validate_case_fields(
        {"title": title, "kind": kind, "new_department_name": new_department_name, **figures}
    )
    if by is not None and not scope_for(by).can_write_kommune(kommune.pk):
        raise PermissionDenied("Kun kommunens sagsbehandlere kan oprette byggesager.")
    case = ConstructionCase.objects.create(
        kommune=kommune,
        organisation=organisation,
        department=department,
        opened_on=opened_on or timezone.localdate(),
        created_by=by,
        **values,
    )
    _log(case, by, "Byggesagen er oprettet", new=case.title)
    return case


@transaction.atomic
def update_construction_case(
    *, case: ConstructionCase, by: Any, version: int | None = None, **changes: Any
) -> ConstructionCase:
    """Change the title or figures; ``version`` is the version the writer read."""
    _require_kommune(by, case)
    fresh = ConstructionCase.objects.select_for_update().get(pk=case.pk)
    if version is not None and version != fresh.version:
        raise Conflict("Byggesagen", fresh.version, version)
    if fresh.status == ConstructionCase.Status.CLOSED:
        raise ValidationError("Byggesagen er lukket.")
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"Ukendte felter: {', '.join(sorted(unknown))}.")
    values = _validate_case_fields(changes)
    changed = []
    for name, value in values.items():
        old = getattr(fresh, name)
        if old != value:
            label = str(getattr(ConstructionCase._meta.get_field(name), "verbose_name", name))
            _log(
                case,
                by,
                f"{label.capitalize()} ændret",
                "" if old is None else str(old),
                str(value),
            )
            setattr(case, name, value)
            changed.append(name)
    if changed:
        case.version = fresh.version + 1
        case.save(update_fields=[*changed, "version", "updated_at"])
    return case


@transaction.atomic
def close_construction_case(*, case: ConstructionCase, by: Any, note: str = "") -> ConstructionCase:
    _require_kommune(by, case)
    if case.status == ConstructionCase.Status.CLOSED:
        raise ValidationError("Byggesagen er allerede lukket.")
    case.status = ConstructionCase.Status.CLOSED
    case.version += 1
    case.save(update_fields=["status", "version", "updated_at"])
    _log(case, by, "Byggesagen er lukket", new=_text(note, "Noten", 2000, required=False))
    return case
