"""Efficiency pages for a kommune, an organisation and a department. Thin: scope → read → render.

Scope comes only from ``accounts.permissions``: outsiders get 404, anonymous users are sent to
the login page. Charts are separate SVG responses with the same scope check.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe

from almen.efficiency import ACCOUNT_GROUPS, INFERRED_NAMES, account_label
from almen.keyfigures import FLAG_TEXTS
from styringsdialog.accounts.permissions import scope_for
from styringsdialog.benchmarking import charts, exports
from styringsdialog.benchmarking.display import shown, shown_for
from styringsdialog.benchmarking.models import KeyFigureResult, OfficialScore
from styringsdialog.benchmarking.queries import pages
from styringsdialog.lib.pagination import paginate
from styringsdialog.registry.models import Department
from styringsdialog.registry.queries import (
    get_department_for_user,
    get_kommune_for_user,
    get_organisation_for_user,
    visible_departments,
)

PAGE_SIZE = 50


def _list_context(request: HttpRequest, sel: pages.Selection, depts: QuerySet) -> dict[str, Any]:
    context: dict[str, Any] = {"sel": sel, "flag_texts": FLAG_TEXTS}
    if sel.run is None:
        return context
    rows, headers = pages.sorted_rows(request, pages.result_rows(sel.run, depts))
    page = paginate(request, rows, PAGE_SIZE)
    flags = pages.flags_for(sel.run, [r.department_id for r in page])
    summary = pages.summary(sel.run, depts, sel.scale)
    context.update(
        summary=summary,
        distribution=charts.distribution_bins(summary.scores, sel.scale),
        headers=headers,
        page_obj=page,
        rows=[(r, shown_for(r, sel.scale), flags.get(r.department_id, [])) for r in page],
    )
    return context


def _export(
    request: HttpRequest, sel: pages.Selection, depts: QuerySet, filename: str
) -> HttpResponse | None:
    fmt = request.GET.get("format", "")
    if fmt not in exports.FORMATS or sel.run is None:
        return None
    return exports.download(request, sel.run, depts, sel.scale, fmt, filename)


@login_required
def kommune_efficiency(request: HttpRequest, code: str) -> HttpResponse:
    kommune = get_kommune_for_user(request.user, code)
    depts = visible_departments(scope_for(request.user), Department.objects.filter(kommune=kommune))
    sel = pages.select_run(request)
    exported = _export(request, sel, depts, f"effektivitet-kommune-{kommune.code}")
    if exported:
        return exported
    context = _list_context(request, sel, depts)
    context.update(kommune=kommune, chart_url=reverse("benchmarking:kommune_chart", args=[code]))
    return render(request, "benchmarking/kommune.html", context)


@login_required
def organisation_efficiency(request: HttpRequest, number: str) -> HttpResponse:
    org = get_organisation_for_user(request.user, number)
    depts = visible_departments(scope_for(request.user), org.departments.all())
    sel = pages.select_run(request)
    exported = _export(request, sel, depts, f"effektivitet-organisation-{org.number}")
    if exported:
        return exported
    context = _list_context(request, sel, depts)
    context.update(
        organisation=org, chart_url=reverse("benchmarking:organisation_chart", args=[number])
    )
    return render(request, "benchmarking/organisation.html", context)


@login_required
def department_efficiency(request: HttpRequest, org_number: str, number: str) -> HttpResponse:
    dept = get_department_for_user(request.user, org_number, number)
    scope = scope_for(request.user)
    sel = pages.select_run(request)
    official = (
        OfficialScore.objects.select_related("source")
        .filter(department=dept, year=sel.year)
        .first()
        if sel.year
        else None
    )
    context: dict[str, Any] = {
        "department": dept,
        "sel": sel,
        "official": official,
        "flag_texts": FLAG_TEXTS,
    }
    latest = pages.latest_runs(sel.method)  # once for both histories
    context["history"] = pages.history(dept, sel.method, sel.scale, latest)
    context["provisions"] = pages.provision_history(dept, sel.method, latest)
    context["history_chart"] = mark_safe(charts.history_chart(context["history"]))
    context["provisions_chart"] = mark_safe(charts.provisions_chart(context["provisions"]))
    result = None
    if sel.run is not None:
        result = (
            sel.run.results.select_related("best_peer__organisation")
            .filter(department=dept)
            .first()
        )
        key = KeyFigureResult.objects.filter(run=sel.run, department=dept).first()
        if key is not None:
            context.update(key=key, **pages.key_context(sel.run, key))
    if sel.run is not None and result is not None:
        peer = result.best_peer
        context.update(
            result=result,
            accounts=_account_rows(result),
            unit=pages.unit_label(sel.run),
            peer_visible=peer is not None
            and visible_departments(scope, Department.objects.filter(pk=peer.pk)).exists(),
            explanation=pages.explanation_parts(result),
            chart_url=reverse("benchmarking:department_chart", args=[org_number, number])
            + "?"
            + sel.query(),
        )
    context["shown"] = shown(
        result.effektivitetstal if result else None,
        result.colour if result else "",
        official.effektivitetstal if official else None,
        official.colour if official else "",
        sel.scale,
    )
    return render(request, "benchmarking/department.html", context)


def _account_rows(result: Any) -> list[dict[str, Any]]:
    return [
        {
            "code": code,
            "label": account_label(code),
            "inferred": code in INFERRED_NAMES,
            "binding": code == result.binding_account,
            **result.per_account[code],
        }
        for code in ACCOUNT_GROUPS
        if code in result.per_account
    ]


def _svg(svg: str) -> HttpResponse:
    resp = HttpResponse(svg, content_type="image/svg+xml")
    resp["Cache-Control"] = "private, max-age=300"
    return resp


@login_required
def kommune_chart(request: HttpRequest, code: str) -> HttpResponse:
    kommune = get_kommune_for_user(request.user, code)
    depts = visible_departments(scope_for(request.user), Department.objects.filter(kommune=kommune))
    sel = pages.select_run(request)
    scores = pages.summary(sel.run, depts, sel.scale).scores if sel.run else []
    return _svg(charts.distribution_svg(scores, sel.scale))


@login_required
def organisation_chart(request: HttpRequest, number: str) -> HttpResponse:
    org = get_organisation_for_user(request.user, number)
    depts = visible_departments(scope_for(request.user), org.departments.all())
    sel = pages.select_run(request)
    scores = pages.summary(sel.run, depts, sel.scale).scores if sel.run else []
    return _svg(charts.distribution_svg(scores, sel.scale))


@login_required
def department_chart(request: HttpRequest, org_number: str, number: str) -> HttpResponse:
    dept = get_department_for_user(request.user, org_number, number)
    sel = pages.select_run(request)
    result = sel.run.results.filter(department=dept).first() if sel.run else None
    # JSON objects may come back with their keys reordered (PostgreSQL jsonb), so re-order here
    stored = result.per_account if result else {}
    per_account = {code: stored[code] for code in ACCOUNT_GROUPS if code in stored}
    labels = {code: account_label(code) for code in per_account}
    unit = pages.unit_label(sel.run) if sel.run else ""
    return _svg(
        charts.accounts_svg(per_account, labels, result.binding_account if result else "", unit)
    )
