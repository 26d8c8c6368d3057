"""Minutes per agenda item (optimistic locking), the meeting's change history, comment replies."""

# No ``from __future__ import annotations`` here: django-ninja resolves Query[...] at runtime.
from datetime import datetime
from typing import Annotated

from django.http import Http404, HttpRequest, JsonResponse
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from styringsdialog.accounts.permissions import can_read_minutes, require, scope_for
from styringsdialog.lib.api_types import (
    Note,
    ObjectId,
    ObjectIn,
    Page,
)
from styringsdialog.meetings import services
from styringsdialog.meetings.agenda import item_labels
from styringsdialog.meetings.models import AgendaItem, Meeting
from styringsdialog.meetings.queries import (
    get_meeting_for_user,
)
from styringsdialog.meetings.services.agenda import MAX_MINUTES_CHARS, stored_by

router = Router(tags=["Referat"])

# --- i10-minutes: the minutes of one point, with optimistic locking; the meeting's history ------

MinutesText = Annotated[str, Field(max_length=MAX_MINUTES_CHARS, pattern=r"^[^\x00]*$")]


class MinutesOut(Schema):
    item_id: int
    label: str
    title: str
    minutes: str  # Drøftelse
    decision: str  # Beslutning
    version: int
    in_referat: bool
    updated_at: datetime


class MinutesIn(ObjectIn):
    minutes: MinutesText
    decision: MinutesText | None = None  # leave out to keep the stored Beslutning
    version: int = Field(
        ..., ge=0, le=2_000_000_000, strict=True, description="Versionen du startede fra"
    )


class ChangeOut(Schema):
    at: datetime
    updated_at: datetime
    by: str = Field(..., alias="by_name")
    subject: str
    action: str
    item_id: int | None
    label: str
    field: str
    old_value: str
    new_value: str


def _minutes_out(meeting: Meeting, item: AgendaItem) -> dict:
    label = item_labels(meeting).get(item.pk, "")
    return {
        "item_id": item.pk,
        "label": label,
        "title": item.title,
        "minutes": item.minutes,
        "decision": item.decision,
        "version": item.minutes_version,
        "in_referat": item.in_referat,
        "updated_at": item.updated_at,
    }


def _item(meeting: Meeting, item_id: int) -> AgendaItem:
    item = meeting.items.filter(pk=item_id).first()
    if item is None:
        raise Http404("Punktet findes ikke.")
    item.meeting = meeting
    return item


@router.get(
    "/meetings/{meeting_id}/items/{item_id}/minutes",
    response=MinutesOut,
    summary="Referatet af et punkt (drøftelse, beslutning og version)",
)
def get_minutes(request: HttpRequest, meeting_id: ObjectId, item_id: ObjectId):
    meeting = get_meeting_for_user(request.user, meeting_id)
    # the organisation sees the agenda after the invitation, the draft minutes only once sent
    require(
        can_read_minutes(scope_for(request.user), meeting),
        "Referatet er ikke sendt til boligorganisationen endnu.",
    )
    return _minutes_out(meeting, _item(meeting, item_id))


@router.put(
    "/meetings/{meeting_id}/items/{item_id}/minutes",
    response=MinutesOut,
    summary="Gem referatet af et punkt; 409 med begge tekster, hvis andre har gemt imellemtiden",
)
def put_minutes(request: HttpRequest, meeting_id: ObjectId, item_id: ObjectId, payload: MinutesIn):
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    item = _item(meeting, item_id)
    try:
        services.write_minutes(
            item=item,
            text=payload.minutes,
            decision=payload.decision,
            version=payload.version,
            by=request.user,
        )
    except services.MinutesConflict as conflict:
        stored = conflict.stored
        body = {
            "error": {
                "status": 409,
                "code": "conflict",
                "message": " ".join(conflict.messages),
                "details": [
                    {
                        "location": "body.version",
                        "message": f"Gemt version er {stored.minutes_version}, "
                        f"du startede fra {payload.version}.",
                    }
                ],
                "stored": {
                    "minutes": stored.minutes,
                    "decision": stored.decision,
                    "version": stored.minutes_version,
                    "saved_by": stored_by(stored),
                },
                "yours": {"minutes": conflict.minutes, "decision": conflict.decision},
            }
        }
        return JsonResponse(body, status=409)
    return _minutes_out(meeting, item)


@router.get(
    "/meetings/{meeting_id}/history",
    response=list[ChangeOut],
    summary="Ændringer af mødets referat, dagsorden, deltagere og bilag (nyeste først)",
)
@paginate(Page)
def meeting_changes(request: HttpRequest, meeting_id: ObjectId):
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    return meeting.changes.order_by("-at", "-pk")


class CommentOut(Schema):
    id: int
    item_id: int | None
    parent_id: int | None
    author: str
    text: str
    created_at: datetime
    resolved: bool

    @staticmethod
    def resolve_author(obj) -> str:
        return (obj.author.get_full_name() or obj.author.get_username()).strip()


class ReplyIn(ObjectIn):
    text: Note
    resolve: bool = False


@router.post(
    "/meetings/{meeting_id}/comments/{comment_id}/replies",
    response=CommentOut,
    summary="Svar på en kommentar til referatet (tråd); resolve=true markerer den som løst",
)
def reply_to_comment(
    request: HttpRequest, meeting_id: ObjectId, comment_id: ObjectId, payload: ReplyIn
):
    meeting = get_meeting_for_user(request.user, meeting_id)
    comment = meeting.comments.filter(pk=comment_id).first()
    if comment is None:
        raise Http404("Kommentaren findes ikke.")
    comment.meeting = meeting
    return services.reply_to_referat_comment(
        comment=comment, by=request.user, text=payload.text, resolve=payload.resolve
    )
