"""Named reads that shape account lines and facts for pages and exports."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum

from styringsdialog.registry.models import Account, AccountLine, Department, DepartmentFact

FACT_LABELS = {
    "rent_per_m2": ("Husleje", "kr./m²/år"),
    "dwellings_total": ("Boliger", "stk."),
    "area_total": ("Bruttoetageareal", "m²"),
    "vacant_dwellings": ("Ledige boliger", "stk."),
    "moveout_rate_pct": ("Fraflytningsprocent", "%"),
    # per housing type (Department.HOUSING_TYPES): the year's key figures compare rent within the
    # type and weight by these when imported (benchmarking.queries.inputs.load_year)
    **{
        f"dwellings_{t}": (f"{label}, antal", "stk.")
        for t, label in Department.HOUSING_TYPE_LABELS.items()
    },
    **{
        f"area_{t}": (f"{label}, areal", "m²")
        for t, label in Department.HOUSING_TYPE_LABELS.items()
    },
}


@dataclass
class AccountRow:
    konto: str
    name: str
    amounts: list[Decimal | None]
    per_m2: list[Decimal | None]


@dataclass
class AccountTable:
    years: list[int]
    rows: list[AccountRow]
    totals: list[Decimal]
    source: str


def konto_sort_key(konto: str) -> tuple[int, int]:
    main, _, sub = konto.partition(".")
    return int(main), int(sub or 0)


def account_names() -> dict[str, str]:
    """konto → name from the newest chart of accounts."""
    names: dict[str, str] = {}
    for konto, name in Account.objects.order_by("chart__valid_from").values_list("konto", "name"):
        names[konto] = name
    return names


def account_table(department: Department, *, years: int = 5) -> AccountTable:
    """The department's last ``years`` accounting years as a konto × year table (kr. and kr./m²)."""
    lines = list(
        AccountLine.objects.filter(department=department).values_list(
            "year", "konto", "amount", "source__name"
        )
    )
    all_years = sorted({y for y, *_ in lines})[-years:]
    by_key = {(y, k): a for y, k, a, _ in lines}
    names = account_names()
    area = Decimal(department.area_total or 0)
    rows = []
    for konto in sorted({k for _, k, _, _ in lines}, key=konto_sort_key):
        amounts = [by_key.get((y, konto)) for y in all_years]
        per_m2 = [(a / area) if (a is not None and area) else None for a in amounts]
        rows.append(AccountRow(konto, names.get(konto, ""), amounts, per_m2))
    totals = [
        sum(((r.amounts[i] or Decimal(0)) for r in rows), Decimal(0)) for i in range(len(all_years))
    ]
    sources = sorted({s for *_, s in lines})
    return AccountTable(all_years, rows, totals, ", ".join(sources))


def fact_table(department: Department) -> list[tuple[str, str, dict[int, Decimal], str]]:
    """(label, unit, {year: value}, source names) per fact code."""
    facts: dict[str, dict[int, Decimal]] = {}
    sources: dict[str, set[str]] = {}
    for f in DepartmentFact.objects.filter(department=department).select_related("source"):
        facts.setdefault(f.code, {})[f.year] = f.value
        sources.setdefault(f.code, set()).add(f.source.name)
    out = []
    for code, values in facts.items():
        label, unit = FACT_LABELS.get(code, (code, ""))
        out.append((label, unit, values, ", ".join(sorted(sources[code]))))
    return out


def department_summary(departments: QuerySet[Department]) -> dict[str, Any]:
    """Count, dwellings, m² and area-weighted mean rent of ``departments``, in one query.

    ``{"n": int, "dwellings": int | None, "area": int | None, "mean_rent": Decimal | None}``;
    the mean is ``area_weighted_rent``'s (departments without rent or m² left out).
    """
    with_rent = Q(rent_per_m2__isnull=False, area_total__gt=0)
    agg = departments.aggregate(
        n=Count("pk"),
        dwellings=Sum("dwellings_total"),
        area=Sum("area_total"),
        rent=Sum(F("rent_per_m2") * F("area_total"), filter=with_rent),
        rent_area=Sum("area_total", filter=with_rent),
    )
    rent, rent_area = agg.pop("rent"), agg.pop("rent_area")
    agg["mean_rent"] = Decimal(rent) / Decimal(rent_area) if rent_area else None
    return agg


def area_weighted_rent(departments: QuerySet[Department]) -> Decimal | None:
    """Mean rent per m² weighted by each department's m² (departments without rent left out)."""
    agg = departments.filter(rent_per_m2__isnull=False, area_total__gt=0).aggregate(
        rent=Sum(F("rent_per_m2") * F("area_total")), area=Sum("area_total")
    )
    if not agg["area"]:
        return None
    return Decimal(agg["rent"]) / Decimal(agg["area"])
