"""Run a reconciliation over stored snapshots and store its figures and differences."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from django.db import transaction

from almen import registers as R
from almen.registers.columns import HOUSING_TYPE_CODES, day_number
from almen.registers.lbf import departments_from_sections
from styringsdialog.lib.bulk import insert_rows
from styringsdialog.registers.models import (
    BbrUnitRecord,
    Difference,
    DstFigure,
    LbfSectionRecord,
    ReconciliationRun,
    RegisterFigure,
    RegisterSnapshot,
    Source,
)
from styringsdialog.registry.models import Department, Kommune


class ReconcileError(Exception):
    """The reconciliation could not run (Danish message)."""


def _code(value: str) -> int:
    return int(value) if value.isdigit() else -1


def unit_columns(snapshot: RegisterSnapshot) -> R.UnitColumns:
    """The snapshot's BBR units as columns for ``almen.registers.reconcile``."""
    rows = list(
        BbrUnitRecord.objects.filter(snapshot=snapshot).values_list(
            "kommune_code",
            "property_number",
            "address_id",
            "usage_code",
            "status",
            "support_code",
            "ownership_code",
            "housing_type_code",
            "total_area",
            "valid_from",
        )
    )

    def prop(p: str) -> int:
        try:
            return R.property_key(p) if p else -1
        except ValueError:
            return -1

    return R.UnitColumns(
        kommune=np.array([int(r[0]) for r in rows], dtype=np.int16),
        property_key=np.array([prop(r[1]) for r in rows], dtype=np.int64),
        address_key=np.array([R.address_key(r[2]) for r in rows], dtype=np.int64),
        usage=np.array([_code(r[3]) for r in rows], dtype=np.int16),
        status=np.array([_code(r[4]) for r in rows], dtype=np.int16),
        support=np.array([_code(r[5]) for r in rows], dtype=np.int16),
        ownership=np.array([_code(r[6]) for r in rows], dtype=np.int16),
        housing_type=np.array([HOUSING_TYPE_CODES.get(r[7], -1) for r in rows], dtype=np.int8),
        total_area=np.array([r[8] or 0 for r in rows], dtype=np.int32),
        valid_from=np.array([day_number(r[9]) for r in rows], dtype=np.int32),
    )


def lbf_departments(snapshot: RegisterSnapshot) -> list[R.LbfDepartment]:
    records = LbfSectionRecord.objects.filter(snapshot=snapshot).select_related(
        "department", "department__organisation"
    )
    sections = [
        R.LbfSection(
            r.department.organisation.number,
            r.department.number,
            r.department.name,
            r.kommune_code,
            r.section,
            r.property_number,
            r.housing_type,
            r.dwellings,
            r.area_m2,
        )
        for r in records
    ]
    return departments_from_sections(sections)


def dst_figures(
    snapshot: RegisterSnapshot | None, year: int | None = None
) -> tuple[dict[str, int] | None, date | None]:
    """``({kommune: dwellings}, 1 January)`` for ``year`` (default: the snapshot's newest year),
    or (None, None)."""
    if snapshot is None:
        return None, None
    if year is None:
        year = (
            DstFigure.objects.filter(snapshot=snapshot)
            .order_by("-year")
            .values_list("year", flat=True)
            .first()
        )
    if year is None:
        return None, None
    rows = DstFigure.objects.filter(snapshot=snapshot, year=year).values_list(
        "kommune__code", "dwellings"
    )
    return dict(rows), date(year, 1, 1)


@dataclass
class Selection:
    """The snapshots one run compares, and in Danish which they are and why."""

    lbf: RegisterSnapshot | None
    bbr: RegisterSnapshot | None
    dst: RegisterSnapshot | None
    dst_year: int | None
    year: int | None
    text: str


def _years(source: str) -> str:
    years = sorted(
        {
            d.year
            for d in RegisterSnapshot.objects.filter(source=source).values_list(
                "reference_date", flat=True
            )
        }
    )
    return ", ".join(str(y) for y in years) or "ingen"


