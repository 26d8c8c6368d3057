"""The maksimumbeløb rate table: add and change rows (administrators), the seeded rows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from almen import construction as calc
from styringsdialog.accounts.permissions import can_edit_construction_rates, scope_for
from styringsdialog.construction.models import MaximumRate, RateChange
from styringsdialog.construction.services.common import Conflict, _amount, _name, _text


def _rate_dict(rate: MaximumRate) -> dict[str, Any]:
    return {
        "year": rate.year,
        "housing_type": rate.housing_type,
        "region": rate.region,
        "per_dwelling": str(rate.per_dwelling),
        "per_m2": str(rate.per_m2),
        "source": rate.source,
        "confirmed": rate.confirmed,
    }


def _rate_values(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    if "year" in out:
        year = int(out["year"])
        if not 2004 <= year <= 2100:
            raise ValidationError("Året skal ligge mellem 2004 og 2100.")
        out["year"] = year
    if "housing_type" in out and out["housing_type"] not in calc.HOUSING_TYPES:
        raise ValidationError("Vælg boligtype.")
    if "region" in out:
        out["region"] = out["region"] or ""
        if out["region"] not in calc.RATE_REGIONS:
            raise ValidationError("Ukendt område.")
    if "per_dwelling" in out:
        out["per_dwelling"] = _amount(out["per_dwelling"], "Kr. pr. bolig") or Decimal(0)
    if "per_m2" in out:
        out["per_m2"] = _amount(out["per_m2"], "Kr. pr. m²", allow_none=False)
    if "source" in out:
        out["source"] = _text(out["source"], "Kilden", 2000)
    if "confirmed" in out:
        out["confirmed"] = bool(out["confirmed"])
    return out


def _check_rate_shape(year: int, housing_type: str, region: str, per_dwelling: Decimal) -> None:
    if year >= calc.PER_DWELLING_FROM and region:
        raise ValidationError(
            f"Fra {calc.PER_DWELLING_FROM} gælder satserne hele landet (intet område)."
        )
    if year < calc.PER_DWELLING_FROM and not region:
        raise ValidationError(
            f"Før {calc.PER_DWELLING_FROM} er satserne regionale: vælg et område."
        )
    if per_dwelling and (year < calc.PER_DWELLING_FROM or housing_type == "aeldre"):
        raise ValidationError("Kr. pr. bolig gælder kun familie- og ungdomsboliger fra 2024.")


@transaction.atomic
def save_rate(
    *, by: Any, rate: MaximumRate | None = None, version: int | None = None, **values: Any
) -> MaximumRate:
    """Add a row to the rate table (``rate=None``) or change one (``version`` as read)."""
    if by is not None and not can_edit_construction_rates(scope_for(by)):
        raise PermissionDenied("Kun en administrator kan ændre satserne.")
    values = _rate_values(values)
    if rate is None:
        missing = {"year", "housing_type", "per_m2", "source"} - set(values)
        if missing:
            raise ValidationError(f"Mangler: {', '.join(sorted(missing))}.")
        _check_rate_shape(
            values["year"],
            values["housing_type"],
            values.get("region", ""),
            values.get("per_dwelling", 0),
        )
        if MaximumRate.objects.filter(
            year=values["year"],
            housing_type=values["housing_type"],
            region=values.get("region", ""),
        ).exists():
            raise ValidationError(
                "Der findes allerede en sats for det år, den boligtype og det område."
            )
        rate = MaximumRate.objects.create(**values)
        RateChange.objects.create(
            rate=rate,
            label=str(rate),
            by=by,
            by_name=_name(by),
            action="oprettet",
            new=_rate_dict(rate),
        )
        return rate
    fresh = MaximumRate.objects.select_for_update().get(pk=rate.pk)
    if version is not None and version != fresh.version:
        raise Conflict("Satsen", fresh.version, version)
    old = _rate_dict(fresh)
    for name, value in values.items():
        setattr(fresh, name, value)
    _check_rate_shape(fresh.year, fresh.housing_type, fresh.region, fresh.per_dwelling)
    if (
        MaximumRate.objects.filter(
            year=fresh.year, housing_type=fresh.housing_type, region=fresh.region
        )
        .exclude(pk=fresh.pk)
        .exists()
    ):
        raise ValidationError(
            "Der findes allerede en sats for det år, den boligtype og det område."
        )
    if _rate_dict(fresh) != old:
        fresh.version += 1
        fresh.save()
        RateChange.objects.create(
            rate=fresh,
            label=str(fresh),
            by=by,
            by_name=_name(by),
            action="ændret",
            old=old,
            new=_rate_dict(fresh),
        )
    return fresh


@transaction.atomic
def ensure_seed_rates() -> int:
    """The confirmed rows of ``almen.construction.SEED_RATES`` that are missing (idempotent)."""
    created = 0
    for r in calc.SEED_RATES:
        _, new = MaximumRate.objects.get_or_create(
            year=r.year,
            housing_type=r.housing_type,
            region=r.region,
            defaults={"per_dwelling": r.per_dwelling, "per_m2": r.per_m2, "source": r.source},
        )
        created += new
    return created
