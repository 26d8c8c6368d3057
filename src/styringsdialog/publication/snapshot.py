"""Freeze a meeting's referat into plain JSON (the one source every output is rendered from).

The snapshot holds everything a reader needs: kommune, organisation(s), meeting facts,
participants, the numbered agenda with minutes, agreements and cases — and, once published,
which version it is. It never changes after publication, even if the meeting rows do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from almen.formatting import format_date
from styringsdialog.meetings.agenda import build_tree, flatten
from styringsdialog.meetings.models import Agreement, Case, Meeting, ResponsibleSide
from styringsdialog.meetings.queries import followup_agreements
from styringsdialog.publication.document import SNAPSHOT_SCHEMA


@dataclass(frozen=True)
class VersionFacts:
    """What the snapshot records about its own publication."""

    number: int
    published_at: datetime | None = None
    published_by: str = ""
    change_note: str = ""
    previous: tuple[tuple[int, datetime], ...] = ()


def build_snapshot(meeting: Meeting, version: VersionFacts) -> dict[str, Any]:
    """The referat of ``meeting`` as JSON-ready data (dates as ISO strings)."""
    organisations = [meeting.organisation, *meeting.other_organisations.order_by("name")]
    labels: dict[int, str] = {}
    items = []
    # Points left out of the referat (settled before publishing) are not numbered at all.
    included = [i for i in meeting.items.all() if i.in_referat]
    top_ids = {i.pk for i in included if i.parent_id is None}
    included = [i for i in included if i.parent_id is None or i.parent_id in top_ids]
    for node in flatten(build_tree(included)):
        labels[node.item.pk] = node.label
        level = 0 if node.item.parent_id is None else 1
        # Printed as in the seed referat: "1." for items, "2.a" for sub-items.
        shown = node.number if level == 0 else node.label
        items.append(
            {
                "label": shown,
                "title": node.item.title,
                "minutes": node.item.minutes,
                "decision": node.item.decision,
                "level": level,
            }
        )
    return {
        "schema": SNAPSHOT_SCHEMA,
        "kommune": {
            "code": meeting.kommune.code,
            "name": meeting.kommune.name,
            "official_name": meeting.kommune.official_name,
        },
        "organisations": [{"number": o.number, "name": o.name} for o in organisations],
        "meeting": _meeting_facts(meeting),
        "participants": [
            {
                "name": p.name,
                "title": p.title,
                "side": p.side,
                "organisation": p.organisation.name if p.organisation else "",
            }
            for p in meeting.participants.select_related("organisation").order_by("position", "pk")
        ],
        "items": items,
        "agreements": _agreements(meeting, labels),
        "cases": _cases(meeting, labels),
        "followup": _followup(meeting),
        "publication": _publication(version),
    }


def _meeting_facts(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "type": meeting.meeting_type.name,
        "date": meeting.date.isoformat(),
        "start_time": meeting.start_time.strftime("%H:%M") if meeting.start_time else None,
        "place": meeting.place,
        "styringsaar": meeting.styringsaar,
        "regnskabsaar": meeting.regnskabsaar,
    }


def responsible_text(agreement: Agreement) -> str:
    """'Almenbo (Claus)' — the responsible side named by organisation or kommune, then the person."""
    sides: dict[str, str] = {
        ResponsibleSide.KOMMUNE: agreement.kommune.official_name,
        ResponsibleSide.ORGANISATION: agreement.organisation.name,
        ResponsibleSide.BOTH: f"{agreement.kommune.official_name} og {agreement.organisation.name}",
    }
    side = sides.get(agreement.responsible_side, agreement.get_responsible_side_display())
    return f"{side} ({agreement.responsible_person})" if agreement.responsible_person else side


def _agreements(meeting: Meeting, labels: dict[int, str]) -> list[dict[str, Any]]:
    rows = (
        Agreement.objects.filter(meeting=meeting)
        .select_related("kommune", "organisation")
        .order_by("pk")
    )
    return [
        {
            "number": n,
            "text": a.text,
            "responsible": responsible_text(a),
            "deadline": a.deadline.isoformat() if a.deadline else None,
            "item_label": labels.get(a.agenda_item_id or 0, ""),
        }
        for n, a in enumerate(rows, start=1)
    ]


def _cases(meeting: Meeting, labels: dict[int, str]) -> list[dict[str, Any]]:
    links = (
        Case.objects.filter(links__agenda_item__meeting=meeting)
        .select_related("department")
        .order_by("department__number", "pk")
        .values_list(
            "pk",
            "department__number",
            "department__name",
            "category",
            "title",
            "status",
            "links__agenda_item_id",
        )
    )
    seen: set[int] = set()
    out = []
    for pk, dept_number, dept_name, category, title, status, item_id in links:
        if pk in seen:
            continue
        seen.add(pk)
        out.append(
            {
                "department": f"afd. {dept_number} {dept_name}",
                "category": Case.Category(category).label,
                "title": title,
                "status": Case.Status(status).label,
                "item_label": labels.get(item_id, ""),
            }
        )
    return out


def _followup(meeting: Meeting) -> list[dict[str, Any]]:
    """Last year's agreements (and older unresolved ones) with their status as evaluated at the
    meeting: the follow-up table of the referat (issue 10, item 4)."""
    rows = followup_agreements(meeting).select_related("kommune", "organisation")
    return [
        {
            "styringsaar": a.styringsaar,
            "text": a.text,
            "responsible": responsible_text(a),
            "deadline": a.deadline.isoformat() if a.deadline else None,
            "status": a.get_status_display(),
        }
        for a in rows
    ]


def _publication(version: VersionFacts) -> dict[str, Any]:
    return {
        "number": version.number,
        "published_at": timezone.localtime(version.published_at).isoformat()
        if version.published_at
        else None,
        "published_by": version.published_by,
        "change_note": version.change_note,
        "previous": [[n, format_date(timezone.localtime(at))] for n, at in version.previous],
    }
