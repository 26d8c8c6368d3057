"""Named reads behind the reconciliation pages and exports (no writes)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from almen import registers as R
from styringsdialog.accounts.permissions import Scope
from styringsdialog.registers.models import (
    AreaClassification,
    BbrUnitRecord,
    Difference,
    LbfSectionRecord,
    OfficialAreaListing,
    ReconciliationRun,
    RegisterFigure,
    RegisterSnapshot,
    ResidentialArea,
    Source,
)
from styringsdialog.registry.models import Department
from styringsdialog.registry.queries import visible_departments

SOURCE_ORDER = ("lbf", "bbr", "dst")


@dataclass
class SourceFigure:
    source: str
    label: str
    dwellings: int | None
    area_m2: int | None
    reference_date: Any


@dataclass
class DepartmentRow:
    department: Department
    figures: dict[str, tuple[int | None, int | None]]  # source → (dwellings, m²)
    parts: list[Difference] = field(default_factory=list)

    @property
    def dwellings_gap(self) -> int:
        return sum(p.amount for p in self.parts if p.measure == "dwellings")

    @property
    def area_gap(self) -> int:
        return sum(p.amount for p in self.parts if p.measure == "area_m2")


@dataclass
class KommuneReport:
    run: ReconciliationRun
    sources: list[SourceFigure]
    kommune_parts: dict[str, list[Difference]]  # "lbf-bbr" / "lbf-dst" → parts
    departments: list[DepartmentRow]
    n_departments: int  # visible departments the run compared
    n_matching: int  # of those, with neither a count nor an m² difference

    @property
    def n_count_differences(self) -> int:
        return sum(1 for d in self.departments if d.dwellings_gap)

    @property
    def n_area_differences(self) -> int:
        return sum(1 for d in self.departments if d.area_gap)


REASON_ORDER = list(R.REASONS)


def part_order(d: Difference) -> tuple[int, int, int]:
    """Dwellings before m², reasons in the order of ``REASONS``, bigger parts first."""
    return (0 if d.measure == "dwellings" else 1, REASON_ORDER.index(d.reason), -abs(d.amount))


def _reference_dates(run: ReconciliationRun) -> dict[str, Any]:
    return {
        "lbf": run.lbf_reference_date,
        "bbr": run.bbr_snapshot.reference_date,
        "dst": run.dst_reference_date,
    }


def reconciliation_years() -> list[int]:
    """Years a reconciliation can be started for: those with both LBF stamdata and a BBR
    extract dated in them, newest first."""
    dated = RegisterSnapshot.objects.filter(source__in=("lbf", "bbr")).values_list(
        "source", "reference_date"
    )
    by_source: dict[str, set[int]] = defaultdict(set)
    for source, when in dated:
        by_source[source].add(when.year)
    return sorted(by_source["lbf"] & by_source["bbr"], reverse=True)


def run_years(kommune: Any) -> list[int]:
    """Years of the stored runs with figures for ``kommune``, newest first."""
    years = ReconciliationRun.objects.for_kommune(kommune).values_list("year", flat=True)
    return sorted({y for y in years if y is not None}, reverse=True)


def kommune_report(
    *, kommune: Any, scope: Scope, organisation: str = "", year: int | None = None
) -> KommuneReport | None:
    """The newest run's (of ``year`` when given) figures and differences for ``kommune``;
    department rows only for departments the user may see (and of one organisation when
    ``organisation`` is given)."""
    runs = ReconciliationRun.objects.select_related("bbr_snapshot").for_kommune(kommune)
    run = runs.filter(year=year).first() if year is not None else runs.first()
    if run is None:
        return None
    dates = _reference_dates(run)
    totals = {
        f.source: f
        for f in RegisterFigure.objects.filter(run=run, level="kommune", kommune=kommune)
    }
    sources = [
        SourceFigure(s, R.SOURCES[s], totals[s].dwellings, totals[s].area_m2, dates[s])
        for s in SOURCE_ORDER
        if s in totals
    ]
    kommune_parts: dict[str, list[Difference]] = defaultdict(list)
    for d in sorted(
        Difference.objects.filter(run=run, kommune=kommune).kommune_level(), key=part_order
    ):
        kommune_parts[f"{d.source_a}-{d.source_b}"].append(d)
    depts = visible_departments(scope, Department.objects.filter(kommune=kommune))
    if organisation:
        depts = depts.filter(organisation__number=organisation)
    diffs = Difference.objects.filter(
        run=run, level="department", department__in=depts
    ).department_level()
    rows: dict[int, DepartmentRow] = {}
    for d in sorted(diffs, key=part_order):
        rows.setdefault(d.department_id, DepartmentRow(d.department, {})).parts.append(d)
    for f in RegisterFigure.objects.filter(
        run=run, level="department", department_id__in=list(rows)
    ):
        assert f.department_id is not None  # filtered on department_id__in
        rows[f.department_id].figures[f.source] = (f.dwellings, f.area_m2)
    compared = RegisterFigure.objects.filter(
        run=run, level="department", source="bbr", department__in=depts
    ).count()
    ordered = sorted(
        rows.values(), key=lambda r: (r.department.organisation.number, r.department.number)
    )
    return KommuneReport(
        run,
        sources,
        dict(sorted(kommune_parts.items())),
        ordered,
        compared,
        compared - len(ordered),
    )


@dataclass
class UnitRow:
    unit: BbrUnitRecord
    verdict: R.UnitVerdict


def department_units(
    *, run: ReconciliationRun, department: Department, limit: int = 2000
) -> list[UnitRow]:
    """The BBR units behind a department's figures: units on its LBF properties or addresses."""
    props = LbfSectionRecord.objects.filter(
        snapshot=run.lbf_snapshot, department=department
    ).values("property_number")
    qs = BbrUnitRecord.objects.filter(snapshot=run.bbr_snapshot).filter(
        Q(property_number__in=props) | Q(address_id__in=list(department.dar_address_ids or []))
    )
    return [UnitRow(u, _verdict(u, run)) for u in qs.order_by("property_number", "unit_id")[:limit]]


