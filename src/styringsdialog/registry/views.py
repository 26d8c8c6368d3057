"""Registry pages: kommune overview, organisation, department. Thin: scope → query → render."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Page
from django.db.models import QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from styringsdialog.accounts.permissions import (
    can_configure_kommune,
    can_read_users_of,
    scope_for,
)
from styringsdialog.lib.htmx import HtmxHttpRequest
from styringsdialog.lib.pagination import paginate
from styringsdialog.lib.sorting import Column, apply_sort
from styringsdialog.registry import charts, panels
from styringsdialog.registry.models import Department, Organisation
from styringsdialog.registry.queries import accounts as accounts_queries
from styringsdialog.registry.queries import (
    get_department_for_user,
    get_kommune_for_user,
    get_organisation_for_user,
    overview,
    visible_departments,
)

PAGE_SIZE = 25
ORG_COLUMNS = [
    Column("number", "Nr.", "number"),
    Column("name", "Boligorganisation", "name"),
    Column("departments", "Afdelinger", "n_departments", numeric=True),
    Column("dwellings", "Boliger", "n_dwellings", numeric=True),
    Column("area", "m²", "n_area", numeric=True),
]
DEPT_COLUMNS = [
    Column("org", "Org.", "organisation__number"),
    Column("number", "Afd.", "number"),
    Column("name", "Afdeling", "name"),
    Column("year", "Opført", "year_built", numeric=True),
    Column("dwellings", "Boliger", "dwellings_total", numeric=True),
    Column("area", "m²", "area_total", numeric=True),
    Column("rent", "Husleje kr./m²", "rent_per_m2", numeric=True),
]


def _page(request: HttpRequest, qs: QuerySet[Any], param: str = "page") -> Page[Any]:
    return paginate(request, qs, PAGE_SIZE, param)


@login_required
def kommune_overview(request: HtmxHttpRequest, code: str) -> HttpResponse:
    kommune = get_kommune_for_user(request.user, code)
    scope = scope_for(request.user)
    htmx = bool(request.htmx)
    # The content (summary, panels, table) comes from the cache while the data fingerprint,
    # scope and parameters are unchanged (registry.queries.overview); the page frame with the
    # CSRF token, messages and the user's name is rendered per request.
    timeout = settings.OVERVIEW_CACHE_SECONDS
    key = overview.content_cache_key(request, kommune, scope, htmx=htmx) if timeout else ""
    content = cache.get(key) if key else None
    if content is None:
        template = "registry/_kommune_table.html" if htmx else "registry/_kommune_content.html"
        content = render_to_string(template, _overview_context(request, kommune, scope), request)
        if key:
            cache.set(key, content, timeout)
    if htmx:
        return HttpResponse(content)
    context = {
        "kommune": kommune,
        "content": mark_safe(content),
        "can_configure": can_configure_kommune(scope, kommune.pk),
        "can_read_users": can_read_users_of(scope, kommune.pk),  # h16a
    }
    return render(request, "registry/kommune.html", context)


def _overview_context(request: HttpRequest, kommune: Any, scope: Any) -> dict[str, Any]:
    tab = "departments" if request.GET.get("tab") == "departments" else "organisations"
    term = request.GET.get("q", "")[:100]
    depts = visible_departments(scope, Department.objects.filter(kommune=kommune))
    summary = accounts_queries.department_summary(depts)
    context = {
        "kommune": kommune,
        "tab": tab,
        "q": term,
        "totals": summary,
        "n_departments": summary["n"],
        "mean_rent": summary["mean_rent"],
        "panels": panels.kommune_panels(request, kommune),
    }
    if tab == "organisations":
        # The organisations owning a visible department here: for every scope that can open
        # this page, the same as the visible organisations with a department here, without
        # visible_organisations' second join over all departments (about eight times slower on
        # København's 805 departments, docs/benchmarks.md).
        orgs = (
            Organisation.objects.filter(pk__in=depts.values("organisation_id"))
            .with_totals_in(kommune.pk)
            .search(term)
        )
        ordered, context["headers"] = apply_sort(request, orgs, ORG_COLUMNS, "name")
        page = _page(request, ordered)
        context["page_obj"] = page
        context["n_organisations"] = page.paginator.count
    else:
        rows = depts.select_related("organisation").search(term)
        ordered, context["headers"] = apply_sort(request, rows, DEPT_COLUMNS, "name")
        context["page_obj"] = _page(request, ordered)
    return context


@login_required
def organisation_detail(request: HttpRequest, number: str) -> HttpResponse:
    org = get_organisation_for_user(request.user, number)
    scope = scope_for(request.user)
    depts = visible_departments(scope, org.departments.select_related("kommune"))
    term = request.GET.get("q", "")[:100]
    rows, headers = apply_sort(request, depts.search(term), DEPT_COLUMNS, "number")
    totals = depts.aggregate(dwellings=Sum("dwellings_total"), area=Sum("area_total"))
    context = {
        "organisation": org,
        "page_obj": _page(request, rows),
        "headers": headers,
        "q": term,
        "totals": totals,
        "n_departments": depts.count(),
        "mean_rent": accounts_queries.area_weighted_rent(depts),
        "panels": panels.organisation_panels(request, org),
    }
    return render(request, "registry/organisation.html", context)


@login_required
def department_detail(request: HttpRequest, org_number: str, number: str) -> HttpResponse:
    dept = get_department_for_user(request.user, org_number, number)
    accounts = accounts_queries.account_table(dept, years=5)
    context = {
        "department": dept,
        "accounts": accounts,
        "accounts_chart": mark_safe(charts.accounts_chart(accounts)),
        "facts": accounts_queries.fact_table(dept),
        "panels": panels.department_panels(request, dept),
    }
    return render(request, "registry/department.html", context)