def _newest_in(source: str, year: int) -> RegisterSnapshot | None:
    return (
        RegisterSnapshot.objects.filter(source=source, reference_date__year=year)
        .order_by("-reference_date", "-imported_at", "-pk")
        .first()
    )


def _describe(s: RegisterSnapshot | None, label: str) -> str:
    if s is None:
        return f"{label}: intet udtræk"
    return f"{label} pr. {s.reference_date:%d.%m.%Y} (udtræk #{s.pk}, {s.file_name})"


def select_snapshots(
    *,
    year: int | None = None,
    lbf: RegisterSnapshot | None = None,
    bbr: RegisterSnapshot | None = None,
    dst: RegisterSnapshot | None = None,
) -> Selection:
    """The snapshots for a run: for ``year`` Y the newest LBF stamdata and BBR extract dated in
    Y and Danmarks Statistik's count of 1 January Y+1 (the end of Y; else 1 January Y); without
    a year the newest of each. Snapshots given explicitly win. ``ReconcileError`` names the
    years that exist when Y has no LBF or BBR extract."""
    if year is not None:
        lbf = lbf or _newest_in(Source.LBF, year)
        bbr = bbr or _newest_in(Source.BBR, year)
        if lbf is None:
            raise ReconcileError(
                f"Der er ingen LBF-stamdata med opgørelsesdato i {year} (der er udtræk fra: "
                f"{_years(Source.LBF)}). Vælg et andet år, eller indlæs stamdata for {year}."
            )
        if bbr is None:
            raise ReconcileError(
                f"Der er intet BBR-udtræk med opgørelsesdato i {year} (der er udtræk fra: "
                f"{_years(Source.BBR)}). Vælg et andet år, eller indlæs BBR for {year}."
            )
        dst_year: int | None = None
        if dst is None:
            for wanted in (year + 1, year):
                found = (
                    DstFigure.objects.filter(year=wanted, snapshot__source=Source.DST)
                    .order_by("-snapshot__imported_at", "-snapshot__pk")
                    .values_list("snapshot", flat=True)
                    .first()
                )
                if found is not None:
                    dst, dst_year = RegisterSnapshot.objects.get(pk=found), wanted
                    break
        why = f"Afstemningsår {year} (valgt ved start): nyeste udtræk dateret i {year}"
        dst_text = (
            f"Danmarks Statistik pr. 1.1.{dst_year} (udtræk #{dst.pk})"
            if dst is not None and dst_year is not None
            else _describe(dst, "Danmarks Statistik")
            if dst is not None
            else f"Danmarks Statistik: ingen tal for 1.1.{year + 1} eller 1.1.{year}"
        )
    else:
        lbf = lbf or RegisterSnapshot.objects.latest_of(Source.LBF)
        bbr = bbr or RegisterSnapshot.objects.latest_of(Source.BBR)
        dst = dst or RegisterSnapshot.objects.latest_of(Source.DST)
        dst_year = None
        why = "Intet år valgt: de nyeste udtræk af hver kilde"
        dst_text = _describe(dst, "Danmarks Statistik (nyeste år i udtrækket)")
    text = f"{why}. {_describe(lbf, 'LBF-stamdata')}; {_describe(bbr, 'BBR')}; {dst_text}."
    return Selection(lbf, bbr, dst, dst_year, year, text)


