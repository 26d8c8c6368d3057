"""Briefing → agenda: the points a caseworker ticked become sub-items under the meeting's
template item for each point's source (``briefing.target_key``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from styringsdialog.meetings.agenda import fill_title
from styringsdialog.meetings.briefing import TEMPLATE_TITLES, target_key
from styringsdialog.meetings.models import AgendaItem, Meeting
from styringsdialog.meetings.services.agenda import add_agenda_item
from styringsdialog.meetings.services.meetings import require_editable
from styringsdialog.registry.briefing import BriefingPoint


def _target_item(meeting: Meeting, key: str) -> AgendaItem:
    item = meeting.items.filter(parent=None, key=key).first()
    if item is None:
        item = add_agenda_item(
            meeting=meeting,
            title=fill_title(TEMPLATE_TITLES.get(key, key.title()), meeting.styringsaar),
            key=key,
        )
    return item


@transaction.atomic
def create_agenda_from_briefing(
    *, meeting: Meeting, points: Iterable[BriefingPoint], by: Any = None
) -> list[AgendaItem]:
    """Add each point as a sub-item (with its text as an internal note and its evidence link)
    under the meeting's item for the point's source; items already on the agenda are skipped.
    Returns the sub-items created."""
    require_editable(meeting)
    points = list(points)
    if not points:
        raise ValidationError("Vælg mindst ét punkt fra briefingen.")
    created = []
    for p in points:
        parent = _target_item(meeting, target_key(p.source))
        if parent.children.filter(title=p.title[:300]).exists():
            continue
        item = add_agenda_item(meeting=meeting, parent=parent, title=p.title[:300])
        item.briefing_note, item.evidence_url = p.text, p.evidence_url[:500]
        item.save(update_fields=["briefing_note", "evidence_url", "updated_at"])
        created.append(item)
    return created
