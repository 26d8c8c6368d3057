"""Reconciliation pages: the kommune report, its exports, a department's units, unmatched units.
Thin: scope (``accounts.permissions``) → named read (``queries``) → render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from almen import registers as R
from styringsdialog.accounts.permissions import (
    can_see_unmatched_units,
    can_write_organisation,
    not_found,
    scope_for,
)
from styringsdialog.lib.pagination import paginate
from styringsdialog.registers import exports, queries
from styringsdialog.registers.models import ReconciliationRun
from styringsdialog.registers.services import cases
from styringsdialog.registry.queries import get_department_for_user, get_kommune_for_user

UNITS_PER_PAGE = 100


def briefing_url(organisation: Any, year: int | None = None) -> str | None:
    """The meetings app's briefing page for ``organisation`` (where a register point can be put on
    the agenda), or None when that app is not installed. Looked up by name: no import of meetings."""
    try:
        url = reverse("meetings:briefing", args=[organisation.number])
    except NoReverseMatch:
        return None
    return f"{url}?aar={year or timezone.localdate().year}"


@login_required
def kommune_reconciliation(request: HttpRequest, code: str) -> HttpResponse:
    kommune = get_kommune_for_user(request.user, code)
    scope = scope_for(request.user)
    organisation = request.GET.get("organisation", "")[:4]
    raw_year = request.GET.get("aar", "")[:4]
    year = int(raw_year) if raw_year.isascii() and raw_year.isdigit() else None
    data = queries.kommune_report(
        kommune=kommune,
        scope=scope,
        organisation=organisation if organisation.isdigit() else "",
        year=year,
    )
    briefing = {}
    if data is not None:
        for row in data.departments:
            org = row.department.organisation
            if org.pk not in briefing and can_write_organisation(scope, org):
                briefing[org.pk] = briefing_url(org)
    context = {
        "kommune": kommune,
        "report": data,
        "organisation": organisation,
        "briefing": briefing,
        "legend": [(code, label, R.REASON_DESCRIPTIONS[code]) for code, label in R.REASONS.items()],
        "can_see_unmatched": can_see_unmatched_units(scope, kommune.pk),
        "year": year,
        "run_years": queries.run_years(kommune),
    }
    return render(request, "registers/afstemning.html", context)


@login_required
def kommune_reconciliation_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    kommune = get_kommune_for_user(request.user, code)
    data = queries.kommune_report(kommune=kommune, scope=scope_for(request.user))
    if data is None or fmt not in exports.FORMATS:
        raise Http404("Der er ingen afstemning at eksportere.")
    return exports.download(data, kommune, fmt)


@login_required
def department_reconciliation(request: HttpRequest, org_number: str, number: str) -> HttpResponse:
    department = get_department_for_user(request.user, org_number, number)
    run = ReconciliationRun.objects.select_related(
        "bbr_snapshot", "lbf_snapshot"
    ).latest_for_department(department)
    context: dict[str, Any] = {"department": department, "run": run, "reasons": R.REASONS}
    if run is not None:
        units = queries.department_units(run=run, department=department)
        context.update(
            figures=queries.department_figures(run=run, department=department),
            parts=list(run.differences.filter(department=department)),
            page_obj=paginate(request, units, UNITS_PER_PAGE),
            n_units=len(units),
            n_counted=sum(1 for u in units if u.verdict.counted),
        )
    return render(request, "registers/afstemning_afdeling.html", context)


@login_required
@require_POST
def open_difference_case(request: HttpRequest, org_number: str, number: str) -> HttpResponse:
    """ "Opret sag" on the report: the department's difference becomes a case for the
    organisation (``services.cases``); back to the report with the error if it cannot."""
    department = get_department_for_user(request.user, org_number, number, write=True)
    try:
        case, created = cases.open_difference_case(department=department, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("registers:afstemning", code=department.kommune.code)
    if created:
        messages.success(request, "Sagen er oprettet.")
    else:
        messages.info(request, "Der findes allerede en åben sag om uoverensstemmelsen.")
    return redirect("meetings:case", pk=case.pk)


@login_required
def unmatched(request: HttpRequest, code: str) -> HttpResponse:
    kommune = get_kommune_for_user(request.user, code)
    scope = scope_for(request.user)
    if not can_see_unmatched_units(scope, kommune.pk):
        not_found("Siden findes ikke.")
    run = ReconciliationRun.objects.select_related(
        "bbr_snapshot", "lbf_snapshot"
    ).latest_for_kommune(kommune)
    units = queries.unmatched_units(run=run, kommune_code=kommune.code) if run else []
    context = {
        "kommune": kommune,
        "run": run,
        "page_obj": paginate(request, units, UNITS_PER_PAGE),
        "n_units": len(units),
    }
    return render(request, "registers/ukoblede.html", context)
