"""One predicate per workflow action: why it cannot be done now ("" when it can).

The meeting page shows an action disabled with this reason, and the service refuses with the
same text, so the page and the rule cannot drift apart (issue 10, item 5).
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from styringsdialog.meetings.models import Meeting

RS = Meeting.ReferatStatus


def held_blocker(meeting: Meeting, today: date | None = None) -> str:
    """Why the meeting cannot be marked as held."""
    if meeting.is_held:
        return "Mødet er allerede markeret som afholdt."
    today = today or timezone.localdate()
    if meeting.date > today:
        return f"Mødet kan ikke markeres som afholdt før mødedagen ({meeting.date:%d.%m.%Y})."
    return ""


def has_minutes(meeting: Meeting) -> bool:
    items = meeting.items.filter(in_referat=True)
    return items.exclude(minutes="").exists() or items.exclude(decision="").exists()


def send_blocker(meeting: Meeting) -> str:
    """Why the draft referat cannot be sent to the organisation."""
    if meeting.referat_status != RS.DRAFT:
        return f"Referatet er allerede {meeting.get_referat_status_display().lower()}."
    if not meeting.is_held:
        return "Referatet kan først sendes til organisationen, når mødet er markeret som afholdt."
    if not has_minutes(meeting):
        return "Referatet er tomt. Skriv referat til mindst ét punkt, før det sendes."
    return ""


def open_comment_count(meeting: Meeting) -> int:
    """Top-level comments not yet resolved (answers belong to their thread)."""
    return meeting.comments.filter(resolved=False, parent=None).count()


def approve_blocker(meeting: Meeting) -> str:
    """Why the referat cannot be approved."""
    if meeting.referat_status != RS.SENT:
        return (
            "Referatet skal være sendt til organisationen til kommentering, før det kan godkendes."
        )
    n = open_comment_count(meeting)
    if n:
        noun = "uløst kommentar" if n == 1 else "uløste kommentarer"
        return f"Der er {n} {noun} fra organisationen. Besvar eller markér dem som løst først."
    return ""


def reopen_blocker(meeting: Meeting) -> str:
    if meeting.referat_status == RS.DRAFT:
        return "Referatet er allerede en kladde."
    return ""


def empty_items(meeting: Meeting) -> list:
    """Points that would be published as bare headings: in the referat, with neither
    Drøftelse nor Beslutning, and no sub-item in the referat (a heading over sub-items is fine).
    Publishing requires a decision for each (``services.settle_empty_items``)."""
    items = list(meeting.items.filter(in_referat=True).order_by("parent_id", "position", "pk"))
    parents_with_children = {i.parent_id for i in items if i.parent_id is not None}
    top_ids = {i.pk for i in items if i.parent_id is None}
    return [
        i
        for i in items
        if not i.minutes.strip()
        and not i.decision.strip()
        and i.pk not in parents_with_children
        and (i.parent_id is None or i.parent_id in top_ids)
    ]
