"""Briefing sources (C10) from efficiency and key figures, registered in ``apps.ready``.

Styringsår N is based on accounting year N − 1 (DOMAIN.md §0), so each source reads the newest
FDH run for that year and proposes nothing when there is none. Every point links to the page
that shows its figures.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse

from almen.formatting import format_number
from almen.keyfigures import NORM_SOURCE
from styringsdialog.benchmarking.models import BenchmarkRun, KeyFigureResult
from styringsdialog.benchmarking.queries import pages
from styringsdialog.registry.briefing import BriefingPoint

MAX_POINTS = 8
"""Department points per source; the rest are summarised in one point."""


def _run(styringsaar: int) -> BenchmarkRun | None:
    return BenchmarkRun.objects.latest_for(styringsaar - 1, "fdh")


def _department_url(org_number: str, number: str, year: int) -> str:
    return reverse("benchmarking:department", args=[org_number, number]) + f"?aar={year}"


def _organisation_url(org_number: str, year: int) -> str:
    return reverse("benchmarking:organisation", args=[org_number]) + f"?aar={year}"


def scale_label(scale: Any) -> str:
    """The colour scale as it is named wherever colours are shown: version and official mark."""
    return f"farveskala {scale.version}, {scale.mark}"


def efficiency_range(organisation: Any, styringsaar: int) -> list[BriefingPoint]:
    """The range of effektivitetstal and the colour counts of the organisation's departments."""
    run = _run(styringsaar)
    if run is None:
        return []
    summary = pages.summary(run, organisation.departments.all(), run.colour_scale.as_scale())
    org = summary.organisations[0] if summary.organisations else None
    if org is None or not org.phrase:
        return []
    text = (
        f"Effektivitetstallene ligger {org.phrase} (regnskabsår {run.data_year}: {org.counts.sentence()}; "
        f"{summary.n_official} officielle tal, resten beregnet; farver efter "
        f"{scale_label(run.colour_scale)})."
    )
    return [
        BriefingPoint(
            source="effektivitet",
            title=f"Effektivitetstal: {org.phrase}",
            text=text,
            evidence_url=_organisation_url(organisation.number, run.data_year),
            severity="warning" if org.counts.roed else "info",
            order=30,
        )
    ]


def _key_rows(run: BenchmarkRun, organisation: Any, **flags: bool) -> list[KeyFigureResult]:
    condition = Q()
    for name in flags:
        condition |= Q(**{name: True})
    return list(
        KeyFigureResult.objects.filter(condition, run=run, department__organisation=organisation)
        .select_related("department")
        .order_by("provisions_per_m2", "department__number")
    )


def _overflow(
    source: str, title: str, rows: list[KeyFigureResult], organisation: Any, run: BenchmarkRun
) -> list[BriefingPoint]:
    if len(rows) <= MAX_POINTS:
        return []
    rest = ", ".join(f"afd. {k.department.number} {k.department.name}" for k in rows[MAX_POINTS:])
    return [
        BriefingPoint(
            source=source,
            title=f"{title}: {len(rows) - MAX_POINTS} afdelinger mere",
            text=rest + ".",
            evidence_url=_organisation_url(organisation.number, run.data_year),
            order=32,
        )
    ]


def provisions(organisation: Any, styringsaar: int) -> list[BriefingPoint]:
    """Departments with provisions below the norm or outside the critical values."""
    run = _run(styringsaar)
    if run is None:
        return []
    rows = _key_rows(run, organisation, below_norm=True, critical_low=True, critical_high=True)
    points = []
    for k in rows[:MAX_POINTS]:
        d = k.department
        per_m2 = format_number(k.provisions_per_m2 or 0)
        what = []
        if k.below_norm:
            what.append(f"under normen på {format_number(k.norm_per_m2)} kr./m² ({_norm_label(k)})")
        if k.critical_low:
            what.append(
                f"under den nedre kritiske værdi ({format_number(k.peer_lower or 0)} kr./m²)"
            )
        if k.critical_high:
            what.append(f"over den øvre kritiske værdi ({format_number(k.peer_upper or 0)} kr./m²)")
        points.append(
            BriefingPoint(
                source="henlaeggelser",
                title=f"Afd. {d.number} {d.name}: henlæggelser {per_m2} kr./m²",
                text=f"Henlæggelserne (konto 120) var {per_m2} kr. pr. m² i {run.data_year}, {' og '.join(what)}.",
                evidence_url=_department_url(organisation.number, d.number, run.data_year),
                severity="warning" if (k.critical_low or k.critical_high) else "info",
                department_ids=(d.pk,),
                order=31,
            )
        )
    return points + _overflow("henlaeggelser", "Henlæggelser", rows, organisation, run)


