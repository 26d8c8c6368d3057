"""Agreements: add from a meeting, kommune list with filters, detail with history, status."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from styringsdialog.accounts.permissions import (
    agreement_write_level,
    require_meeting_reader,
    scope_for,
)
from styringsdialog.lib.pagination import paginate
from styringsdialog.meetings import hooks, services
from styringsdialog.meetings.forms import AgreementFilterForm, AgreementForm, AgreementStatusForm
from styringsdialog.meetings.models import Agreement
from styringsdialog.meetings.queries import (
    get_agreement_for_user,
    get_meeting_for_user,
    today,
    visible_agreements,
)
from styringsdialog.meetings.services.agreements import allowed_statuses
from styringsdialog.meetings.services.meetings import participating_organisation_ids
from styringsdialog.meetings.views_common import attempt, errors_to_messages, get_item, to_meeting
from styringsdialog.registry.models import Department
from styringsdialog.registry.queries import get_kommune_for_user

PAGE_SIZE = 50


@login_required
@require_POST
def agreement_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    departments = Department.objects.filter(
        organisation_id__in=participating_organisation_ids(meeting)
    )
    form = AgreementForm(
        request.POST,
        items=list(meeting.items.values_list("pk", "title")),
        departments=departments,
        scope=scope_for(request.user),
    )
    if not form.is_valid():
        errors_to_messages(request, form)
        return to_meeting(meeting.pk, "aftaler")
    d = form.cleaned_data
    item = get_item(meeting, d["item"]) if d["item"] else None
    attempt(
        request,
        lambda: services.add_agreement(
            meeting=meeting,
            text=d["text"],
            responsible_side=d["responsible_side"],
            by=request.user,
            agenda_item=item,
            responsible_person=d["responsible_person"],
            deadline=d["deadline"],
            departments=d["departments"],
        ),
        "Aftalen er oprettet.",
    )
    return to_meeting(meeting.pk, "aftaler")


def filter_agreements(qs, form: AgreementFilterForm):
    """Apply the list filters: status (or "aabne"), overdue only, organisation number/name."""
    if not form.is_valid():
        return qs
    d = form.cleaned_data
    if d["status"] == "aabne":
        qs = qs.unresolved()
    elif d["status"]:
        qs = qs.filter(status=d["status"])
    if d["overdue"]:
        qs = qs.overdue()
    term = d["organisation"].strip()
    if term:
        qs = (
            qs.filter(Q(organisation__number=term.zfill(4)) | Q(organisation__name__icontains=term))
            if term.isdigit()
            else qs.filter(organisation__name__icontains=term)
        )
    return qs


@login_required
def kommune_agreements(request: HttpRequest, code: str) -> HttpResponse:
    scope = require_meeting_reader(request.user)
    kommune = get_kommune_for_user(request.user, code)
    form = AgreementFilterForm(request.GET or None)
    qs = visible_agreements(scope, Agreement.objects.with_related().filter(kommune=kommune))
    qs = filter_agreements(qs, form).order_by("deadline", "pk")
    page = paginate(request, qs, PAGE_SIZE)
    return render(
        request,
        "meetings/agreement_list.html",
        {"kommune": kommune, "form": form, "page_obj": page, "today": today()},
    )


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, pk)
    level = agreement_write_level(scope_for(request.user), agreement)
    statuses = allowed_statuses(agreement, level)
    can_note = level is not None and agreement.status not in Agreement.FINAL_STATUSES
    context = {
        "agreement": agreement,
        "level": level,
        "events": agreement.events.select_related("by"),
        "departments": agreement.departments.select_related("organisation"),
        "carried_to": agreement.carried_to.all(),
        "status_form": AgreementStatusForm(
            statuses=statuses, current=agreement.status, initial={"version": agreement.version}
        )
        if can_note
        else None,
        "today": today(),
        "extra_actions": hooks.page_actions("agreement", request, agreement),
    }
    return render(request, "meetings/agreement_detail.html", context)


@login_required
@require_POST
def agreement_status(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, pk, write=True)
    form = AgreementStatusForm(
        request.POST, statuses=list(Agreement.Status.values), current=agreement.status
    )
    if form.is_valid():
        d = form.cleaned_data
        message = (
            "Bemærkningen er gemt."
            if d["status"] == agreement.status
            else "Aftalens status er ændret."
        )
        attempt(
            request,
            lambda: services.change_agreement_status(
                agreement=agreement,
                status=d["status"],
                by=request.user,
                note=d["note"],
                version=d["version"],
            ),
            message,
        )
    else:
        errors_to_messages(request, form)
    return redirect("meetings:agreement", pk=agreement.pk)
