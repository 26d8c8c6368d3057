"""Kvarterprofil of a department: resident indicators over the years (with diskretionering),
charts against the statutory thresholds, and the §61 a/§61 b status of its residential areas."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from almen import areas
from almen.formatting import format_number
from styringsdialog.accounts.permissions import can_import_official_areas, scope_for
from styringsdialog.registers.charts import indicator_svg
from styringsdialog.registers.models import ResidentIndicator
from styringsdialog.registers.queries import official_list_years, official_status
from styringsdialog.registers.services.residents import indicators_of
from styringsdialog.registry.queries import get_department_for_user

INDICATORS = (
    ("non_western_pct", "Indvandrere og efterkommere fra ikke-vestlige lande", "%"),
    ("unemployed_pct", "18–64-årige uden arbejde eller uddannelse", "%"),
    ("convicted_ratio", "Dømte i forhold til landsgennemsnittet", "×"),
    ("low_education_pct", "30–59-årige med alene grundskole", "%"),
    ("income_pct", "Bruttoindkomst i forhold til regionen", "%"),
)


@dataclass
class IndicatorRow:
    key: str
    label: str
    unit: str
    values: list[float | None]  # per year, None when suppressed or missing
    threshold: areas.Criterion | None
    chart: str


def _threshold(rules: areas.RuleSet, key: str) -> areas.Criterion | None:
    if rules.non_western and rules.non_western.key == key:
        return rules.non_western
    return next((c for c in rules.criteria if c.key == key), None)


def _area_context(department: Any) -> list[dict[str, Any]]:
    out = []
    for area in department.residential_areas.select_related("kommune"):
        classifications = list(area.classifications.order_by("list_year"))
        years = sorted({c.list_year for c in classifications} | set(official_list_years(area=area)))
        statuses = [official_status(area=area, list_year=y) for y in years]
        out.append(
            {
                "area": area,
                "latest": classifications[-1] if classifications else None,
                "history": classifications,
                "statuses": statuses,
                "status": statuses[-1] if statuses else None,
                "indicators": {i.year: i for i in area.indicators.all()},
            }
        )
    return out


def _series(years: list[int], values: list[float | None], unit: str) -> str:
    return "; ".join(
        f"{y}: " + ("ikke vist" if v is None else f"{format_number(v, 1)} {unit}")
        for y, v in zip(years, values, strict=True)
    )


def _describe(
    years: list[int],
    values: list[float | None],
    unit: str,
    threshold: areas.Criterion | None,
    area_series: list[float | None] | None,
) -> str:
    """The chart's text alternative: every value it draws (the table beside it has them too)."""
    text = f"Afdelingen: {_series(years, values, unit)}."
    if area_series is not None:
        text += f" Boligområdet: {_series(years, area_series, unit)}."
    if threshold is not None:
        text += f" Grænse: {threshold.describe()}."
    return text + " Y-aksen starter ved 0."


@login_required
def kvarterprofil(request: HttpRequest, org_number: str, number: str) -> HttpResponse:
    department = get_department_for_user(request.user, org_number, number)
    records = list(ResidentIndicator.objects.filter(department=department).order_by("year"))
    years = [r.year for r in records]
    hidden = {r.year: areas.suppressed(r.residents, r.households) for r in records}
    rules = areas.ruleset_for(max(years)) if years else areas.RULESET_2021
    area_ctx = _area_context(department)
    area_values = area_ctx[0]["indicators"] if area_ctx else {}
    rows = []
    for key, label, unit in INDICATORS:
        values = [None if hidden[r.year] else getattr(r, key) for r in records]
        threshold = _threshold(rules, key)
        area_series = (
            [getattr(area_values[y], key) if y in area_values else None for y in years]
            if area_values
            else None
        )
        chart = (
            indicator_svg(
                years=years,
                values=values,
                threshold=threshold.threshold if threshold else None,
                unit=unit,
                area_values=area_series,
                threshold_label=f"Grænse ({threshold.describe()})" if threshold else "",
                chart_id=f"chart-{key}",
                title=f"Linjediagram: {label} pr. år",
                description=_describe(years, values, unit, threshold, area_series),
            )
            if years
            else ""
        )
        rows.append(
            IndicatorRow(key, label, unit, values, threshold, mark_safe(chart))
        )  # our own SVG
    latest = records[-1] if records else None
    own = None
    if latest is not None and not hidden[latest.year]:
        own = areas.classify(indicators_of(latest), list_year=latest.year)
    context = {
        "department": department,
        "records": records,
        "record_rows": [(r, hidden[r.year]) for r in records],
        "years": years,
        "hidden": hidden,
        "rows": rows,
        "rules": rules,
        "areas": area_ctx,
        "own": own,
        "min_residents": areas.DISCRETION_MIN_RESIDENTS,
        "min_households": areas.DISCRETION_MIN_HOUSEHOLDS,
        "any_hidden": any(hidden.values()),
        "can_import_lists": can_import_official_areas(scope_for(request.user)),
    }
    return render(request, "registers/kvarterprofil.html", context)
