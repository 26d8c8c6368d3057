"""``{% start_run_form %}``: the "Start beregning" form on the efficiency pages, shown only to
those who may start a run (``accounts.permissions.can_start_benchmark``)."""

from __future__ import annotations

from typing import Any

from django import template

from styringsdialog.accounts.permissions import can_start_benchmark, scope_for
from styringsdialog.benchmarking.models import BenchmarkRun
from styringsdialog.benchmarking.queries.inputs import accounting_years

register = template.Library()


@register.inclusion_tag("benchmarking/_start_run.html", takes_context=True)
def start_run_form(context: template.Context) -> dict[str, Any]:
    request = context["request"]
    if not can_start_benchmark(scope_for(request.user)):
        return {"show": False}
    years = accounting_years()
    sel = context.get("sel")
    year = getattr(sel, "year", None)
    return {
        "show": True,
        "years": years,
        "year": year if year in years else (years[0] if years else None),
        "methods": BenchmarkRun.Method.choices,
        "method": getattr(sel, "method", "fdh"),
        "next": request.path,
        "csrf_token": context.get("csrf_token"),
    }
