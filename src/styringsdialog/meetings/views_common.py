"""Helpers shared by the meeting views: service errors as messages, redirects, page data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from styringsdialog.meetings.agenda import AgendaNode, build_tree, flatten
from styringsdialog.meetings.models import AgendaItem, Agreement, CaseLink, Meeting

T = TypeVar("T")


def attempt(request: HttpRequest, action: Callable[[], T], success: str = "") -> T | None:
    """Run a service call; a ValidationError becomes an error message (and None)."""
    try:
        result = action()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return None
    if success:
        messages.success(request, success)
    return result


def errors_to_messages(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for e in errors:
            messages.error(request, f"{label}: {e}" if label else e)


def to_meeting(meeting_pk: int, anchor: str = "") -> HttpResponse:
    return redirect(
        reverse("meetings:meeting", args=[meeting_pk]) + (f"#{anchor}" if anchor else "")
    )


def agenda_nodes(meeting: Meeting) -> list[AgendaNode]:
    """The numbered agenda with everything the page shows per item, in a fixed number of queries."""
    items = meeting.items.prefetch_related(
        "attachments",
        Prefetch("agreements", queryset=Agreement.objects.order_by("pk")),
        Prefetch(
            "case_links", queryset=CaseLink.objects.select_related("case", "case__department")
        ),
        "comments__author",
    )
    return build_tree(items)


def item_choices(nodes: list[AgendaNode]) -> list[tuple[int, str]]:
    return [(n.item.pk, f"{n.label} {n.item.title}"[:90]) for n in flatten(nodes)]


def get_item(meeting: Meeting, item_pk: int) -> AgendaItem:
    from styringsdialog.meetings.queries import get_agenda_item

    return get_agenda_item(meeting, item_pk)
