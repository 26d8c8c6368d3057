"""Briefing → agenda: the points a caseworker ticked become sub-items under the meeting's
template item for each point's source (``briefing.target_key``).

Each point arrives with its evidence as an editable *draft* of the minutes (the figures and
the link), so the referat is never a list of empty machine headings. A point whose title only
repeats its parent's ("Gennemgang af kvarterprofiler" under the same heading) fills the parent
instead of becoming a sub-item. Re-running with the same points adds nothing: each created
item remembers its point (``key = "b-" + point_id``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from styringsdialog.meetings.agenda import fill_title
from styringsdialog.meetings.briefing import TEMPLATE_TITLES, point_id, target_key
from styringsdialog.meetings.models import AgendaItem, Meeting
from styringsdialog.meetings.services.agenda import add_agenda_item, write_minutes
from styringsdialog.meetings.services.meetings import require_editable
from styringsdialog.registry.briefing import BriefingPoint

# Machine prefixes of the meetings' own sources; under their heading the rest says it all.
MACHINE_PREFIXES = ("Opfølgning: ", "Åben aftale: ")
TITLE_MAX = 120


def _target_item(meeting: Meeting, key: str, by: Any) -> AgendaItem:
    item = meeting.items.filter(parent=None, key=key).first()
    if item is None:
        item = add_agenda_item(
            meeting=meeting,
            title=fill_title(TEMPLATE_TITLES.get(key, key.title()), meeting.styringsaar),
            key=key,
            by=by,
        )
    return item


def point_key(point: BriefingPoint) -> str:
    return f"b-{point_id(point)}"


def point_title(point: BriefingPoint) -> str:
    """The heading a point gets: without machine prefixes, cut at a word under 120 characters."""
    title = point.title.strip()
    for prefix in MACHINE_PREFIXES:
        if title.startswith(prefix):
            title = title[len(prefix) :].strip()
    if len(title) > TITLE_MAX:
        title = title[: TITLE_MAX - 1].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"
    return title[:300]


def draft_minutes(point: BriefingPoint) -> str:
    """The point's figures and comparison, and where the data is, as a draft to edit."""
    parts = [point.text.strip()]
    if point.evidence_url:
        url = point.evidence_url
        if url.startswith("/"):
            url = settings.PUBLIC_BASE_URL + url
        parts.append(f"Data: {url}")
    return "\n\n".join(p for p in parts if p)


def _same_title(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


@transaction.atomic
def create_agenda_from_briefing(
    *, meeting: Meeting, points: Iterable[BriefingPoint], by: Any = None
) -> list[AgendaItem]:
    """Add each point under the meeting's item for the point's source, with its text as an
    internal note and as a draft of the minutes; points already on the agenda are skipped.
    Returns the items created or filled."""
    require_editable(meeting)
    points = list(points)
    if not points:
        raise ValidationError("Vælg mindst ét punkt fra briefingen.")
    created = []
    for p in points:
        key = point_key(p)
        if meeting.items.filter(key=key).exists():
            continue  # placed by an earlier run
        parent = _target_item(meeting, target_key(p.source), by)
        title = point_title(p)
        if _same_title(title, parent.title):
            if parent.briefing_note:
                continue
            parent.briefing_note, parent.evidence_url = p.text, p.evidence_url[:500]
            parent.save(update_fields=["briefing_note", "evidence_url", "updated_at"])
            if not parent.minutes:
                write_minutes(item=parent, text=draft_minutes(p), by=by)
            created.append(parent)
            continue
        if parent.children.filter(title=title).exists():
            continue  # put there by hand, or by a run before points remembered their key
        item = add_agenda_item(
            meeting=meeting, parent=parent, title=title, minutes=draft_minutes(p), key=key, by=by
        )
        item.briefing_note, item.evidence_url = p.text, p.evidence_url[:500]
        item.save(update_fields=["briefing_note", "evidence_url", "updated_at"])
        created.append(item)
    return created
