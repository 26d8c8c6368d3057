"""The personal-data check before a referat is published (issue 16, item 4).

``referat_findings(meeting, snapshot)`` runs ``almen.personal_data`` over every text of the
snapshot that is printed (titles, Drøftelse, Beslutning, agreements, cases, follow-up, place),
with the names of the private parties of the meeting's cases (``records``). Findings are grouped
by ``key`` — one decision per distinct value, wherever it occurs. ``decisions`` maps a key, or
``"kind:<kind>"`` (every finding of that kind), or ``"*"`` (every finding), to ``"redact"`` or
``"keep"``; the most specific wins. ``require_decided`` refuses with a Danish message naming the
undecided ones (masked); ``redact_snapshot`` replaces the redacted ones by "[fjernet]" in the
snapshot that is published. The decisions are kept in ``PersonalDataDecision`` with the finding's
kind, masked value and masked context — never a CPR number in clear text.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from almen.personal_data import KIND_LABELS, KINDS, Finding, find_personal_data, redact
from styringsdialog.meetings.models import Case, Meeting
from styringsdialog.records.models import Kind
from styringsdialog.records.queries import party_names

CHOICES = ("redact", "keep")
CHOICE_LABELS = {"redact": "fjern", "keep": "behold"}
_TEXT_FIELDS = {
    "items": ("title", "minutes", "decision"),
    "agreements": ("text", "responsible"),
    "cases": ("title",),
    "followup": ("text", "responsible"),
}


@dataclass
class GroupedFinding:
    """One distinct value found (maybe several times): what a caseworker decides on."""

    key: str
    kind: str
    masked: str
    context: str
    where: list[str] = field(default_factory=list)
    count: int = 0

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "kind": self.kind,
            "label": self.label,
            "value": self.masked,
            "context": self.context,
            "where": self.where,
            "count": self.count,
        }


def meeting_party_names(meeting: Meeting) -> list[str]:
    case_ids = Case.objects.filter(links__agenda_item__meeting=meeting).values_list("pk", flat=True)
    return party_names(Kind.CASE, set(case_ids))


def _texts(snapshot: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str, str]]:
    """(container, field, where) for every printed text of the snapshot."""
    meeting = snapshot.get("meeting") or {}
    if meeting.get("place"):
        yield meeting, "place", "Mødested"
    for section, fields in _TEXT_FIELDS.items():
        for n, row in enumerate(snapshot.get(section) or [], start=1):
            for name in fields:
                if row.get(name):
                    yield row, name, _where(section, row, n)


def _where(section: str, row: dict[str, Any], n: int) -> str:
    if section == "items":
        return f"Punkt {row.get('label', '')} {row.get('title', '')}".strip()
    names = {"agreements": "Aftale", "cases": "Sag", "followup": "Opfølgning"}
    return f"{names[section]} {row.get('number', n)}"


def referat_findings(snapshot: dict[str, Any], names: list[str]) -> list[GroupedFinding]:
    grouped: dict[str, GroupedFinding] = {}
    for row, name, where in _texts(snapshot):
        found: list[Finding] = find_personal_data(row[name], party_names=names)
        for f in found:
            g = grouped.get(f.key)
            if g is None:
                g = grouped[f.key] = GroupedFinding(f.key, f.kind, f.masked, f.context)
            g.count += 1
            if where not in g.where:
                g.where.append(where)
    order = {k: i for i, k in enumerate(KINDS)}
    return sorted(grouped.values(), key=lambda g: (order[g.kind], g.masked.casefold()))


def decision_for(finding: GroupedFinding, decisions: Mapping[str, str]) -> str:
    for key in (finding.key, f"kind:{finding.kind}", "*"):
        choice = decisions.get(key, "")
        if choice:
            if choice not in CHOICES:
                raise ValidationError(
                    f"Ukendt beslutning »{choice}« for {finding.label.lower()}: brug redact "
                    "(fjern) eller keep (behold)."
                )
            return choice
    return ""


def require_decided(findings: list[GroupedFinding], decisions: Mapping[str, str]) -> dict[str, str]:
    """Every finding's decision; a ``ValidationError`` listing the undecided ones otherwise."""
    resolved = {f.key: decision_for(f, decisions) for f in findings}
    undecided = [f for f in findings if not resolved[f.key]]
    if undecided:
        shown = "; ".join(f"{f.label}: {f.context} ({f.key})" for f in undecided[:10])
        more = f" og {len(undecided) - 10} flere" if len(undecided) > 10 else ""
        raise ValidationError(
            f"Referatet indeholder {len(undecided)} mulig{'e' if len(undecided) != 1 else ''} "
            f"personoplysning{'er' if len(undecided) != 1 else ''}, som der ikke er taget stilling "
            f"til: {shown}{more}. Vælg for hver, om den skal fjernes af referatet eller beholdes."
        )
    return resolved


def redact_snapshot(snapshot: dict[str, Any], keys: set[str], names: list[str]) -> None:
    """Replace, in place, every occurrence of the findings in ``keys`` by "[fjernet]"."""
    if not keys:
        return
    for row, name, _ in list(_texts(snapshot)):
        row[name] = redact(row[name], keys, party_names=names)


def current_findings(meeting: Meeting) -> list[GroupedFinding]:
    """The findings in the referat as it would be published now (for the publish page, the API
    and the CLI)."""
    from styringsdialog.publication.snapshot import VersionFacts, build_snapshot

    snapshot = build_snapshot(meeting, VersionFacts(0))
    return referat_findings(snapshot, meeting_party_names(meeting))