def unmatched_units(
    *, run: ReconciliationRun, kommune_code: str, limit: int = 2000
) -> list[UnitRow]:
    """Counted almene dwellings in the kommune that belong to no department (reason unmatched_address)."""
    props = LbfSectionRecord.objects.filter(snapshot=run.lbf_snapshot).values("property_number")
    addresses = {
        a
        for ids in Department.objects.filter(kommune__code=kommune_code).values_list(
            "dar_address_ids", flat=True
        )
        for a in ids or []
    }
    qs = BbrUnitRecord.objects.filter(snapshot=run.bbr_snapshot, kommune_code=kommune_code).exclude(
        property_number__in=props
    )
    out = []
    for u in qs.order_by("property_number", "unit_id").iterator():
        if u.address_id in addresses:
            continue
        verdict = _verdict(u, run)
        if verdict.counted:
            out.append(UnitRow(u, verdict))
            if len(out) >= limit:
                break
    return out


def _criteria(run: ReconciliationRun) -> R.AlmenCriteria:
    c = run.criteria or {}
    residential = c.get("residential", [110, 190])
    return R.AlmenCriteria(
        mode=c.get("mode", "either"),
        ownership_codes=frozenset(c.get("ownership_codes", ["20"])),
        support_codes=frozenset(c.get("support_codes", ["10", "25", "40", "42"])),
        residential_min=residential[0],
        residential_max=residential[1],
        existing_statuses=frozenset(c.get("existing_statuses", ["6"])),
        pending_statuses=frozenset(c.get("pending_statuses", ["2", "3"])),
    )


def _verdict(u: BbrUnitRecord, run: ReconciliationRun) -> R.UnitVerdict:
    return R.unit_verdict(
        usage_code=u.usage_code or None,
        status=u.status,
        support_code=u.support_code or None,
        ownership_code=u.ownership_code or None,
        valid_from=u.valid_from,
        lbf_reference_date=run.lbf_reference_date,
        criteria=_criteria(run),
    )


def department_figures(
    *, run: ReconciliationRun, department: Department
) -> dict[str, tuple[int | None, int | None]]:
    return {
        f.source: (f.dwellings, f.area_m2)
        for f in RegisterFigure.objects.filter(run=run, department=department)
    }


