"""The meetings app's retention rules (``styringsdialog retention``; lib/retention.py).

* Referat drafts: for meetings held before the cutoff whose referat was never published, the
  draft text (drøftelse and beslutning of every point) is emptied and the history of that text
  (``MeetingChange`` rows of the minutes) deleted. Published referat versions are never touched:
  they live in the publication app and are the public record.
* Comments on referat drafts: deleted when older than the cutoff.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from styringsdialog.lib.retention import register_retention_rule
from styringsdialog.meetings.models import AgendaItem, Meeting, MeetingChange, ReferatComment


def _old_drafts(cutoff: datetime):
    return Meeting.objects.filter(date__lt=timezone.localdate(cutoff)).exclude(
        referat_status=Meeting.ReferatStatus.PUBLISHED
    )


def anonymise_old_drafts(cutoff: datetime, dry_run: bool) -> int:
    meetings = _old_drafts(cutoff)
    items = AgendaItem.objects.filter(meeting__in=meetings).exclude(minutes="", decision="")
    count = items.values("meeting_id").distinct().count()
    if not dry_run:
        items.update(minutes="", decision="")
        MeetingChange.objects.filter(
            Q(subject=MeetingChange.Subject.MINUTES) | Q(field__in=["minutes", "decision"]),
            meeting__in=meetings,
        ).delete()
    return count


def delete_old_comments(cutoff: datetime, dry_run: bool) -> int:
    old = ReferatComment.objects.filter(created_at__lt=cutoff, parent__isnull=True)
    replies = ReferatComment.objects.filter(created_at__lt=cutoff, parent__isnull=False)
    count = old.count() + replies.exclude(parent__in=old).count()
    if not dry_run:
        replies.delete()
        old.delete()
    return count


def register() -> None:
    register_retention_rule(
        name="referatkladder",
        description="møder med ikke-offentliggjort referatkladde, hvis tekst er fjernet",
        setting="RETENTION_DRAFT_DAYS",
        apply=anonymise_old_drafts,
    )
    register_retention_rule(
        name="kommentarer",
        description="kommentarer til referatkladder slettet",
        setting="RETENTION_COMMENT_DAYS",
        apply=delete_old_comments,
    )
