"""The proposal a referat file is read into: plain dataclasses, JSON-ready (``as_json``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

SIDES = ("kommune", "organisation")
OWNER_SIDES = ("kommune", "organisation", "begge")


@dataclass
class ProposedParticipant:
    name: str
    side: str | None = None  # "kommune" | "organisation" | None (not stated)
    role: str = ""
    referent: bool = False
    user: str | None = None  # the key (username) of the system user the name was resolved to

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "side": self.side, "role": self.role or None, "user": self.user}


@dataclass
class ProposedItem:
    number: str  # "1", "2.a", "3.1"
    title: str
    text: str = ""  # paragraphs separated by a blank line
    decision: str = ""
    children: list[ProposedItem] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "text": self.text,
            "decision": self.decision or None,
            "children": [c.as_json() for c in self.children],
        }


@dataclass
class ProposedAgreement:
    text: str
    owner: str | None = None  # "kommune" | "organisation" | "begge" | None
    deadline: date | None = None
    item: str | None = None  # number of the agenda item ("7.a")
    owner_name: str = ""  # the party or person as written ("Almenbo", "Torben")

    def as_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "owner": self.owner,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "item": self.item,
            "owner_name": self.owner_name or None,
        }


@dataclass
class DepartmentMention:
    mention: str  # as written, normalised spaces ("afd. Lundebjerg")
    department: str | None = None  # "NNNN-NNN" when resolved
    item: str | None = None  # first item it is mentioned in
    items: list[str] = field(default_factory=list)  # every item it is mentioned in

    def as_json(self) -> dict[str, Any]:
        return {
            "mention": self.mention,
            "department": self.department,
            "item": self.item,
            "items": list(self.items),
        }


@dataclass
class Proposal:
    meeting_date: date | None = None
    start_time: time | None = None
    title: str = ""
    organisation: str | None = None  # LBF number when detected or given
    organisation_name: str = ""  # as written in the referat
    kommune_name: str = ""  # as written in the referat
    participants: list[ProposedParticipant] = field(default_factory=list)
    items: list[ProposedItem] = field(default_factory=list)
    agreements: list[ProposedAgreement] = field(default_factory=list)
    departments: list[DepartmentMention] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    source_text: str = ""  # the extracted text (headers, footers, page numbers removed)
    file_format: str = ""  # "pdf" | "docx" | "html" | "txt"

    def all_items(self) -> list[ProposedItem]:
        out: list[ProposedItem] = []
        for item in self.items:
            out.append(item)
            out.extend(item.children)
        return out

    def as_json(self, *, source: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "meeting_date": self.meeting_date.isoformat() if self.meeting_date else None,
            "start_time": self.start_time.strftime("%H:%M") if self.start_time else None,
            "title": self.title,
            "organisation": self.organisation,
            "organisation_name": self.organisation_name or None,
            "kommune_name": self.kommune_name or None,
            "participants": [p.as_json() for p in self.participants],
            "items": [i.as_json() for i in self.items],
            "agreements": [a.as_json() for a in self.agreements],
            "departments": [d.as_json() for d in self.departments],
            "warnings": list(self.warnings),
            "format": self.file_format,
        }
        if source:
            data["source_text"] = self.source_text
        return data
