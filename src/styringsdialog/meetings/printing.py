"""Printable PDFs of a meeting (WeasyPrint, as publication renders the referat):

* the agenda (dagsorden) — what the organisation receives with the invitation: date, place,
  participants, the numbered points and the attachments of each; never minutes or the
  kommune's internal preparation;
* the meeting folder (mødemappe) — the caseworker's own: the agenda with the internal
  preparation of each point, the briefing's data-backed points with their figures and links,
  last year's agreements to follow up, and the list of attachments.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from styringsdialog.lib.pdf_cache import cached_pdf
from styringsdialog.meetings.agenda import agenda_tree, flatten
from styringsdialog.meetings.models import Attachment, Meeting
from styringsdialog.meetings.queries import followup_agreements

PRINT_CSS = Path(__file__).resolve().parent / "static" / "meetings" / "print.css"
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


def _base_context(meeting: Meeting) -> dict[str, Any]:
    nodes = agenda_tree(meeting)
    labels = {n.item.pk: n.label for n in flatten(nodes)}
    attachments = [
        (labels.get(a.item_id, ""), a)
        for a in Attachment.objects.filter(item__meeting=meeting).order_by("item_id", "pk")
    ]
    attachments.sort(key=lambda pair: [int(p) if p.isdigit() else p for p in pair[0].split(".")])
    return {
        "meeting": meeting,
        "nodes": nodes,
        "participants": list(meeting.participants.select_related("organisation")),
        "other_organisations": list(meeting.other_organisations.all()),
        "attachments": attachments,
        "url": settings.PUBLIC_BASE_URL,
        "printed_at": timezone.localtime(),
    }


def agenda_html(meeting: Meeting) -> str:
    return render_to_string("meetings/print/agenda.html", _base_context(meeting))


def folder_html(meeting: Meeting) -> str:
    from styringsdialog.meetings.briefing import briefing_points

    context = _base_context(meeting)
    context.update(
        folder=True,
        briefing=[p for _, p in briefing_points(meeting.organisation, meeting.styringsaar)],
        followup=list(followup_agreements(meeting)),
    )
    return render_to_string("meetings/print/folder.html", context)


def _pdf(html: str, variant: str = "pdf/ua-1") -> bytes:
    """The PDF of ``html`` (``variant`` "pdf/ua-1", or "pdf/a-2b" for the ESDH export); the same
    HTML, CSS and variant are rendered once (``lib.pdf_cache``)."""
    css_text = PRINT_CSS.read_text(encoding="utf-8")

    def render() -> bytes:
        from weasyprint import CSS, HTML

        css = CSS(string=css_text, base_url=None)
        return HTML(string=html, base_url=None).write_pdf(stylesheets=[css], pdf_variant=variant)

    return cached_pdf(html, f"{variant}\n{css_text}", render)


def render_agenda_pdf(meeting: Meeting, *, variant: str = "pdf/ua-1") -> bytes:
    """The agenda as an A4 PDF (for the organisation and the invitation); ``variant`` "pdf/a-2b"
    for records management (the ESDH export)."""
    return _pdf(agenda_html(meeting), variant)


def render_folder_pdf(meeting: Meeting) -> bytes:
    """The caseworker's meeting folder as one A4 PDF."""
    return _pdf(folder_html(meeting))


def pdf_filename(meeting: Meeting, what: str) -> str:
    return f"{what}-{meeting.organisation.number}-{meeting.date:%Y-%m-%d}.pdf"
