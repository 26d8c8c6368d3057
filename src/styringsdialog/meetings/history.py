"""The meeting's change history (``MeetingChange``): minutes, agenda, participants, attachments.

Services call ``record`` inside their transaction, so a change and its history row are written
together or not at all. Autosave writes the minutes every few seconds while someone types;
``fold=True`` folds consecutive saves of the same field by the same person within
``FOLD_MINUTES`` into one row (old value from the first save, new value from the last), so the
history reads like the edits a person made, not like keystrokes.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from styringsdialog.meetings.models import AgendaItem, Meeting, MeetingChange

FOLD_MINUTES = 10
Subject = MeetingChange.Subject


def user_name(user: Any) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return (user.get_full_name() or user.get_username()).strip()[:200]


def record(
    *,
    meeting: Meeting,
    by: Any,
    subject: str,
    action: str,
    label: str,
    item: AgendaItem | None = None,
    field: str = "",
    old: str = "",
    new: str = "",
    fold: bool = False,
) -> MeetingChange | None:
    """Store one change (or fold it into the person's previous save of the same field)."""
    now = timezone.now()
    user = by if getattr(by, "is_authenticated", False) else None
    if fold and item is not None:
        last = (
            MeetingChange.objects.select_for_update()
            .filter(meeting=meeting, item=item, subject=subject, field=field)
            .order_by("-at", "-pk")
            .first()
        )
        if (
            last is not None
            and last.by_id == (user.pk if user else None)
            and last.updated_at >= now - timedelta(minutes=FOLD_MINUTES)
        ):
            if last.old_value == new:  # typed and then undone: no change left to show
                last.delete()
                return None
            last.new_value, last.updated_at, last.label = new, now, label[:400]
            last.save(update_fields=["new_value", "updated_at", "label"])
            return last
    return MeetingChange.objects.create(
        meeting=meeting,
        item=item,
        at=now,
        updated_at=now,
        by=user,
        by_name=user_name(user),
        subject=subject,
        action=action,
        label=label[:400],
        field=field,
        old_value=old,
        new_value=new,
    )


ACTION_TEXT = {
    "added": "tilføjet",
    "renamed": "omdøbt",
    "moved": "flyttet",
    "deleted": "slettet",
    "changed": "ændret",
    "removed": "fjernet",
    "answered": "besvaret",
    "omitted": "udeladt af referatet",
    "no_remarks": "»Ingen bemærkninger« indsat",
}
FIELD_TEXT = {"minutes": "drøftelse", "decision": "beslutning", "title": "overskrift"}


def describe(change: MeetingChange) -> str:
    """'Drøftelse til punkt »Velkomst« ændret' — the sentence the history list shows."""
    subject = change.get_subject_display()
    if change.subject == Subject.MINUTES:
        subject = FIELD_TEXT.get(change.field, "referat").capitalize() + " til punkt"
    action = ACTION_TEXT.get(change.action, change.action)
    return f"{subject} »{change.label}« {action}"


def meeting_history(meeting: Meeting, limit: int = 200) -> list[MeetingChange]:
    return list(meeting.changes.select_related("by", "item").order_by("-at", "-pk")[:limit])
