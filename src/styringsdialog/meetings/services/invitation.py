"""The invitation (indkaldelse) and the notifications the meeting workflow sends.

Sending the invitation is what lets the organisation's staff see the meeting, its agenda,
participants and attachments (``accounts.permissions.meeting_filter``); they see the minutes only
once the referat is sent to them. After the invitation:

* a change of date, time or place bumps ``invitation_sequence`` (the .ics SEQUENCE) and sends an
  updated invitation (in ``meetings.update_meeting_details``);
* a change to the agenda (points, titles, order, attachments) sends "Dagsordenen er ændret" —
  at most once per meeting and day.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from styringsdialog.meetings import notifications
from styringsdialog.meetings.models import Meeting, MeetingEvent
from styringsdialog.meetings.services.meetings import require_editable


@transaction.atomic
def send_invitation(*, meeting: Meeting, by: Any) -> Meeting:
    """Send (or, when already sent, send again as an updated) invitation to the organisation's
    staff and to the participants who are users."""
    fresh = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.invitation_sent_at = fresh.invitation_sent_at
    meeting.invitation_sequence = fresh.invitation_sequence
    require_editable(meeting)
    if fresh.status == Meeting.Status.HELD:
        raise ValidationError("Mødet er afholdt; der kan ikke indkaldes til det.")
    if not meeting.items.exists():
        raise ValidationError("Dagsordenen er tom. Tilføj mindst ét punkt, før der indkaldes.")
    updated = meeting.is_invited
    if updated:
        meeting.invitation_sequence += 1
    meeting.invitation_sent_at = timezone.now()
    meeting.save(update_fields=["invitation_sent_at", "invitation_sequence", "updated_at"])
    MeetingEvent.objects.create(
        meeting=meeting,
        by=by,
        action="invited",
        note="opdateret indkaldelse" if updated else "",
        at=meeting.invitation_sent_at,
    )
    notifications.notify_invitation_sent(meeting=meeting, by=by, updated=updated)
    return meeting


def agenda_changed(*, meeting: Meeting, by: Any = None) -> None:
    """Called by the agenda services after a change to points or attachments."""
    if meeting.is_invited:
        notifications.notify_agenda_changed(meeting=meeting, by=by, today=timezone.localdate())
