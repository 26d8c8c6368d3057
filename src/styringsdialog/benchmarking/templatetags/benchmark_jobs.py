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
    sel = context.get("sel")
    years = list(getattr(sel, "accounting_years", ())) or accounting_years()
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


@register.simple_tag(takes_context=True)
def can_start_run(context: template.Context) -> bool:
    """``{% can_start_run as may_start %}``: whether the reader may start a run."""
    request = context.get("request")
    return request is not None and can_start_benchmark(scope_for(request.user))
