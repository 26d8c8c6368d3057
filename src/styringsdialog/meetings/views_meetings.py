"""Meeting pages: lists, create, detail, details form, status actions, participants, comments."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from styringsdialog.accounts.permissions import (
    can_comment_on_referat,
    can_read_minutes,
    can_write_meeting,
    can_write_organisation,
    require_meeting_reader,
    scope_for,
)
from styringsdialog.lib.pagination import paginate
from styringsdialog.lib.params import bounded_int
from styringsdialog.meetings import hooks, services, workflow
from styringsdialog.meetings.agenda import flatten
from styringsdialog.meetings.forms import (
    AgendaItemForm,
    AgreementForm,
    AttachmentForm,
    CaseLinkForm,
    CommentForm,
    ConfirmForm,
    MeetingCreateForm,
    MeetingDetailsForm,
    ParticipantForm,
    ParticipantUserForm,
)
from styringsdialog.meetings.history import describe, meeting_history
from styringsdialog.meetings.models import Case, Meeting
from styringsdialog.meetings.queries import (
    followup_agreements,
    get_meeting_for_user,
    participant_user_choices,
    visible_agreements,
    visible_meetings,
)
from styringsdialog.meetings.services.meetings import participating_organisation_ids
from styringsdialog.meetings.views_common import (
    agenda_nodes,
    attempt,
    errors_to_messages,
    item_choices,
    to_meeting,
)
from styringsdialog.registry.models import Department, Organisation
from styringsdialog.registry.queries import get_kommune_for_user, get_organisation_for_user

PAGE_SIZE = 25
RS = Meeting.ReferatStatus
# action slug → (service, allowed when, button label, confirmation text, success message)
ACTIONS: dict[str, tuple[Any, Any, str, str, str]] = {
    "afholdt": (
        services.mark_meeting_held,
        lambda m: not m.is_held,  # offered (perhaps disabled, see BLOCKERS) while this holds
        "Markér mødet som afholdt",
        "Når mødet er markeret som afholdt, frigives organisationens nøgletal.",
        "Mødet er markeret som afholdt.",
    ),
    "send": (
        services.send_referat_to_organisation,
        lambda m: m.referat_status == RS.DRAFT,
        "Send referat til organisationen",
        "Organisationens medarbejdere kan derefter læse og kommentere referatet.",
        "Referatet er sendt til organisationen.",
    ),
    "godkend": (
        services.approve_referat,
        lambda m: m.referat_status == RS.SENT,
        "Godkend referat",
        "Et godkendt referat kan ikke ændres, medmindre det genåbnes.",
        "Referatet er godkendt.",
    ),
    "genaabn": (
        services.reopen_referat_for_correction,
        lambda m: m.referat_status != RS.DRAFT,
        "Genåbn referat til rettelser",
        "Referatet bliver en kladde igen. Et allerede offentliggjort referat forbliver offentligt, indtil en ny version offentliggøres.",
        "Referatet er genåbnet til rettelser.",
    ),
}
# i10-minutes: why an offered action cannot be done now (the same predicate the service uses);
# the page shows the action disabled with this reason.
BLOCKERS = {
    "afholdt": workflow.held_blocker,
    "send": workflow.send_blocker,
    "godkend": workflow.approve_blocker,
    "genaabn": workflow.reopen_blocker,
}


def _page(request: HttpRequest, qs: Any) -> Any:
    return paginate(request, qs, PAGE_SIZE)


def _year(request: HttpRequest) -> int | None:
    return bounded_int(request.GET.get("aar"), minimum=2000, maximum=2100)


@login_required
def kommune_meetings(request: HttpRequest, code: str) -> HttpResponse:
    scope = require_meeting_reader(request.user)
    kommune = get_kommune_for_user(request.user, code)
    qs = visible_meetings(scope, Meeting.objects.with_related().filter(kommune=kommune))
    year = _year(request)
    if year:
        qs = qs.filter(styringsaar=year)
    context = {
        "kommune": kommune,
        "page_obj": _page(request, qs),
        "year": year,
        "can_create": scope.can_write_kommune(kommune.pk),
    }
    return render(request, "meetings/meeting_list.html", context)


@login_required
def organisation_meetings(request: HttpRequest, number: str) -> HttpResponse:
    scope = require_meeting_reader(request.user)
    org = get_organisation_for_user(request.user, number)
    qs = visible_meetings(scope, Meeting.objects.with_related().for_organisation(org.pk))
    context = {
        "organisation": org,
        "page_obj": _page(request, qs),
        "can_create": can_write_organisation(scope, org),
    }
    return render(request, "meetings/meeting_list.html", context)


def _organisations_in(kommune: Any) -> Any:
    return (
        Organisation.objects.filter(Q(home_kommune=kommune) | Q(departments__kommune=kommune))
        .distinct()
        .order_by("name")
    )


@login_required
def meeting_create(request: HttpRequest, code: str) -> HttpResponse:
    require_meeting_reader(request.user)
    kommune = get_kommune_for_user(request.user, code, write=True)
    types = services.ensure_meeting_types(kommune=kommune)
    template = services.ensure_default_template(kommune=kommune)
    form = MeetingCreateForm(
        request.POST or None,
        organisations=_organisations_in(kommune),
        meeting_types=kommune.meeting_types.all(),
        templates=kommune.agenda_templates.all(),
        initial={
            "meeting_type": types[0].pk,
            "template": template.pk,
            "organisation": Organisation.objects.filter(
                number=request.GET.get("organisation", "")
            ).first(),
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        meeting = attempt(
            request,
            lambda: services.create_meeting_from_template(
                kommune=kommune,
                organisation=d["organisation"],
                styringsaar=d["styringsaar"],
                date=d["date"],
                start_time=d["start_time"],
                place=d["place"],
                meeting_type=d["meeting_type"],
                template=d["template"],
                by=request.user,
            ),
            "Mødet er oprettet med dagsorden fra skabelonen.",
        )
        if meeting is not None:
            return to_meeting(meeting.pk)
    return render(request, "meetings/meeting_form.html", {"kommune": kommune, "form": form})


def meeting_page_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    scope = scope_for(request.user)
    can_write = can_write_meeting(scope, meeting)
    nodes = agenda_nodes(meeting)
    items = item_choices(nodes)
    org_ids = participating_organisation_ids(meeting)
    context: dict[str, Any] = {
        "meeting": meeting,
        "nodes": nodes,
        "can_write": can_write and meeting.is_editable,
        "is_kommune": can_write,
        "can_comment": can_comment_on_referat(scope, meeting, org_ids),
        "participants": meeting.participants.select_related("organisation"),
        "agreements": visible_agreements(
            scope, meeting.agreements.select_related("agenda_item").prefetch_related("departments")
        ),
        "followup": visible_agreements(scope, followup_agreements(meeting)),
        "comments": meeting.comments.filter(parent=None)
        .select_related("author", "item")
        .prefetch_related("replies__author"),
        "open_comments": workflow.open_comment_count(meeting),
        "events": meeting.events.select_related("by"),
        "other_organisations": list(meeting.other_organisations.all()),
        "labels": {n.item.pk: n.label for n in flatten(nodes)},
        "panels": hooks.meeting_panels(request, meeting),
        # i10-invite: before the referat is sent the organisation sees the agenda, not the minutes
        "hide_minutes": not can_read_minutes(scope, meeting),
        "can_invite": can_write and meeting.is_editable and not meeting.is_held,
    }
    if can_write:
        context["actions"] = [
            (slug, a[2], BLOCKERS[slug](meeting)) for slug, a in ACTIONS.items() if a[1](meeting)
        ]
        context["history"] = [(c, describe(c)) for c in meeting_history(meeting)]
        context["extra_actions"] = hooks.meeting_actions(request, meeting)
    if context["can_write"]:
        departments = Department.objects.filter(organisation_id__in=org_ids).select_related(
            "organisation"
        )
        open_cases = (
            Case.objects.open()
            .filter(kommune=meeting.kommune, department__organisation_id__in=org_ids)
            .select_related("department")
        )
        context.update(
            participant_form=ParticipantForm(),
            participant_user_form=ParticipantUserForm(users=participant_user_choices(meeting)),
            item_form=AgendaItemForm(),
            attachment_form=AttachmentForm(),
            details_form=MeetingDetailsForm(
                initial={
                    "date": meeting.date,
                    "start_time": meeting.start_time,
                    "place": meeting.place,
                }
            ),
            agreement_form=AgreementForm(items=items, departments=departments, scope=scope),
            case_link_form=CaseLinkForm(
                cases=[(c.pk, f"{c.department.name}: {c.title}") for c in open_cases], items=items
            )
            if open_cases
            else None,
        )
    if context["can_comment"]:
        context["comment_form"] = CommentForm(items=items)
    return context


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    return render(request, "meetings/meeting_detail.html", meeting_page_context(request, meeting))


@login_required
@require_POST
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = MeetingDetailsForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.update_meeting_details(
                meeting=meeting, by=request.user, **form.cleaned_data
            ),
            "Mødets oplysninger er gemt.",
        )
    else:
        errors_to_messages(request, form)
    return to_meeting(meeting.pk)


@login_required
def meeting_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """GET: a confirmation page; POST: run the workflow step."""
    if action not in ACTIONS:
        raise Http404("Handlingen findes ikke.")
    meeting = get_meeting_for_user(request.user, pk, write=True)
    service, relevant, label, explanation, success = ACTIONS[action]
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        kwargs = {"reason": form.cleaned_data["reason"]} if action == "genaabn" else {}
        if (
            attempt(request, lambda: service(meeting=meeting, by=request.user, **kwargs), success)
            is not None
        ):
            return to_meeting(meeting.pk)
    context = {
        "meeting": meeting,
        "action": action,
        "label": label,
        "explanation": explanation,
        "allowed": relevant(meeting) and not BLOCKERS[action](meeting),
        "reason": BLOCKERS[action](meeting),
        "open_comments": meeting.comments.filter(parent=None, resolved=False).select_related(
            "author", "item"
        )
        if action == "godkend"
        else [],
        "form": form,
        "needs_reason": action == "genaabn",
    }
    return render(request, "meetings/meeting_action.html", context)


@login_required
@require_POST
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = ParticipantForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.add_participant(meeting=meeting, by=request.user, **form.cleaned_data),
            "Deltageren er tilføjet.",
        )
    else:
        errors_to_messages(request, form)
    return to_meeting(meeting.pk, "deltagere")


@login_required
@require_POST
def participant_remove(request: HttpRequest, pk: int, participant: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    row = meeting.participants.filter(pk=participant).first()
    if row is None:
        raise Http404("Deltageren findes ikke.")
    row.meeting = meeting
    attempt(
        request,
        lambda: services.remove_participant(participant=row, by=request.user),
        "Deltageren er fjernet.",
    )
    return to_meeting(meeting.pk, "deltagere")


@login_required
@require_POST
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(
        request.user, pk
    )  # read access; the service checks who may comment
    form = CommentForm(request.POST, items=list(meeting.items.values_list("pk", "title")))
    if form.is_valid():
        item = (
            meeting.items.filter(pk=form.cleaned_data["item"]).first()
            if form.cleaned_data["item"]
            else None
        )
        attempt(
            request,
            lambda: services.add_referat_comment(
                meeting=meeting, by=request.user, text=form.cleaned_data["text"], item=item
            ),
            "Din kommentar er sendt til kommunen.",
        )
    else:
        errors_to_messages(request, form)
    return to_meeting(meeting.pk, "kommentarer")


@login_required
@require_POST
def comment_resolve(request: HttpRequest, pk: int, comment: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    row = meeting.comments.filter(pk=comment).first()
    if row is None:
        raise Http404("Kommentaren findes ikke.")
    attempt(
        request,
        lambda: services.resolve_referat_comment(comment=row, by=request.user),
        "Kommentaren er markeret som løst.",
    )
    return to_meeting(meeting.pk, "kommentarer")
