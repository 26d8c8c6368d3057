"""Cases: kommune list, department list with "open case", detail with timeline and status."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from styringsdialog.accounts.permissions import (
    can_write_case,
    can_write_department,
    require_meeting_reader,
)
from styringsdialog.lib.pagination import paginate
from styringsdialog.meetings import hooks, services
from styringsdialog.meetings.forms import CaseEntryForm, CaseForm, CaseStatusForm
from styringsdialog.meetings.models import Case, Meeting
from styringsdialog.meetings.queries import get_case_for_user, visible_cases, visible_meetings
from styringsdialog.meetings.views_common import attempt, errors_to_messages
from styringsdialog.registry.queries import get_department_for_user, get_kommune_for_user

PAGE_SIZE = 50


def _status_filter(request: HttpRequest, qs):
    status = request.GET.get("status", "aabne")
    if status == "aabne":
        return qs.open(), status
    if status in Case.Status.values:
        return qs.filter(status=status), status
    return qs, "alle"


@login_required
def kommune_cases(request: HttpRequest, code: str) -> HttpResponse:
    scope = require_meeting_reader(request.user)
    kommune = get_kommune_for_user(request.user, code)
    qs, status = _status_filter(
        request, visible_cases(scope, Case.objects.with_related().filter(kommune=kommune))
    )
    page = paginate(
        request,
        qs.order_by("department__organisation__number", "department__number", "-opened_on"),
        PAGE_SIZE,
    )
    return render(
        request,
        "meetings/case_list.html",
        {"kommune": kommune, "page_obj": page, "status": status, "statuses": Case.Status.choices},
    )


@login_required
def department_cases(request: HttpRequest, org_number: str, number: str) -> HttpResponse:
    """Cases about one department; a caseworker can open a new case here (POST)."""
    scope = require_meeting_reader(request.user)
    department = get_department_for_user(
        request.user, org_number, number, write=request.method == "POST"
    )
    can_open = can_write_department(scope, department)
    form = CaseForm(request.POST or None)
    if request.method == "POST" and can_open and form.is_valid():
        d = form.cleaned_data
        case = attempt(
            request,
            lambda: services.open_case(
                department=department,
                category=d["category"],
                title=d["title"],
                opened_on=d["opened_on"],
                text=d["text"],
                by=request.user,
            ),
            "Sagen er oprettet.",
        )
        if case is not None:
            return redirect("meetings:case", pk=case.pk)
    qs, status = _status_filter(
        request, visible_cases(scope, Case.objects.with_related().filter(department=department))
    )
    context = {
        "department": department,
        "page_obj": paginate(request, qs, PAGE_SIZE),
        "status": status,
        "statuses": Case.Status.choices,
        "form": form if can_open else None,
    }
    return render(request, "meetings/case_list.html", context)


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_meeting_reader(request.user)
    case = get_case_for_user(request.user, pk)
    can_write = can_write_case(scope, case)
    meetings = visible_meetings(scope, Meeting.objects.all()).values("pk")
    context = {
        "case": case,
        "can_write": can_write,
        "entries": case.entries.select_related("author"),
        "links": case.links.filter(agenda_item__meeting__in=meetings).select_related(
            "agenda_item",
            "agenda_item__meeting",
            "agenda_item__meeting__meeting_type",
            "agenda_item__meeting__organisation",
            "agenda_item__meeting__kommune",
        ),
        "department_links": case.links.exclude(department=None).select_related(
            "department", "department__organisation"
        ),
        "entry_form": CaseEntryForm() if can_write and case.status != Case.Status.CLOSED else None,
        "status_form": CaseStatusForm(initial={"status": case.status}) if can_write else None,
        "extra_actions": hooks.page_actions("case", request, case) if can_write else [],
    }
    return render(request, "meetings/case_detail.html", context)


@login_required
@require_POST
def case_entry_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk, write=True)
    form = CaseEntryForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.add_case_entry(case=case, by=request.user, **form.cleaned_data),
            "Notatet er tilføjet.",
        )
    else:
        errors_to_messages(request, form)
    return redirect("meetings:case", pk=case.pk)


@login_required
@require_POST
def case_status(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk, write=True)
    form = CaseStatusForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.change_case_status(case=case, by=request.user, **form.cleaned_data),
            "Sagens status er ændret.",
        )
    else:
        errors_to_messages(request, form)
    return redirect("meetings:case", pk=case.pk)
