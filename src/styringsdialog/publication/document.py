"""A typed, read-only view of a referat snapshot: what the HTML, PDF and DOCX renderers consume.

The snapshot (``snapshot.build_snapshot``) is plain JSON so it can be frozen in the database;
``ReferatDocument.from_snapshot`` turns it back into dataclasses with real dates and the Danish
texts every output shares ("Torsdag den 27. maj 2021", "kl. 13.00").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from almen.formatting import format_date

SNAPSHOT_SCHEMA = 1


@dataclass(frozen=True)
class Participant:
    name: str
    title: str
    side: str
    organisation: str = ""


@dataclass(frozen=True)
class ParticipantGroup:
    heading: str
    participants: tuple[Participant, ...]


def _paragraphs(text: str) -> list[str]:
    """Text split into paragraphs at blank lines (single newlines are kept inside)."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n"))
    return ["\n".join(line.strip() for line in b.strip().split("\n")) for b in blocks if b.strip()]


@dataclass(frozen=True)
class Item:
    label: str
    title: str
    minutes: str  # Drøftelse
    level: int = 0
    decision: str = ""  # Beslutning (snapshots before issue 10 have none)

    @property
    def paragraphs(self) -> list[str]:
        return _paragraphs(self.minutes)

    @property
    def decision_paragraphs(self) -> list[str]:
        return _paragraphs(self.decision)


@dataclass(frozen=True)
class FollowUp:
    """One of last year's agreements and its status as evaluated at the meeting."""

    styringsaar: int
    text: str
    responsible: str
    deadline: date | None
    status: str

    @property
    def deadline_text(self) -> str:
        return format_date(self.deadline) if self.deadline else "Ingen frist"


@dataclass(frozen=True)
class Agreement:
    number: int
    text: str
    responsible: str
    deadline: date | None
    item_label: str = ""

    @property
    def deadline_text(self) -> str:
        return format_date(self.deadline) if self.deadline else "Ingen frist"


@dataclass(frozen=True)
class Case:
    department: str
    category: str
    title: str
    status: str
    item_label: str = ""


@dataclass(frozen=True)
class Publication:
    number: int
    published_at: datetime | None
    published_by: str
    change_note: str = ""
    previous: tuple[tuple[int, str], ...] = ()  # (number, published date text) of older versions

    @property
    def published_text(self) -> str:
        return format_date(self.published_at) if self.published_at else "ikke offentliggjort endnu"


@dataclass(frozen=True)
class ReferatDocument:
    kommune_code: str
    kommune_name: str
    organisations: tuple[str, ...]
    meeting_type: str
    meeting_date: date
    start_time: time | None
    place: str
    styringsaar: int
    participants: tuple[Participant, ...]
    items: tuple[Item, ...]
    agreements: tuple[Agreement, ...]
    cases: tuple[Case, ...]
    publication: Publication
    preview: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    followup: tuple[FollowUp, ...] = ()

    @property
    def organisation_names(self) -> str:
        names = list(self.organisations)
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]

    @property
    def subtitle(self) -> str:
        """'af dialogmøde mellem Almenbo og Ballerup Kommune' (the line under 'Referat')."""
        return f"af dialogmøde mellem {self.organisation_names} og {self.kommune_name}"

    @property
    def title(self) -> str:
        return f"Referat {self.subtitle}"

    @staticmethod
    def title_for(organisation_names: str, kommune_name: str) -> str:
        return f"Referat af dialogmøde mellem {organisation_names} og {kommune_name}"

    @property
    def date_text(self) -> str:
        return format_date(self.meeting_date, weekday=True)

    @property
    def time_text(self) -> str:
        return f"kl. {self.start_time:%H.%M}" if self.start_time else ""

    @property
    def when_where(self) -> str:
        return ", ".join(p for p in (self.time_text, self.place) if p)

    def participant_groups(self) -> list[ParticipantGroup]:
        """Participants by side: the kommune first, then each organisation, then others."""
        order: dict[str, list[Participant]] = {self.kommune_name: []}
        for name in self.organisations:
            order[name] = []
        others: list[Participant] = []
        for p in self.participants:
            if p.side == "kommune":
                order[self.kommune_name].append(p)
            elif p.side == "organisation":
                order.setdefault(p.organisation or self.organisations[0], []).append(p)
            else:
                others.append(p)
        groups = [ParticipantGroup(f"Fra {k}", tuple(v)) for k, v in order.items() if v]
        if others:
            groups.append(ParticipantGroup("Øvrige deltagere", tuple(others)))
        return groups

    @classmethod
    def from_snapshot(cls, snap: dict[str, Any], *, preview: bool = False) -> ReferatDocument:
        if snap.get("schema") != SNAPSHOT_SCHEMA:
            raise ValueError(f"Ukendt snapshot-version: {snap.get('schema')!r}")
        m = snap["meeting"]
        return cls(
            kommune_code=snap["kommune"]["code"],
            kommune_name=snap["kommune"]["official_name"],
            organisations=tuple(o["name"] for o in snap["organisations"]),
            meeting_type=m["type"],
            meeting_date=date.fromisoformat(m["date"]),
            start_time=time.fromisoformat(m["start_time"]) if m.get("start_time") else None,
            place=m.get("place", ""),
            styringsaar=m["styringsaar"],
            participants=tuple(Participant(**p) for p in snap["participants"]),
            items=tuple(Item(**i) for i in snap["items"]),
            agreements=tuple(_agreement(a) for a in snap["agreements"]),
            cases=tuple(Case(**c) for c in snap["cases"]),
            publication=_publication(snap.get("publication") or {}),
            preview=preview,
            followup=tuple(_followup(f) for f in snap.get("followup", [])),
        )

    def plain_text(self) -> str:
        """The whole referat as plain text (the search document)."""
        lines = [self.title, self.date_text, self.when_where]
        lines += [f"{p.name} {p.title} {p.organisation}".strip() for p in self.participants]
        for item in self.items:
            lines.append(f"{item.label} {item.title}")
            lines += item.paragraphs
            lines += item.decision_paragraphs
        lines += [f"{a.text} {a.responsible}" for a in self.agreements]
        lines += [f"{f.text} {f.status}" for f in self.followup]
        lines += [f"{c.department} {c.title}" for c in self.cases]
        lines.append(self.publication.change_note)
        return "\n".join(x for x in lines if x)


def _agreement(a: dict[str, Any]) -> Agreement:
    deadline = date.fromisoformat(a["deadline"]) if a.get("deadline") else None
    return Agreement(a["number"], a["text"], a["responsible"], deadline, a.get("item_label", ""))


def _followup(f: dict[str, Any]) -> FollowUp:
    deadline = date.fromisoformat(f["deadline"]) if f.get("deadline") else None
    return FollowUp(f["styringsaar"], f["text"], f["responsible"], deadline, f["status"])


def _publication(p: dict[str, Any]) -> Publication:
    at = datetime.fromisoformat(p["published_at"]) if p.get("published_at") else None
    previous = tuple((int(n), str(t)) for n, t in p.get("previous", []))
    return Publication(
        p.get("number", 1), at, p.get("published_by", ""), p.get("change_note", ""), previous
    )