def run_reconciliation(
    *,
    by: Any = None,
    lbf: RegisterSnapshot | None = None,
    bbr: RegisterSnapshot | None = None,
    dst: RegisterSnapshot | None = None,
    year: int | None = None,
    criteria: R.AlmenCriteria | None = None,
    area_tolerance_pct: float = 0.5,
    progress: Callable[[str, int, int], None] | None = None,
) -> ReconciliationRun:
    """Reconcile the given (default: ``select_snapshots(year=…)``) LBF, BBR and DST snapshots
    and store the run, with the year and a Danish account of which snapshots it used and why.

    ``progress(step, done, total)`` is called before each of the four steps and at the end."""
    report = progress or _silent
    chosen = select_snapshots(year=year, lbf=lbf, bbr=bbr, dst=dst)
    lbf, bbr, dst = chosen.lbf, chosen.bbr, chosen.dst
    if lbf is None:
        raise ReconcileError(
            "Der er ikke indlæst LBF-stamdata. Indlæs dem først (import_lbf_stamdata)."
        )
    if bbr is None:
        raise ReconcileError("Der er ikke indlæst BBR-data. Indlæs dem først (import_bbr).")
    if not bbr.units_complete:
        raise ReconcileError(
            f"BBR-udtrækket #{bbr.pk} rummer kun udvalgte enheder (demodata) og kan ikke afstemmes igen. Indlæs et fuldt udtræk."
        )
    report("Indlæser LBF-stamdata", 0, 4)
    depts = lbf_departments(lbf)
    links = {
        (o, n): list(ids)
        for o, n, ids in Department.objects.values_list(
            "organisation__number", "number", "dar_address_ids"
        )
    }
    dst_map, dst_date = dst_figures(dst, chosen.dst_year)
    report("Indlæser BBR-enheder", 1, 4)
    units = unit_columns(bbr)
    report("Afstemmer LBF, BBR og Danmarks Statistik", 2, 4)
    result = R.reconcile(
        units=units,
        lbf=depts,
        lbf_reference_date=lbf.reference_date,
        dst=dst_map,
        dst_reference_date=dst_date,
        criteria=criteria,
        address_links=links,
        coverage=bbr.coverage,
        area_tolerance_pct=area_tolerance_pct,
    )
    report("Gemmer resultatet", 3, 4)
    run = store_reconciliation(
        result=result,
        lbf=lbf,
        bbr=bbr,
        dst=dst if dst_map else None,
        by=by,
        area_tolerance_pct=area_tolerance_pct,
        year=year,
        selection=chosen.text,
    )
    report("Gemmer resultatet", 4, 4)
    return run


def _silent(step: str, done: int, total: int) -> None:
    return None


def store_reconciliation(
    *,
    result: R.ReconciliationResult,
    lbf: RegisterSnapshot,
    bbr: RegisterSnapshot,
    dst: RegisterSnapshot | None,
    by: Any = None,
    area_tolerance_pct: float = 0.5,
    year: int | None = None,
    selection: str = "",
) -> ReconciliationRun:
    """Store a result from ``almen.registers.reconcile`` as a run (figures and differences)."""
    kommuner = dict(Kommune.objects.values_list("code", "pk"))
    depts = {
        (o, n): pk
        for o, n, pk in Department.objects.values_list("organisation__number", "number", "pk")
    }

    def dept_id(org: str | None, num: str | None) -> int | None:
        return depts.get((org or "", num or ""))

    with transaction.atomic():
        run = ReconciliationRun.objects.create(
            created_by=by,
            lbf_snapshot=lbf,
            bbr_snapshot=bbr,
            dst_snapshot=dst,
            lbf_reference_date=result.lbf_reference_date,
            dst_reference_date=result.dst_reference_date,
            criteria=result.criteria,
            area_tolerance_pct=area_tolerance_pct,
            coverage=list(result.coverage),
            stats={k: round(v, 3) for k, v in result.stats.items()},
            year=year,
            selection=selection,
        )
        insert_rows(
            RegisterFigure,
            ("run", "level", "kommune", "department", "source", "dwellings", "area_m2"),
            (
                (
                    run.pk,
                    f.level,
                    kommuner[f.kommune_code],
                    dept_id(f.org_number, f.dept_number),
                    f.source,
                    f.dwellings,
                    f.area_m2,
                )
                for f in result.figures
                if f.kommune_code in kommuner
            ),
        )
        Difference.objects.bulk_create(
            Difference(
                run=run,
                level=d.level,
                kommune_id=kommuner[d.kommune_code],
                department_id=dept_id(d.org_number, d.dept_number),
                measure=d.measure,
                source_a=d.source_a,
                source_b=d.source_b,
                value_a=d.value_a,
                value_b=d.value_b,
                amount=d.amount,
                reason=d.reason,
                note=d.note[:300],
            )
            for d in result.differences
            if d.kommune_code in kommuner
        )
    return run
