"""Writing the minutes of a point (issue 10, item 1): nothing typed is ever lost.

* Without JavaScript the editor is its own page per point (``GET …/punkter/<id>/referat/``):
  nothing else on that page can be submitted, so nothing typed elsewhere can be discarded.
* With htmx the meeting page loads the same editor inline (``?inline=1``), autosaves it
  (debounced, ``minutes.js`` warns before leaving and saves dirty editors before any other
  form on the page is sent), and a save answers with the status line only.
* Optimistic locking: every save carries the version it started from; a conflict shows both
  texts and lets the writer choose (``services.write_minutes`` / ``MinutesConflict``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from styringsdialog.lib.htmx import HtmxHttpRequest
from styringsdialog.meetings import services
from styringsdialog.meetings.agenda import flatten
from styringsdialog.meetings.forms import MinutesForm, ReplyForm
from styringsdialog.meetings.models import AgendaItem, Meeting
from styringsdialog.meetings.queries import get_meeting_for_user
from styringsdialog.meetings.services.agenda import MinutesConflict
from styringsdialog.meetings.views_common import (
    agenda_nodes,
    attempt,
    errors_to_messages,
    get_item,
    to_meeting,
)


def _neighbours(meeting: Meeting, item: AgendaItem) -> tuple[str, Any, Any]:
    """(label of the item, previous node, next node) in agenda order."""
    nodes = flatten(agenda_nodes(meeting))
    index = next((i for i, n in enumerate(nodes) if n.item.pk == item.pk), 0)
    before = nodes[index - 1] if index > 0 else None
    after = nodes[index + 1] if index + 1 < len(nodes) else None
    return nodes[index].label if nodes else "", before, after


def _editor_context(meeting: Meeting, item: AgendaItem, **extra: Any) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "item": item,
        "minutes_text": item.minutes,
        "decision_text": item.decision,
        "version": item.minutes_version,
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def minutes_edit(request: HtmxHttpRequest, pk: int, item: int) -> HttpResponse:
    """GET: the editor (a page, or with ``?inline=1`` under htmx the fragment); POST: save."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    row = get_item(meeting, item)
    inline = bool(request.htmx)
    if request.method == "GET":
        context = _editor_context(meeting, row, inline=inline)
        if inline:
            return render(request, "meetings/_minutes_editor.html", context)
        return _page(request, meeting, row, context)
    form = MinutesForm(request.POST)
    if not form.is_valid():
        errors_to_messages(request, form)
        return to_meeting(meeting.pk, f"punkt-{row.pk}")
    d = form.cleaned_data
    try:
        services.write_minutes(
            item=row,
            text=d["minutes"],
            decision=d["decision"],
            version=d["version"],
            by=request.user,
        )
    except MinutesConflict as conflict:
        context = _editor_context(
            meeting,
            row,
            inline=inline,
            minutes_text=conflict.minutes,
            decision_text=conflict.decision,
            version=d["version"],
            conflict=conflict,
            stored=conflict.stored,
        )
        if inline:
            return render(request, "meetings/_minutes_status.html", context)
        return _page(request, meeting, row, context, status=409)
    except ValidationError as exc:  # too long, referat approved …
        context = _editor_context(
            meeting,
            row,
            inline=inline,
            minutes_text=d["minutes"],
            decision_text=d["decision"],
            version=d["version"],
            errors=exc.messages,
        )
        if inline:
            return render(request, "meetings/_minutes_status.html", context)
        return _page(request, meeting, row, context, status=400)
    if inline:
        context = _editor_context(meeting, row, inline=True, saved_at=timezone.localtime())
        return render(request, "meetings/_minutes_status.html", context)
    messages.success(request, "Referatet af punktet er gemt.")
    target = request.POST.get("next", "")
    if target.isdigit() and meeting.items.filter(pk=int(target)).exists():
        return HttpResponse(
            status=303,
            headers={"Location": reverse("meetings:minutes_save", args=[meeting.pk, target])},
        )
    return to_meeting(meeting.pk, f"punkt-{row.pk}")


def _page(
    request: HtmxHttpRequest,
    meeting: Meeting,
    item: AgendaItem,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    label, before, after = _neighbours(meeting, item)
    context.update(label=label, before=before, after=after)
    return render(request, "meetings/minutes_edit.html", context, status=status)


@login_required
@require_POST
def comment_reply(request: HtmxHttpRequest, pk: int, comment: int) -> HttpResponse:
    """An answer in a comment's thread (read access; the service checks who may answer)."""
    meeting = get_meeting_for_user(request.user, pk)
    row = meeting.comments.filter(pk=comment).first()
    if row is None:
        raise Http404("Kommentaren findes ikke.")
    row.meeting = meeting
    form = ReplyForm(request.POST, prefix=f"svar-{row.pk}")
    if form.is_valid():
        attempt(
            request,
            lambda: services.reply_to_referat_comment(
                comment=row,
                by=request.user,
                text=form.cleaned_data["text"],
                resolve=form.cleaned_data["resolve"],
            ),
            "Dit svar er gemt.",
        )
    else:
        errors_to_messages(request, form)
    return to_meeting(meeting.pk, f"kommentar-{row.pk}")
