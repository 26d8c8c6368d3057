"""Sections on the registry's kommune, organisation and department pages (registered in
``apps.BenchmarkingConfig.ready``). Each shows the newest FDH run and links to the full page;
nothing is shown before the first run."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from almen.keyfigures import FLAG_TEXTS
from styringsdialog.accounts.permissions import scope_for
from styringsdialog.benchmarking.display import shown
from styringsdialog.benchmarking.models import (
    BenchmarkRun,
    DepartmentResult,
    KeyFigureResult,
    OfficialScore,
)
from styringsdialog.benchmarking.queries import pages
from styringsdialog.registry.models import Department
from styringsdialog.registry.panels import Panel
from styringsdialog.registry.queries import visible_departments

TITLE = "Effektivitetstal"


def _latest_run() -> BenchmarkRun | None:
    year = BenchmarkRun.objects.latest_year("fdh")
    return BenchmarkRun.objects.latest_for(year, "fdh") if year else None


def kommune_panel(request: HttpRequest, kommune: Any) -> Panel | None:
    run = _latest_run()
    if run is None:
        return None
    depts = visible_departments(scope_for(request.user), Department.objects.filter(kommune=kommune))
    summary = pages.summary(run, depts, run.colour_scale.as_scale())
    return Panel(
        TITLE,
        "benchmarking/panels/kommune.html",
        {"kommune": kommune, "run": run, "summary": summary},
        order=10,
    )


def organisation_panel(request: HttpRequest, organisation: Any) -> Panel | None:
    run = _latest_run()
    if run is None:
        return None
    depts = visible_departments(scope_for(request.user), organisation.departments.all())
    summary = pages.summary(run, depts, run.colour_scale.as_scale())
    org = summary.organisations[0] if summary.organisations else None
    return Panel(
        TITLE,
        "benchmarking/panels/organisation.html",
        {"organisation": organisation, "run": run, "summary": summary, "org": org},
        order=10,
    )


def department_panel(request: HttpRequest, department: Any) -> Panel | None:
    run = _latest_run()
    if run is None:
        return None
    result = DepartmentResult.objects.filter(run=run, department=department).first()
    official = OfficialScore.objects.filter(department=department, year=run.data_year).first()
    key = KeyFigureResult.objects.filter(run=run, department=department).first()
    s = shown(
        result.effektivitetstal if result else None,
        result.colour if result else "",
        official.effektivitetstal if official else None,
        official.colour if official else "",
        run.colour_scale.as_scale(),
    )
    return Panel(
        TITLE,
        "benchmarking/panels/department.html",
        {
            "department": department,
            "run": run,
            "result": result,
            "official": official,
            "shown": s,
            "key": key,
            "flag_texts": FLAG_TEXTS,
        },
        order=10,
    )
