"""Agenda editing: items and sub-items, reorder, attachments, case links (minutes:
``views_minutes``).

Every form also works without JavaScript: the view redirects back to the meeting page. With
htmx the view returns only the changed fragment.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from styringsdialog.lib.htmx import HtmxHttpRequest
from styringsdialog.meetings import services
from styringsdialog.meetings.forms import (
    AgendaItemForm,
    AttachmentForm,
    CaseLinkForm,
    RenameForm,
)
from styringsdialog.meetings.models import Case
from styringsdialog.meetings.queries import get_meeting_for_user
from styringsdialog.meetings.views_common import attempt, errors_to_messages, get_item, to_meeting
from styringsdialog.meetings.views_meetings import meeting_page_context


@login_required
@require_POST
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = AgendaItemForm(request.POST)
    if not form.is_valid():
        errors_to_messages(request, form)
        return to_meeting(meeting.pk, "dagsorden")
    parent = get_item(meeting, form.cleaned_data["parent"]) if form.cleaned_data["parent"] else None
    item = attempt(
        request,
        lambda: services.add_agenda_item(
            meeting=meeting, title=form.cleaned_data["title"], parent=parent, by=request.user
        ),
        "Punktet er tilføjet.",
    )
    return to_meeting(meeting.pk, f"punkt-{item.pk}" if item else "dagsorden")


@login_required
@require_POST
def item_rename(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    row = get_item(meeting, item)
    form = RenameForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.rename_agenda_item(
                item=row, title=form.cleaned_data["title"], by=request.user
            ),
            "Overskriften er ændret.",
        )
    else:
        errors_to_messages(request, form)
    return to_meeting(meeting.pk, f"punkt-{row.pk}")


@login_required
@require_POST
def item_move(request: HtmxHttpRequest, pk: int, item: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    row = get_item(meeting, item)
    attempt(
        request,
        lambda: services.move_agenda_item(
            item=row, direction=request.POST.get("direction", ""), by=request.user
        ),
    )
    if request.htmx:
        context = meeting_page_context(request, meeting)
        context["moved"] = row.pk
        return render(request, "meetings/_agenda.html", context)
    return to_meeting(meeting.pk, f"punkt-{row.pk}")


@login_required
@require_POST
def item_delete(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    row = get_item(meeting, item)
    attempt(
        request,
        lambda: services.delete_agenda_item(item=row, by=request.user),
        "Punktet er slettet.",
    )
    return to_meeting(meeting.pk, "dagsorden")


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    row = get_item(meeting, item)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        attempt(
            request,
            lambda: services.add_attachment(
                item=row, upload=form.cleaned_data["file"], by=request.user
            ),
            "Bilaget er gemt.",
        )
    else:
        errors_to_messages(request, form)
    return to_meeting(meeting.pk, f"punkt-{row.pk}")


def _attachment(meeting, attachment_pk: int):
    from styringsdialog.meetings.queries import get_attachment

    return get_attachment(meeting, attachment_pk)


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment: int) -> FileResponse:
    meeting = get_meeting_for_user(request.user, pk)
    row = _attachment(meeting, attachment)
    try:
        handle = row.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Filen findes ikke længere.") from exc
    return FileResponse(
        handle,
        as_attachment=True,
        filename=row.original_name,
        content_type=row.content_type or None,
    )


@login_required
@require_POST
def attachment_remove(request: HttpRequest, pk: int, attachment: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    row = _attachment(meeting, attachment)
    attempt(
        request,
        lambda: services.remove_attachment(attachment=row, by=request.user),
        "Bilaget er slettet.",
    )
    return to_meeting(meeting.pk, f"punkt-{row.item_id}")


@login_required
@require_POST
def case_link_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    cases = Case.objects.filter(kommune=meeting.kommune).select_related("department")
    form = CaseLinkForm(
        request.POST,
        cases=[(c.pk, c.title) for c in cases],
        items=list(meeting.items.values_list("pk", "title")),
    )
    if form.is_valid():
        case = cases.get(pk=form.cleaned_data["case"])
        item = get_item(meeting, form.cleaned_data["item"])
        attempt(
            request,
            lambda: services.link_case_to_item(case=case, agenda_item=item, by=request.user),
            "Sagen er knyttet til punktet.",
        )
    else:
        errors_to_messages(request, form)
    return to_meeting(meeting.pk, "sager")
