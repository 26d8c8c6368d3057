"""Sections on the registry pages (registered in ``apps.RegistersConfig.ready``): the
reconciliation summary on the kommune page; register figures, kvarterprofil link and area
status on the department page."""

from __future__ import annotations

from typing import Any

from django.core.cache import caches
from django.http import HttpRequest

from styringsdialog.accounts.permissions import scope_for
from styringsdialog.registers.models import (
    AreaClassification,
    Difference,
    ReconciliationRun,
    RegisterFigure,
    ResidentIndicator,
)
from styringsdialog.registry.panels import Panel

# A run's figures and differences are written once, when the run is made (services.reconcile),
# so its summary per kommune never changes: cached under the run's id and time for an hour.
PANEL_CACHE_SECONDS = 3600


def _run_summary(run: ReconciliationRun, kommune: Any) -> dict[str, Any]:
    key = f"registers:kommune-panel:{run.pk}:{run.created_at.timestamp()}:{kommune.pk}"
    cache = caches["default"]
    summary = cache.get(key)
    if summary is None:
        totals = {
            f.source: f
            for f in RegisterFigure.objects.filter(run=run, level="kommune", kommune=kommune)
        }
        diffs = Difference.objects.filter(run=run, kommune=kommune, level="department")
        summary = {
            "totals": [totals[s] for s in ("lbf", "bbr", "dst") if s in totals],
            "n_count": diffs.filter(measure="dwellings").values("department").distinct().count(),
            "n_area": diffs.filter(measure="area_m2").values("department").distinct().count(),
        }
        cache.set(key, summary, PANEL_CACHE_SECONDS)
    return summary


def kommune_panel(request: HttpRequest, kommune: Any) -> Panel | None:
    """The newest reconciliation run's kommune totals and how many departments differ.

    The same for everyone who may open the kommune page (the figures are the kommune's, not
    per organisation).
    """
    if not scope_for(getattr(request, "user", None)).authenticated:
        return None
    run = ReconciliationRun.objects.latest_for_kommune(kommune)
    if run is None:
        return None
    context = {"kommune": kommune, "run": run, **_run_summary(run, kommune)}
    return Panel(
        "Registre: LBF, BBR og Danmarks Statistik",
        "registers/panels/kommune.html",
        context,
        order=40,
    )


def department_panel(request: HttpRequest, department: Any) -> Panel | None:
    if not scope_for(getattr(request, "user", None)).authenticated:
        return None
    run = ReconciliationRun.objects.latest_for_department(department)
    figures = (
        {f.source: f for f in RegisterFigure.objects.filter(run=run, department=department)}
        if run
        else {}
    )
    parts = list(Difference.objects.filter(run=run, department=department)) if run else []
    latest_year = (
        ResidentIndicator.objects.filter(department=department)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    classifications = [
        c
        for c in (
            AreaClassification.objects.filter(area=area).order_by("-list_year").first()
            for area in department.residential_areas.all()
        )
        if c is not None
    ]
    if run is None and latest_year is None and not classifications:
        return None
    context = {
        "department": department,
        "run": run,
        "figures": figures,
        "parts": parts,
        "latest_year": latest_year,
        "classifications": classifications,
    }
    return Panel("Registre og kvarterprofil", "registers/panels/department.html", context, order=40)


def kommune_fingerprint(kommune: Any) -> list[tuple[Any, tuple[str, ...]]]:
    """The panel shows the newest reconciliation run's figures (written once per run)."""
    return [(ReconciliationRun.objects.all(), ("pk", "created_at"))]
