"""History import (C13): a published referat file (PDF, DOCX, HTML, text) → a proposed meeting.

Django-free. ``read_referat(data, filename, departments=…, organisations=…, people=…)`` extracts the text
(``extract``) and parses its structure (``structure``) into a ``Proposal`` whose ``as_json()`` is
the shape the CLI, the API and the review page show. A file that cannot be read raises
``ReferatFileError`` with a Danish message; nothing else escapes, whatever the bytes.
"""

from __future__ import annotations

from collections.abc import Sequence

from almen.referat_import.extract import ReferatFileError, extract_text
from almen.referat_import.model import (
    DepartmentMention,
    Proposal,
    ProposedAgreement,
    ProposedItem,
    ProposedParticipant,
)
from almen.referat_import.structure import parse_referat

__all__ = [
    "DepartmentMention",
    "Proposal",
    "ProposedAgreement",
    "ProposedItem",
    "ProposedParticipant",
    "ReferatFileError",
    "extract_text",
    "parse_referat",
    "read_referat",
]


def read_referat(
    data: bytes,
    filename: str = "",
    *,
    departments: Sequence[tuple[str, str]] = (),
    organisations: Sequence[tuple[str, str]] = (),
    organisation: str | None = None,
    kommune_name: str = "",
    people: Sequence[tuple[str, str, str, str | None]] = (),
) -> Proposal:
    text, fmt = extract_text(data, filename)
    try:
        proposal = parse_referat(
            text,
            departments=departments,
            organisations=organisations,
            organisation=organisation,
            kommune_name=kommune_name,
            people=people,
        )
    except RecursionError as exc:  # pragma: no cover - defensive: no input may raise
        raise ReferatFileError("Referatets tekst kunne ikke tolkes.") from exc
    proposal.file_format = fmt
    return proposal