def _norm_label(k: KeyFigureResult) -> str:
    source = k.norm_source or NORM_SOURCE
    return f"kilde: {pages.NORM_SHORT_LABEL if source == NORM_SOURCE else source}"


def high_rent(organisation: Any, styringsaar: int) -> list[BriefingPoint]:
    """Departments with high rent, and those with high rent *and* provisions below the norm."""
    run = _run(styringsaar)
    if run is None:
        return []
    rows = sorted(_key_rows(run, organisation, high_rent=True), key=lambda k: -(k.rent_per_m2 or 0))
    points = []
    for k in rows[:MAX_POINTS]:
        d = k.department
        both = "hoej_husleje_lave_henlaeggelser" in k.flags
        title = f"Afd. {d.number} {d.name}: høj husleje" + (" og lave henlæggelser" if both else "")
        kind = pages.RENT_TYPE_LABELS.get(k.rent_type, k.rent_type).lower()
        text = (
            f"Huslejen er {format_number(k.rent_per_m2 or 0)} kr. pr. m² pr. år, "
            f"{format_number(k.rent_vs_region_pct or 0, 1)} % over regionens gennemsnit for {kind} og over grænsen for høj husleje "
            f"({format_number(k.region_high_rent or 0)} kr./m²)."
        )
        if both:
            text += f" Samtidig er henlæggelserne {format_number(k.provisions_per_m2 or 0)} kr./m², under normen."
        points.append(
            BriefingPoint(
                source="husleje",
                title=title,
                text=text,
                evidence_url=_department_url(organisation.number, d.number, run.data_year),
                severity="warning" if both else "info",
                department_ids=(d.pk,),
                order=33,
            )
        )
    return points + _overflow("husleje", "Høj husleje", rows, organisation, run)


def accumulated_provisions(organisation: Any, styringsaar: int) -> list[BriefingPoint]:
    """Departments whose accumulated provisions (saldo ultimo konto 401–404) per dwelling are
    below the peer group's lower critical value, and one summary point when the organisation's
    median is below the peers' (the seed referat: "De opsparede henlæggelser er lavere end
    benchmarktallene")."""
    run = _run(styringsaar)
    if run is None:
        return []
    rows = list(
        KeyFigureResult.objects.filter(
            run=run, department__organisation=organisation, accumulated_critical_low=True
        )
        .select_related("department")
        .order_by("accumulated_per_dwelling", "department__number")
    )
    points = []
    for k in rows[:MAX_POINTS]:
        d = k.department
        points.append(
            BriefingPoint(
                source="opsparede_henlaeggelser",
                title=f"Afd. {d.number} {d.name}: lave opsparede henlæggelser",
                text=(
                    f"De opsparede henlæggelser (konto 401–404, saldo ultimo {run.data_year}) er "
                    f"{format_number(k.accumulated_per_dwelling or 0)} kr. pr. bolig "
                    f"({format_number(k.accumulated_per_m2 or 0)} kr. pr. m²), under den nedre "
                    f"kritiske værdi på {format_number(k.accumulated_peer_lower or 0)} kr. pr. bolig "
                    f"blandt {k.accumulated_peer_count} sammenlignelige afdelinger."
                ),
                evidence_url=_department_url(organisation.number, d.number, run.data_year),
                severity="warning",
                department_ids=(d.pk,),
                order=32,
            )
        )
    return points + _overflow(
        "opsparede_henlaeggelser", "Lave opsparede henlæggelser", rows, organisation, run
    )
