"""Resident indicators (beboerdata) and §61 a/§61 b classification of residential areas."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q

from almen import areas
from almen import registers as R
from almen.registers import RowError
from styringsdialog.lib.bulk import insert_rows
from styringsdialog.registers.models import (
    AreaClassification,
    RegisterSnapshot,
    ResidentialArea,
    ResidentIndicator,
    Source,
)
from styringsdialog.registers.services import ImportFailed, _check_new, _parse
from styringsdialog.registry.models import Department, Kommune


def import_beboerdata(
    *, data: bytes, file_name: str, by: Any = None, note: str = ""
) -> RegisterSnapshot:
    """Import resident indicators (format: ``almen.registers.beboerdata``). Department rows must
    name departments in the registry; area rows create or update the area. Figures already
    stored for the same department or area and year are replaced; every area in the file is
    classified again for all its years."""
    errors: list[RowError] = []
    digest = _check_new(Source.BEBOERDATA, data, file_name, errors)
    rows = _parse(errors, R.parse_resident_rows, data, file=file_name) or []
    depts = {
        (o, n): (pk, k)
        for o, n, pk, k in Department.objects.values_list(
            "organisation__number", "number", "pk", "kommune__code"
        )
    }
    kommuner = dict(Kommune.objects.values_list("code", "pk"))
    for r in rows:
        if r.kommune_code not in kommuner:
            errors.append(
                RowError(file_name, r.row, "kommunekode", f"Ukendt kommunekode {r.kommune_code!r}.")
            )
        if r.level == "afdeling":
            found = depts.get((r.org_number or "", r.dept_number or ""))
            if found is None:
                errors.append(
                    RowError(
                        file_name,
                        r.row,
                        "afd_nr",
                        f"Afdeling {r.org_number}-{r.dept_number} findes ikke i registret.",
                    )
                )
            elif found[1] != r.kommune_code:
                errors.append(
                    RowError(
                        file_name,
                        r.row,
                        "kommunekode",
                        f"Afdeling {r.org_number}-{r.dept_number} ligger i kommune {found[1]}.",
                    )
                )
    if errors:
        raise ImportFailed(errors)
    return store_resident_rows(
        rows=rows, file_name=file_name, sha256=digest, size=len(data), note=note, by=by
    )


def store_resident_rows(
    *,
    rows: Iterable[R.ResidentRow],
    file_name: str,
    sha256: str,
    size: int = 0,
    note: str = "",
    by: Any = None,
) -> RegisterSnapshot:
    """Store checked resident rows as a snapshot and classify the areas they touch."""
    rows = list(rows)
    depts = {
        (o, n): pk
        for o, n, pk in Department.objects.values_list("organisation__number", "number", "pk")
    }
    kommuner = dict(Kommune.objects.values_list("code", "pk"))
    with transaction.atomic():
        snapshot = RegisterSnapshot.objects.create(
            source=Source.BEBOERDATA,
            reference_date=_reference(rows),
            file_name=file_name,
            sha256=sha256,
            size=size,
            rows=len(rows),
            coverage=sorted({r.kommune_code for r in rows}),
            note=note,
            imported_by=by,
        )
        area_ids = _ensure_areas(rows, kommuner)
        members: dict[int, set[int]] = {}
        indicators = []
        for r in rows:
            dept = (
                depts.get((r.org_number or "", r.dept_number or ""))
                if r.level == "afdeling"
                else None
            )
            area = area_ids[r.area_code] if r.level == "omraade" and r.area_code else None
            if dept and r.area_code and r.area_code in area_ids:
                members.setdefault(area_ids[r.area_code], set()).add(dept)
            indicators.append(
                ResidentIndicator(
                    snapshot=snapshot,
                    department_id=dept,
                    area_id=area,
                    year=r.year,
                    residents=r.residents,
                    households=r.households,
                    **r.values,
                )
            )
        _delete_replaced(indicators)
        insert_rows(
            ResidentIndicator,
            INDICATOR_FIELDS,
            (
                [getattr(i, f"{f}_id" if f in FKS else f) for f in INDICATOR_FIELDS]
                for i in indicators
            ),
        )
        for area_id, dept_ids in members.items():
            ResidentialArea.objects.get(pk=area_id).departments.add(*dept_ids)
        for touched in ResidentialArea.objects.filter(pk__in=set(area_ids.values())):
            classify_area(area=touched)
    return snapshot


INDICATOR_FIELDS = (
    "snapshot",
    "department",
    "area",
    "year",
    "residents",
    "households",
    *ResidentIndicator.VALUE_FIELDS,
)
FKS = ("snapshot", "department", "area")


def _delete_replaced(indicators: list[ResidentIndicator]) -> None:
    """Remove stored figures for the (department or area, year) pairs the new rows replace."""
    years = {i.year for i in indicators}
    for year in years:
        depts = [i.department_id for i in indicators if i.year == year and i.department_id]
        area_ids = [i.area_id for i in indicators if i.year == year and i.area_id]
        ResidentIndicator.objects.filter(year=year).filter(
            Q(department_id__in=depts) | Q(area_id__in=area_ids)
        ).delete()


def _reference(rows: list[R.ResidentRow]) -> Any:
    from datetime import date

    return date(max(r.year for r in rows), 12, 31)


def _ensure_areas(rows: list[R.ResidentRow], kommuner: dict[str, int]) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in rows:
        if r.level != "omraade" or not r.area_code or r.area_code in out:
            continue
        area, _ = ResidentialArea.objects.update_or_create(
            code=r.area_code,
            defaults={"name": r.area_name or r.area_code, "kommune_id": kommuner[r.kommune_code]},
        )
        out[r.area_code] = area.pk
    for r in rows:  # department rows may name an area that has no row of its own in this file
        if r.area_code and r.area_code not in out:
            found = ResidentialArea.objects.filter(code=r.area_code).first()
            if found is None:
                found = ResidentialArea.objects.create(
                    code=r.area_code, name=r.area_code, kommune_id=kommuner[r.kommune_code]
                )
            out[r.area_code] = found.pk
    return out


def indicators_of(indicator: ResidentIndicator) -> areas.AreaIndicators:
    return areas.AreaIndicators(
        residents=indicator.residents, households=indicator.households, **indicator.values()
    )


@transaction.atomic
def classify_area(*, area: ResidentialArea) -> list[AreaClassification]:
    """(Re)classify ``area`` for every year it has figures, each under the rule set in force that
    year (``almen.areas.classify_series``); replaces earlier results for those years."""
    series = {i.year: indicators_of(i) for i in area.indicators.order_by("year")}
    results = areas.classify_series(series)
    AreaClassification.objects.filter(area=area, list_year__in=list(series)).delete()
    return AreaClassification.objects.bulk_create(
        AreaClassification(
            area=area,
            list_year=c.list_year,
            ruleset=c.ruleset,
            category=c.category or "",
            label=c.label,
            criteria=_criteria(c),
            criteria_met=c.prevention_met if c.category == "forebyggelse" else c.criteria_met,
            years_running=c.years_running,
            incomplete=c.incomplete,
        )
        for c in results
    )


def _criteria(c: areas.Classification) -> list[dict[str, Any]]:
    """Every criterion with its group: "hoved" (the 2 of 4, or 3 of 5), "ikke_vestlige" (the
    parallelsamfund condition), "forebyggelse" and "forebyggelse_ikke_vestlige"."""
    groups: list[tuple[str, tuple[areas.CriterionResult, ...]]] = [
        ("hoved", c.criteria),
        ("ikke_vestlige", (c.non_western,) if c.non_western else ()),
        ("forebyggelse", c.prevention),
        (
            "forebyggelse_ikke_vestlige",
            (c.prevention_non_western,) if c.prevention_non_western else (),
        ),
    ]
    return [
        {
            "group": g,
            "key": r.key,
            "label": r.label,
            "value": r.value,
            "threshold": r.threshold,
            "comparator": r.comparator,
            "unit": r.unit,
            "met": r.met,
            "requirement": r.requirement,
        }
        for g, results in groups
        for r in results
    ]
