"""The meeting and referat workflow: held → referat sent → comments → approved → published.

Publishing itself (the immutable version, HTML/PDF/DOCX) is done by ``publication``, which calls
``mark_referat_published`` in the same transaction as it stores the version, and
``reopen_referat_for_correction`` to start a corrected version.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from styringsdialog.accounts.permissions import (
    can_comment_on_referat,
    can_write_meeting,
    scope_for,
)
from styringsdialog.meetings import notifications
from styringsdialog.meetings.history import Subject, record
from styringsdialog.meetings.models import (
    AgendaItem,
    Attachment,
    Meeting,
    MeetingEvent,
    ReferatComment,
)
from styringsdialog.meetings.services.meetings import _clean_text, participating_organisation_ids
from styringsdialog.meetings.workflow import (
    approve_blocker,
    held_blocker,
    reopen_blocker,
    send_blocker,
)
from styringsdialog.registry import events

RS = Meeting.ReferatStatus


def _locked(meeting: Meeting) -> Meeting:
    """Re-read the meeting under a row lock so two clicks cannot both change the state."""
    fresh = Meeting.objects.select_for_update().get(pk=meeting.pk)
    for f in (
        "status",
        "held_at",
        "held_by_id",
        "referat_status",
        "referat_sent_at",
        "referat_approved_at",
        "referat_approved_by_id",
        "referat_published_at",
    ):
        setattr(meeting, f, getattr(fresh, f))
    return meeting


def _log(
    meeting: Meeting, by: Any, action: str, note: str = "", at: datetime | None = None
) -> None:
    MeetingEvent.objects.create(
        meeting=meeting, by=by, action=action, note=note, at=at or timezone.now()
    )


@transaction.atomic
def mark_meeting_held(*, meeting: Meeting, by: Any, at: datetime | None = None) -> Meeting:
    """Mark the meeting as held (this is what releases the organisation's key figures)."""
    _locked(meeting)
    if blocker := held_blocker(meeting):
        raise ValidationError(blocker)
    meeting.status = Meeting.Status.HELD
    meeting.held_at = at or timezone.now()
    meeting.held_by = by
    meeting.save(update_fields=["status", "held_at", "held_by", "updated_at"])
    _log(meeting, by, "held", at=meeting.held_at)
    event = events.MeetingHeld(
        meeting_id=meeting.pk,
        organisation_ids=tuple(sorted(participating_organisation_ids(meeting))),
        styringsaar=meeting.styringsaar,
        held_on=meeting.date,
        by=by,
    )
    transaction.on_commit(lambda: events.meeting_held(event))  # e.g. intake marks the package
    return meeting


@transaction.atomic
def send_referat_to_organisation(*, meeting: Meeting, by: Any) -> Meeting:
    """The draft goes to the organisation, whose staff can now read and comment on it."""
    _locked(meeting)
    if blocker := send_blocker(meeting):
        raise ValidationError(blocker)
    meeting.referat_status = RS.SENT
    meeting.referat_sent_at = timezone.now()
    meeting.save(update_fields=["referat_status", "referat_sent_at", "updated_at"])
    _log(meeting, by, "sent")
    notifications.notify_referat_sent(meeting=meeting, by=by)
    return meeting


@transaction.atomic
def add_referat_comment(
    *, meeting: Meeting, by: Any, text: str, item: AgendaItem | None = None
) -> ReferatComment:
    """A comment from staff of a participating organisation while the referat is sent to them."""
    _locked(meeting)
    if meeting.referat_status != RS.SENT:
        raise ValidationError(
            "Der kan kun kommenteres, mens referatet er sendt til organisationen."
        )
    if not can_comment_on_referat(scope_for(by), meeting, participating_organisation_ids(meeting)):
        raise PermissionDenied(
            "Kun medarbejdere i mødets boligorganisationer kan kommentere referatet."
        )
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError("Punktet hører til et andet møde.")
    comment = ReferatComment.objects.create(
        meeting=meeting, item=item, author=by, text=_clean_text(text, "Kommentaren", 5000)
    )
    notifications.notify_comment_received(comment=comment)
    return comment


@transaction.atomic
def reply_to_referat_comment(
    *, comment: ReferatComment, by: Any, text: str, resolve: bool = False
) -> ReferatComment:
    """An answer in the comment's thread, by the kommune's caseworker or the organisation's staff
    (while the referat is sent). ``resolve=True`` also marks the thread as resolved."""
    meeting = _locked(comment.meeting)
    if comment.parent_id is not None:
        raise ValidationError("Svar på den oprindelige kommentar, ikke på et svar.")
    if meeting.referat_status != RS.SENT:
        raise ValidationError("Der kan kun svares, mens referatet er sendt til organisationen.")
    scope = scope_for(by)
    may_answer = can_write_meeting(scope, meeting) or can_comment_on_referat(
        scope, meeting, participating_organisation_ids(meeting)
    )
    if not may_answer:
        raise PermissionDenied(
            "Kun kommunens sagsbehandlere og mødets boligorganisationer kan svare."
        )
    if resolve and not can_write_meeting(scope, meeting):
        raise PermissionDenied("Kun kommunen kan markere en kommentar som løst.")
    reply = ReferatComment.objects.create(
        meeting=meeting,
        item=comment.item,
        parent=comment,
        author=by,
        text=_clean_text(text, "Svaret", 5000),
    )
    record(
        meeting=meeting,
        by=by,
        subject=Subject.COMMENT,
        action="answered",
        label=comment.text[:120],
        item=comment.item,
        new=reply.text,
    )
    notifications.notify_comment_answered(comment=comment, answer_text=reply.text, by=by)
    if resolve and not comment.resolved:
        comment.resolved, comment.resolved_by, comment.resolved_at = True, by, timezone.now()
        comment.save(update_fields=["resolved", "resolved_by", "resolved_at"])
    return reply


@transaction.atomic
def resolve_referat_comment(*, comment: ReferatComment, by: Any) -> ReferatComment:
    if comment.parent_id is not None:
        raise ValidationError("Et svar kan ikke markeres som løst; markér kommentaren som løst.")
    if comment.resolved:
        raise ValidationError("Kommentaren er allerede markeret som løst.")
    comment.resolved, comment.resolved_by, comment.resolved_at = True, by, timezone.now()
    comment.save(update_fields=["resolved", "resolved_by", "resolved_at"])
    return comment


@transaction.atomic
def approve_referat(*, meeting: Meeting, by: Any) -> Meeting:
    """Approve the referat after the organisation's comments are handled."""
    _locked(meeting)
    if blocker := approve_blocker(meeting):
        raise ValidationError(blocker)
    meeting.referat_status = RS.APPROVED
    meeting.referat_approved_at, meeting.referat_approved_by = timezone.now(), by
    meeting.save(
        update_fields=["referat_status", "referat_approved_at", "referat_approved_by", "updated_at"]
    )
    _log(meeting, by, "approved")
    notifications.notify_referat_approved(meeting=meeting, by=by)
    return meeting


@transaction.atomic
def mark_referat_published(*, meeting: Meeting, by: Any, at: datetime | None = None) -> Meeting:
    """Called by publication when it has stored an immutable version of an approved referat.
    From now on the meeting's attachments can never be deleted."""
    _locked(meeting)
    if meeting.referat_status != RS.APPROVED:
        raise ValidationError("Kun et godkendt referat kan offentliggøres.")
    meeting.referat_status = RS.PUBLISHED
    meeting.referat_published_at = at or timezone.now()
    meeting.save(update_fields=["referat_status", "referat_published_at", "updated_at"])
    Attachment.objects.filter(item__meeting=meeting).update(published=True)
    _log(meeting, by, "published", at=meeting.referat_published_at)
    notifications.notify_referat_published(meeting=meeting, by=by)
    return meeting


@transaction.atomic
def reopen_referat_for_correction(*, meeting: Meeting, by: Any, reason: str) -> Meeting:
    """Back to draft so the referat can be corrected (a published referat then gets a new
    version when it is approved and published again; earlier versions stay as they were)."""
    _locked(meeting)
    if blocker := reopen_blocker(meeting):
        raise ValidationError(blocker)
    reason = _clean_text(reason, "Begrundelsen", 2000)
    meeting.referat_status = RS.DRAFT
    meeting.referat_approved_at = meeting.referat_approved_by = None
    meeting.save(
        update_fields=["referat_status", "referat_approved_at", "referat_approved_by", "updated_at"]
    )
    _log(meeting, by, "reopened", note=reason)
    return meeting
