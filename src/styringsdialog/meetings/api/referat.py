"""The referat workflow: send to the organisation, comments, approve, reopen for correction.

Same rules as the meeting page (views_meetings.ACTIONS, comment_add, comment_resolve): the
kommune's caseworkers do the workflow (outsiders 404, readers 403); staff of a participating
organisation comment while the referat is sent (the service checks who may comment).
Publishing lives in ``styringsdialog.publication.api``.
"""

# No ``from __future__ import annotations`` here: django-ninja resolves paginated views at runtime.
from datetime import datetime

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from styringsdialog.accounts.permissions import can_read_minutes, require, scope_for
from styringsdialog.lib.api_types import Note, ObjectId, ObjectIn, Page
from styringsdialog.meetings import services
from styringsdialog.meetings.api.minutes import CommentOut
from styringsdialog.meetings.models import Meeting, ReferatComment
from styringsdialog.meetings.queries import get_meeting_for_user

router = Router(tags=["Referat"])


class ReferatStateOut(Schema):
    meeting_id: int
    referat_status: str
    held: bool
    referat_sent_at: datetime | None
    referat_approved_at: datetime | None
    referat_published_at: datetime | None


class CommentIn(ObjectIn):
    text: Note
    item_id: ObjectId | None = None


class ReopenIn(ObjectIn):
    reason: Note


def _state(meeting: Meeting) -> dict:
    meeting.refresh_from_db()
    return {
        "meeting_id": meeting.pk,
        "referat_status": meeting.referat_status,
        "held": meeting.is_held,
        "referat_sent_at": meeting.referat_sent_at,
        "referat_approved_at": meeting.referat_approved_at,
        "referat_published_at": meeting.referat_published_at,
    }


def _comment(meeting: Meeting, comment_id: int) -> ReferatComment:
    comment = meeting.comments.filter(pk=comment_id).first()
    if comment is None:
        raise Http404("Kommentaren findes ikke.")
    comment.meeting = meeting
    return comment


@router.post(
    "/meetings/{meeting_id}/referat/send",
    response=ReferatStateOut,
    summary="Send referatet til boligorganisationen til kommentering",
)
def send_referat(request: HttpRequest, meeting_id: ObjectId):
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    services.send_referat_to_organisation(meeting=meeting, by=request.user)
    return _state(meeting)


@router.get(
    "/meetings/{meeting_id}/comments",
    response=list[CommentOut],
    summary="Kommentarer og svar til referatet (ældste først)",
)
@paginate(Page)
def list_comments(request: HttpRequest, meeting_id: ObjectId):
    meeting = get_meeting_for_user(request.user, meeting_id)
    require(
        can_read_minutes(scope_for(request.user), meeting),
        "Referatet er ikke sendt til boligorganisationen endnu.",
    )
    return meeting.comments.select_related("author").order_by("created_at", "pk")


@router.post(
    "/meetings/{meeting_id}/comments",
    response={201: CommentOut},
    summary="Kommentér referatet (boligorganisationens medarbejdere, mens det er sendt)",
)
def add_comment(request: HttpRequest, meeting_id: ObjectId, payload: CommentIn):
    meeting = get_meeting_for_user(request.user, meeting_id)  # the service checks who may
    item = None
    if payload.item_id is not None:
        item = meeting.items.filter(pk=payload.item_id).first()
        if item is None:
            raise Http404("Punktet findes ikke.")
    comment = services.add_referat_comment(
        meeting=meeting, by=request.user, text=payload.text, item=item
    )
    return Status(201, comment)


@router.post(
    "/meetings/{meeting_id}/comments/{comment_id}/resolve",
    response=CommentOut,
    summary="Markér en kommentar til referatet som løst",
)
def resolve_comment(request: HttpRequest, meeting_id: ObjectId, comment_id: ObjectId):
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    return services.resolve_referat_comment(comment=_comment(meeting, comment_id), by=request.user)


@router.post(
    "/meetings/{meeting_id}/referat/approve",
    response=ReferatStateOut,
    summary="Godkend referatet",
)
def approve(request: HttpRequest, meeting_id: ObjectId):
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    services.approve_referat(meeting=meeting, by=request.user)
    return _state(meeting)


@router.post(
    "/meetings/{meeting_id}/referat/reopen",
    response=ReferatStateOut,
    summary="Genåbn referatet til rettelser (med begrundelse)",
)
def reopen(request: HttpRequest, meeting_id: ObjectId, payload: ReopenIn):
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    services.reopen_referat_for_correction(meeting=meeting, by=request.user, reason=payload.reason)
    return _state(meeting)
