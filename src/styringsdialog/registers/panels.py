"""Sections on the registry pages (registered in ``apps.RegistersConfig.ready``): the
reconciliation summary on the kommune page; register figures, kvarterprofil link and area
status on the department page."""

from __future__ import annotations

from typing import Any

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


def kommune_panel(request: HttpRequest, kommune: Any) -> Panel | None:
    if not scope_for(getattr(request, "user", None)).authenticated:
        return None
    run = ReconciliationRun.objects.latest_for_kommune(kommune)
    if run is None:
        return None
    totals = {
        f.source: f
        for f in RegisterFigure.objects.filter(run=run, level="kommune", kommune=kommune)
    }
    diffs = Difference.objects.filter(run=run, kommune=kommune, level="department")
    context = {
        "kommune": kommune,
        "run": run,
        "totals": [totals[s] for s in ("lbf", "bbr", "dst") if s in totals],
        "n_count": diffs.filter(measure="dwellings").values("department").distinct().count(),
        "n_area": diffs.filter(measure="area_m2").values("department").distinct().count(),
    }
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