def export_rows(report: KommuneReport, kommune: Any) -> list[list[Any]]:
    """One row per difference part (kommune level first), for CSV/XLSX."""
    rows: list[list[Any]] = []
    for parts in report.kommune_parts.values():
        for d in parts:
            rows.append(["kommune", kommune.code, "", "", kommune.name, *_cells(d)])
    for r in report.departments:
        for d in r.parts:
            dept = r.department
            rows.append(
                [
                    "afdeling",
                    kommune.code,
                    dept.organisation.number,
                    dept.number,
                    dept.name,
                    *_cells(d),
                ]
            )
    return rows


# Header style shared with the efficiency export (benchmarking.exports.HEADER): identifiers end
# in -nummer/-kode, names in -navn.
EXPORT_HEADER = [
    "Niveau",
    "Kommunekode",
    "Organisationsnummer",
    "Afdelingsnummer",
    "Navn",
    "Mål",
    "Kilde A",
    "Værdi A",
    "Kilde B",
    "Værdi B",
    "Forskel",
    "Årsag",
    "Forklaring",
]
SOURCES_HEADER = ["Kilde", "Opgørelsesdato", "Boliger", "m²"]


def reason_label(code: str) -> str:
    """The Danish label of a reason code (``almen.registers.REASONS``: the one mapping used by
    the pages, the exports and the API)."""
    return R.REASONS.get(code, code)


def _cells(d: Difference) -> list[Any]:
    return [
        d.get_measure_display(),
        d.get_source_a_display(),
        d.value_a,
        d.get_source_b_display(),
        d.value_b,
        d.amount,
        reason_label(d.reason),
        d.note,
    ]


def source_rows(report: KommuneReport) -> list[list[Any]]:
    """The figures per source, for the XLSX sheet "Kilder"."""
    return [[s.label, s.reference_date, s.dwellings, s.area_m2] for s in report.sources]


# --- official lists of designated areas (§§ 61 a–61 b) ----------------------------------


def official_snapshot(year: int) -> RegisterSnapshot | None:
    """The official list in force for ``year``: the newest imported for that year."""
    return (
        RegisterSnapshot.objects.filter(source=Source.OFFICIAL, reference_date__year=year)
        .order_by("-imported_at", "-pk")
        .first()
    )


@dataclass(frozen=True)
class AreaStatus:
    """An area's status for one list year: the official list beside the computed one.
    ``category``/``label`` is what counts (the official list when the year has one)."""

    list_year: int
    official: OfficialAreaListing | None  # None: the area is not on that year's list
    has_official_list: bool  # a list for the year was imported
    computed: AreaClassification | None
    category: str | None
    label: str
    source: str  # "officiel liste" | "beregnet" | ""

    @property
    def disagrees(self) -> bool:
        return (
            self.has_official_list
            and self.computed is not None
            and (self.computed.category or None)
            != (self.official.category if self.official else None)
        )


def official_list_years(*, area: ResidentialArea) -> list[int]:
    """The list years whose imported official list names ``area``."""
    return sorted(
        set(OfficialAreaListing.objects.filter(area=area).values_list("list_year", flat=True))
    )


def official_lists() -> list[RegisterSnapshot]:
    """Every imported official list, newest list year first (the newest import of a year is
    the one in force)."""
    return list(
        RegisterSnapshot.objects.filter(source=Source.OFFICIAL)
        .select_related("imported_by")
        .order_by("-reference_date", "-imported_at", "-pk")
    )


def official_status(*, area: ResidentialArea, list_year: int) -> AreaStatus:
    """The area's status in ``list_year``: the official list takes precedence (an area missing
    from an imported list has no category that year, whatever the computation says)."""
    snapshot = official_snapshot(list_year)
    listing = (
        OfficialAreaListing.objects.filter(snapshot=snapshot, area=area).first()
        if snapshot is not None
        else None
    )
    computed = (
        AreaClassification.objects.filter(area=area, list_year=list_year)
        .order_by("-computed_at")
        .first()
    )
    if snapshot is not None:
        return AreaStatus(
            list_year,
            listing,
            True,
            computed,
            listing.category if listing else None,
            listing.label if listing else "Ikke på listen",
            "officiel liste",
        )
    if computed is not None:
        return AreaStatus(
            list_year,
            None,
            False,
            computed,
            computed.category or None,
            computed.label,
            "beregnet",
        )
    return AreaStatus(list_year, None, False, None, None, "Ingen oplysninger", "")
