"""Sections on the registry's kommune, organisation and department pages (registered in
``apps.BenchmarkingConfig.ready``). Each shows the newest FDH run and links to the full page;
nothing is shown before the first run."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db.models import Max
from django.http import HttpRequest

from almen.keyfigures import FLAG_TEXTS
from styringsdialog.accounts.permissions import Scope, scope_for
from styringsdialog.benchmarking.display import ColourCounts, shown
from styringsdialog.benchmarking.models import (
    BenchmarkRun,
    DepartmentResult,
    KeyFigureResult,
    OfficialScore,
)
from styringsdialog.benchmarking.queries import pages
from styringsdialog.lib.charts import CountChart, count_chart
from styringsdialog.registry.models import DataSource, Department
from styringsdialog.registry.panels import Panel
from styringsdialog.registry.queries import visible_departments

TITLE = "Effektivitetstal"
COUNTS_CACHE_SECONDS = 300
"""How long a kommune panel's colour counts are reused. They are keyed by everything they
depend on (see ``counts_cache_key``); the timeout only bounds edits that create no data source."""


def _latest_run() -> BenchmarkRun | None:
    year = BenchmarkRun.objects.latest_year("fdh")
    return BenchmarkRun.objects.latest_for(year, "fdh") if year else None


def _scope_key(scope: Scope) -> str:
    """The reader's whole scope (not only its kind): two readers share a cached value only
    when they may see exactly the same departments."""
    if not scope.authenticated:
        return "anonymous"
    if scope.national:
        return "national"
    kommuner = ",".join(str(pk) for pk in sorted(scope.kommune_ids))
    organisations = ",".join(str(pk) for pk in sorted(scope.organisation_ids))
    return f"k{kommuner}o{organisations}"


def counts_cache_key(run: BenchmarkRun, kommune: Any, scope: Scope) -> str:
    """What a kommune panel's counts depend on: the run (its results never change once stored;
    ``created_at`` tells a new run from an old one with a reused id), the kommune, the reader's
    scope, and the newest data source — every import of official scores or of the registry
    creates one, so new official values or moved departments give a new key."""
    newest_source = DataSource.objects.aggregate(m=Max("pk"))["m"]
    stamp = run.created_at.isoformat() if run.created_at else ""
    return (
        f"benchmarking:kommune-counts:{run.pk}:{stamp}:{kommune.pk}:"
        f"{_scope_key(scope)}:{newest_source}"
    )


def kommune_panel(request: HttpRequest, kommune: Any) -> Panel | None:
    run = _latest_run()
    if run is None:
        return None
    scope = scope_for(request.user)
    key = counts_cache_key(run, kommune, scope)
    counts: ColourCounts | None = cache.get(key)
    if counts is None:
        depts = visible_departments(scope, Department.objects.filter(kommune=kommune))
        counts = pages.colour_summary(run, depts, run.colour_scale.as_scale())
        cache.set(key, counts, COUNTS_CACHE_SECONDS)
    return Panel(
        TITLE,
        "benchmarking/panels/kommune.html",
        {"kommune": kommune, "run": run, "counts": counts, "chart": colour_chart(counts, run)},
        order=10,
    )


def colour_chart(counts: ColourCounts, run: Any) -> CountChart:
    """The kommune's departments per colour as bars in the colours (labelled on the axis)."""
    from styringsdialog.benchmarking.charts import COLOURS

    rows = [(label.capitalize(), n) for _, label, n in counts.items()]
    colours = [COLOURS[code] for code, _, _ in counts.items()]
    if counts.none:
        rows.append(("Uden tal", counts.none))
        colours.append("#595959")
    return count_chart(
        rows,
        heading="Farve",
        chart_id="chart-colours",
        title=f"Afdelinger pr. farve, regnskabsår {run.data_year}",
        colours=colours,
        unit="Afdelinger",
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


def kommune_fingerprint(kommune: Any) -> list[tuple[Any, tuple[str, ...]]]:
    """The panel shows the newest run's colour counts (results are written with the run) with
    official scores, which arrive by imports that create a ``DataSource`` (in the registry's
    part of the fingerprint)."""
    return [(BenchmarkRun.objects.all(), ("pk", "created_at"))]
