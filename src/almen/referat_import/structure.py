"""Referat text → ``Proposal``: date, title, parties, participants, agenda items, decisions,
agreements and department mentions. Heuristic and Danish; every guess that may be wrong is
listed in ``Proposal.warnings``. See docs/reference/referat-import.md for what is recognised.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time

from almen.referat_import.model import (
    DepartmentMention,
    Proposal,
    ProposedAgreement,
    ProposedItem,
    ProposedParticipant,
)

MONTHS = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "marts": 3, "mar": 3, "april": 4, "apr": 4,
    "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_RE = r"(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)"
DATE_TEXT = re.compile(
    rf"\b(?:{_WEEKDAY_RE}\s*,?\s*)?(?:den\s+|d\.\s*)?(\d{{1,2}})\.?\s*({_MONTH_RE})\.?(?:\s+(\d{{4}}))?\b",
    re.IGNORECASE,
)
DATE_NUM = re.compile(r"\b(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})\b")
DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
TIME_RE = re.compile(r"\bkl\.?\s*(\d{1,2})(?:[.:](\d{2}))?", re.IGNORECASE)

ABBREVIATIONS = {
    "afd", "evt", "f.eks", "eks", "bl.a", "fx", "kr", "pr", "m.fl", "mm", "m.m", "nr", "ca", "jf",
    "inkl", "ekskl", "kl", "pkt", "ref", "mht", "vedr", "iht", "dvs", "osv", "etc", "tlf", "st",
    "hhv", "d", "s", "gl", "ang", "jvf", "div", "tidl", "ift", "ifm", "mv", "m.v", "el",
}  # fmt: skip
SPEECH_VERBS = (
    "orienterede", "oplyste", "understregede", "fortalte", "spurgte", "redegjorde", "bemærkede",
    "nævnte", "informerede", "supplerede", "præsenterede", "gennemgik", "foreslog", "tilføjede",
    "forklarede", "konstaterede", "udtrykte", "svarede", "påpegede", "opfordrede",
)  # fmt: skip
NOT_NAMES = {
    "der", "det", "man", "de", "vi", "kommunen", "organisationen", "boligorganisationen",
    "formanden", "direktøren", "administrationen", "tilsynet", "forvaltningen", "alle", "han",
    "hun", "mødet", "selskabet", "boligselskabet", "afdelingen", "afdelingsbestyrelsen",
}  # fmt: skip
NOT_DEPARTMENT_WORDS = {
    "der", "det", "den", "de", "og", "i", "vi", "han", "hun", "man", "status", "kommunen", "her",
    "se", "jf", "samt", "men", "som", "hvor", "nr", "boligorganisationen", "organisationen",
}  # fmt: skip
ROLE_WORDS = (
    "chef", "leder", "direktør", "konsulent", "behandler", "formand", "rådgiver", "medarbejder",
    "medlem", "koordinator", "specialist", "referent", "assistent", "økonom", "jurist", "arkitekt",
    "næstformand", "borgmester", "rådmand", "sekretær", "fuldmægtig", "administrator", "tilsyn",
)  # fmt: skip
ORG_WORDS = ("boligorganisation", "boligselskab", "organisationen", "boligforening", "bolig")
AGREEMENT_PASSIVE = re.compile(
    r"\b(sendes|fremsendes|eftersendes|indsendes|oversendes|udarbejdes|undersøges|følges op|"
    r"tages op|indkaldes|udsendes|afleveres|aftales|indhentes|opdateres|aftalt)\b",
    re.IGNORECASE,
)
AGREEMENT_ACTIVE = re.compile(
    r"^(?P<subject>.{2,60}?)\s+(?:vil\s+|skal\s+)?(?P<verb>fremsender|sender|indsender|eftersender|"
    r"udarbejder|undersøger|vender tilbage|følger op|sørger for|tager kontakt|tager det med|"
    r"indkalder|afleverer|tager initiativ|kontakter|indhenter|opdaterer|fremsende|sende|"
    r"undersøge|udarbejde|følge op|vende tilbage|kontakte)\b",
)
DEADLINE_RE = re.compile(r"\b(?:senest|inden|før|frist)\s+(?:den\s+|d\.\s*)?", re.IGNORECASE)
DEPARTMENT_RE = re.compile(
    r"\b(?i:afd\.|afdeling(?:en)?)\s*(?:nr\.?\s*)?(?P<num>\d{1,3}\b)?(?:\s*[,–-]?\s*"
    r"(?P<name>[A-ZÆØÅ][\wæøåÆØÅ]+(?:[ -][A-ZÆØÅ][\wæøåÆØÅ]+)*))?"
)
_PREFIX = r"(?:(?:ad\s+)?(?:pkt\.?|punkt)\s*|ad\s+)"
TOP_RE = re.compile(
    rf"^(?P<prefix>{_PREFIX})?(?P<n>\d{{1,2}})(?P<sep>[.):]|\s*[–-]\s)?(?:\s+|$)(?P<title>.*)$",
    re.IGNORECASE,
)
SUB_RE = re.compile(
    rf"^{_PREFIX}?(?P<n>\d{{1,2}})(?:\.\s?(?P<a>[a-z])|(?P<b>[a-z])|\.(?P<d>\d{{1,2}}))[.)]?(?:\s+|$)(?P<title>.*)$",
    re.IGNORECASE,
)
LETTER_RE = re.compile(r"^(?P<a>[a-z])[.)]\s+(?P<title>\S.*)$")
BULLET_RE = re.compile(r"^(?:[-•–*·▪]|\(?[ivx]+\))\s+(?P<text>.+)$")
LABEL_RE = re.compile(
    r"^(?P<label>deltagere|mødedeltagere|til\s*stede|fremmødte|afbud|fraværende|referent|ref\.|"
    r"fra\s+[^:]{2,80}|for\s+[^:]{2,80}|kommunen|boligorganisationen|organisationen|"
    r"mødedato|dato|tid|tidspunkt|sted|mødested|dagsorden|beslutning|konklusion|aftaler?|"
    r"opfølgning|aftaler og opfølgning)\s*:\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
PARTICIPANT_LABELS = ("deltagere", "mødedeltagere", "til stede", "tilstede", "fremmødte")


def parse_date(text: str, *, default_year: int | None = None) -> tuple[date, int, int] | None:
    """The first date in ``text`` as (date, start, end) or None."""
    found: list[tuple[int, int, date]] = []
    for m in DATE_TEXT.finditer(text):
        year = int(m.group(3)) if m.group(3) else default_year
        if year is None:
            continue
        try:
            found.append(
                (m.start(), m.end(), date(year, MONTHS[m.group(2).lower()], int(m.group(1))))
            )
        except ValueError:
            continue
    for m in DATE_NUM.finditer(text):
        year = int(m.group(3))
        year = year + 2000 if year < 100 else year
        try:
            found.append((m.start(), m.end(), date(year, int(m.group(2)), int(m.group(1)))))
        except ValueError:
            continue
    for m in DATE_ISO.finditer(text):
        try:
            found.append(
                (m.start(), m.end(), date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
            )
        except ValueError:
            continue
    if not found:
        return None
    start, end, value = min(found)
    return value, start, end


def parse_time(text: str) -> time | None:
    m = TIME_RE.search(text)
    if not m or int(m.group(1)) > 23 or int(m.group(2) or 0) > 59:
        return None
    return time(int(m.group(1)), int(m.group(2) or 0))


def ends_sentence(line: str) -> bool:
    s = line.rstrip()
    if not s or s[-1] not in ".!?:":
        return False
    if s[-1] == ".":
        word = s[:-1].rsplit(" ", 1)[-1].lower().lstrip("(")
        if word in ABBREVIATIONS or re.fullmatch(r"\d{1,2}", word):
            return False
    return True


def split_sentences(paragraph: str) -> list[str]:
    out: list[str] = []
    start = 0
    for m in re.finditer(r"[.!?](?=\s+[A-ZÆØÅ0-9\"”“])", paragraph):
        candidate = paragraph[start : m.end()]
        word = candidate[:-1].rsplit(" ", 1)[-1].lower().lstrip("(")
        if candidate.endswith(".") and (word in ABBREVIATIONS or re.fullmatch(r"\d{1,2}", word)):
            continue
        out.append(candidate.strip())
        start = m.end()
    if paragraph[start:].strip():
        out.append(paragraph[start:].strip())
    return out


@dataclass
class _Line:
    text: str
    blanks_before: int


@dataclass
class _Target:
    item: ProposedItem
    lines: list[_Line] = field(default_factory=list)
    decision: list[_Line] = field(default_factory=list)


class _Joiner:
    """Joins lines into paragraphs, undoing hyphenation at line ends by the document's own words."""

    def __init__(self, all_text: str, double_spaced: bool, dense: bool) -> None:
        self.words = {w.lower() for w in re.findall(r"[\wæøåÆØÅ]+", all_text)}
        self.hyphenated: dict[str, set[str]] = {}
        for m in re.finditer(r"([\wæøå]+)-([\wæøå]+)", all_text, re.IGNORECASE):
            self.hyphenated.setdefault(m.group(1).lower(), set()).add(m.group(2).lower())
        self.double_spaced = double_spaced
        self.dense = dense

    def is_break(self, prev: str, line: _Line) -> bool:
        if self.broken_word(prev, line.text):
            return False
        if line.blanks_before >= (2 if self.double_spaced else 1):
            return True
        if BULLET_RE.match(line.text):
            return True
        return (self.double_spaced or self.dense) and ends_sentence(prev)

    @staticmethod
    def broken_word(prev: str, nxt: str) -> bool:
        return bool(re.search(r"[\wæøåÆØÅ][-\u2010]$", prev.rstrip())) and bool(
            re.match(r"[a-zæøå]", nxt.lstrip())
        )

    def join(self, prev: str, nxt: str) -> str:
        p, n = prev.rstrip(), nxt.strip()
        if p.endswith(FORCED_HYPHEN):
            return p[:-1] + n if re.match(r"[a-zæøå]", n) else p[:-1] + "-" + n
        m = re.search(r"([\wæøåÆØÅ]+)-$", p)
        if m:
            left = m.group(1)
            right = re.match(r"[\wæøåÆØÅ]+", n)
            right_word = right.group(0) if right else ""
            joined = (left + right_word).lower()
            keep = False
            if re.match(r"[A-ZÆØÅ]", n) or (len(left) >= 2 and left.isupper()):
                keep = True
            elif joined in self.words:
                keep = False
            elif any(
                right_word.lower().startswith(r) or r.startswith(right_word.lower())
                for r in self.hyphenated.get(left.lower(), ())
            ):
                keep = True
            return p + n if keep else p[:-1] + n
        return f"{p} {n}"

    def paragraphs(self, lines: list[_Line]) -> list[str]:
        out: list[str] = []
        for line in lines:
            if out and not self.is_break(out[-1], line):
                out[-1] = self.join(out[-1], line.text)
            else:
                out.append(line.text.strip())
        return [re.sub(r"\s{2,}", " ", p).strip() for p in out if p.strip()]


FORCED_HYPHEN = "\u2010"  # the hyphen typesetters (WeasyPrint, Word) put at an automatic break


def _clean_lines(text: str) -> list[_Line]:
    text = text.replace("\u00ad\n", "").replace("\u00ad", "").replace("\u2011", "-")
    out: list[_Line] = []
    blanks = 0
    for raw in text.split("\n"):
        line = re.sub(r"[\u00a0\u2009\u202f\t]", " ", raw).strip()
        line = re.sub(r" {2,}", " ", line)
        line = re.sub(r"\u2010(?!$)", "-", line)
        if not line:
            blanks += 1
            continue
        out.append(_Line(line, blanks))
        blanks = 0
    return out


_SIDE_LABELS = {"kommune": "kommunen", "organisation": "boligorganisationen"}


def _norm(name: str) -> str:
    return re.sub(r"[^\wæøå]+", " ", name.casefold()).strip()


class _Parser:
    def __init__(
        self,
        text: str,
        departments: Sequence[tuple[str, str]],
        organisations: Sequence[tuple[str, str]],
        organisation: str | None,
        kommune_name: str,
        people: Sequence[tuple[str, str, str, str | None]] = (),
    ) -> None:
        self.lines = _clean_lines(text)
        self.people = list(people)
        first_lines = self.lines[1:]
        single = sum(1 for line in first_lines if line.blanks_before == 1)
        double_spaced = bool(first_lines) and single >= 0.6 * len(first_lines)
        dense = bool(first_lines) and sum(
            1 for line in first_lines if line.blanks_before
        ) < 0.1 * len(first_lines)
        self.joiner = _Joiner(text, double_spaced, dense)
        self.departments = list(departments)
        self.organisations = list(organisations)
        self.proposal = Proposal(organisation=organisation, kommune_name=kommune_name)
        if organisation:
            for number, name in organisations:
                if number == organisation:
                    self.proposal.organisation_name = name
        self.header: list[_Line] = []
        self.targets: list[_Target] = []
        self.agenda: list[ProposedItem] = []
        self.in_agenda_list = False
        self.agreement_lines: list[tuple[_Line, str | None]] = []
        self.table_columns: dict[str, int] | None = None
        self.date_line: str | None = None
        self.pending_participants: list[list[str | None]] = []
        self.participant_inline = False

    # ---- top level ----------------------------------------------------------------------

    def _detect_parties(self) -> None:
        p = self.proposal
        first = self.lines[:12]
        pairs = [
            self.joiner.join(a.text, b.text) for a, b in zip(first[:4], first[1:5], strict=False)
        ]
        for text in [line.text for line in first] + pairs:
            m = re.search(
                r"mellem\s+(.+?)\s+og\s+(.+?)(?:\s+(?:den|d\.|mandag|tirsdag|onsdag|torsdag|fredag)\b|[,.(:]|\s+\d|$)",
                text,
            )
            parties = [m.group(1), m.group(2)] if m else []
            m = re.search(
                r"møde\s+med\s+(.+?)(?:\s+(?:den|d\.)\b|[,.(]|\s+\d|$)", text, re.IGNORECASE
            )
            if m:
                parties.append(m.group(1))
            if re.fullmatch(r"(?:[A-ZÆØÅ][\wæøå-]+ )+Kommune", text):
                parties.append(text)
            for party in parties:
                party = party.strip()
                if re.search(r"\bkommune\b", party, re.IGNORECASE):
                    p.kommune_name = p.kommune_name or party
                elif not p.organisation_name:
                    p.organisation_name = party

    def run(self) -> Proposal:
        p = self.proposal
        self._detect_parties()
        mode = "header"  # header | body | decision | agreements | participants
        participant_side: str | None = None
        i = 0
        lines = self.lines
        while i < len(lines):
            line = lines[i]
            heading = self._heading(line, lines[i + 1] if i + 1 < len(lines) else None)
            if heading is not None:
                level, number, title, used_next = heading
                self._flush_participants()
                i += 2 if used_next else 1
                # a title the page wrapped: the next line goes on in lower case, or the title
                # ends in a hyphen; at most two more lines
                for _ in range(2):
                    if (
                        i < len(lines)
                        and (
                            re.match(r"[a-zæøå]", lines[i].text)
                            and not LETTER_RE.match(lines[i].text)
                            and len(lines[i].text) < 60
                            or re.search(r"[-\u2010]$", title)
                        )
                        and lines[i].blanks_before <= 1
                    ):
                        title = self.joiner.join(title, lines[i].text)
                        i += 1
                    else:
                        break
                self._open_item(level, number, title)
                mode = (
                    "agreements"
                    if re.match(r"aftaler\b", title, re.IGNORECASE) and level == 0
                    else "body"
                )
                continue
            label = LABEL_RE.match(line.text)
            if label and not self._inside_sentence(line):
                self._flush_participants()
                name = re.sub(r"\s+", " ", label.group("label").lower())
                rest = label.group("rest").strip()
                if name == "dagsorden":
                    self.in_agenda_list = True
                    mode = "header"
                elif (
                    name in PARTICIPANT_LABELS
                    or name.startswith(("fra ", "for "))
                    or name
                    in (
                        "kommunen",
                        "boligorganisationen",
                        "organisationen",
                    )
                ):
                    self._flush_participants()
                    participant_side = self._side_of_label(name)
                    mode = "participants"
                    self.participant_inline = bool(rest)
                    if rest:
                        self.pending_participants.append([rest, participant_side])
                elif name in ("referent", "ref."):
                    self._add_referent(rest)
                elif name in ("afbud", "fraværende"):
                    mode = "skip"
                elif name in ("mødedato", "dato", "tid", "tidspunkt"):
                    self.date_line = (
                        line.text if self.date_line is None or name != "tid" else self.date_line
                    )
                    if name in ("tid", "tidspunkt") and p.start_time is None:
                        p.start_time = parse_time(line.text)
                elif name in ("sted", "mødested"):
                    pass
                elif name in ("beslutning", "konklusion") and self.targets:
                    mode = "decision"
                    if rest:
                        self.targets[-1].decision.append(_Line(rest, 0))
                elif name.startswith(("aftale", "opfølgning")):
                    mode = "agreements"
                    if rest:
                        self.agreement_lines.append((_Line(rest, 1), self._current_number()))
                i += 1
                continue
            if re.fullmatch(r"dagsorden", line.text, re.IGNORECASE):
                self.in_agenda_list = True
                i += 1
                continue
            if re.fullmatch(
                r"(?:aftaler|aftaler og opfølgning|opfølgning og aftaler)", line.text, re.IGNORECASE
            ):
                mode = "agreements"
                self.table_columns = None
                i += 1
                continue
            if " | " in line.text and self._table_row(line):
                i += 1
                continue
            if mode == "participants":
                if (
                    line.blanks_before >= (2 if self.joiner.double_spaced else 1)
                    or len(line.text) > 160
                    or (ends_sentence(line.text) and len(line.text) > 80)
                ):
                    self._flush_participants()
                    mode = "body" if self.targets else "header"
                else:
                    pending = self.pending_participants
                    previous = str(pending[-1][0]) if pending else ""
                    if pending and (
                        self.participant_inline
                        or re.search(r"[,;(\u2010-]$|\bog$", previous)
                        or previous.count("(") > previous.count(")")
                        or re.match(r"[a-zæøå(]", line.text)
                    ):
                        pending[-1][0] = self.joiner.join(previous, line.text)
                    else:
                        pending.append([line.text, participant_side])
                    i += 1
                    continue
            if mode == "skip":
                if (
                    line.blanks_before >= 1
                    and not self.joiner.double_spaced
                    or line.blanks_before >= 2
                ):
                    mode = "body" if self.targets else "header"
                else:
                    i += 1
                    continue
            if mode == "decision":
                if (
                    line.blanks_before >= (2 if self.joiner.double_spaced else 1)
                    or ends_sentence(
                        self.targets[-1].decision[-1].text if self.targets[-1].decision else ""
                    )
                    and line.blanks_before
                ):
                    mode = "body"
                else:
                    self.targets[-1].decision.append(line)
                    i += 1
                    continue
            if self.in_agenda_list and self.targets:
                self.in_agenda_list = False
            if mode == "agreements":
                self.agreement_lines.append((line, self._current_number()))
            elif self.targets:
                self.targets[-1].lines.append(line)
            else:
                self.header.append(line)
            i += 1
        self._flush_participants()
        self._finish()
        return p

    def _flush_participants(self) -> None:
        for text, side in self.pending_participants:
            self._add_participants(str(text), side if isinstance(side, str) else None)
        self.pending_participants = []

    def _inside_sentence(self, line: _Line) -> bool:
        """A "Fra …:" label is a label only when short; "For at …: " prose is not one."""
        text = line.text
        return text.lower().startswith(("for ", "fra ")) and (
            len(text.split(":")[0]) > 60 or " at " in text.split(":")[0]
        )

    def _current_number(self) -> str | None:
        return self.targets[-1].item.number if self.targets else None

    # ---- headings -----------------------------------------------------------------------

    def _heading(self, line: _Line, nxt: _Line | None) -> tuple[int, str, str, bool] | None:
        text = line.text
        tops = [t.item for t in self.targets if "." not in t.item.number]
        last_top = int(tops[-1].number) if tops else 0
        m = SUB_RE.match(text)
        if m and tops:
            parent = int(m.group("n"))
            sub = (m.group("a") or m.group("b") or m.group("d") or "").lower()
            title, used = self._title(m.group("title"), nxt)
            if parent == last_top and title is not None and self._expected_sub(tops[-1], sub):
                return 1, f"{parent}.{sub}", title, used
        m = TOP_RE.match(text)
        if m and (m.group("prefix") or m.group("sep")):
            n = int(m.group("n"))
            title, used = self._title(m.group("title"), nxt)
            if title is None:
                return None
            planned = any(item.number == str(n) for item in self.agenda)
            if (
                n == last_top + 1
                or (planned and n > last_top)
                or (n == 1 and tops and self._restart_allowed())
            ):
                if n == 1 and tops:
                    self._restart()
                return 0, str(n), title, used
            return None
        m = LETTER_RE.match(text)
        if m and tops:
            title, used = self._title(m.group("title"), nxt)
            letter = m.group("a")
            if title is not None and self._expected_sub(tops[-1], letter):
                return 1, f"{tops[-1].number}.{letter}", title, used
        return None

    def _title(self, raw: str, nxt: _Line | None) -> tuple[str | None, bool]:
        title = raw.strip().lstrip(":–- ").strip()
        if not title:
            if (
                nxt is not None
                and len(nxt.text) <= 120
                and re.match(r"[A-ZÆØÅ0-9]", nxt.text)
                and not ends_sentence(nxt.text)
            ):
                return nxt.text.strip(), True
            return "", False
        if not re.match(r"[A-ZÆØÅ0-9\"“]", title) or len(title) > 160 or title.endswith(","):
            return None, False
        if re.match(rf"(?:{_MONTH_RE})\b", title, re.IGNORECASE):
            return None, False
        return title, False

    def _expected_sub(self, parent: ProposedItem, sub: str) -> bool:
        n = len(parent.children)
        if sub.isdigit():
            return int(sub) == n + 1
        return len(sub) == 1 and ord(sub) - ord("a") == n

    def _restart_allowed(self) -> bool:
        return self.in_agenda_list or all(not t.lines for t in self.targets)

    def _restart(self) -> None:
        self.agenda = [t.item for t in self.targets if "." not in t.item.number]
        self.targets = []
        self.in_agenda_list = False

    def _open_item(self, level: int, number: str, title: str) -> None:
        item = ProposedItem(number=number, title=title)
        if level == 1:
            tops = [t.item for t in self.targets if "." not in t.item.number]
            tops[-1].children.append(item)
        self.targets.append(_Target(item))

    # ---- participants -------------------------------------------------------------------

    def _side_of_label(self, name: str) -> str | None:
        if name.startswith(("fra ", "for ")):
            party = name.split(" ", 1)[1].strip()
            side = self._side_of_text(party)
            if side is None:
                side = "organisation" if not party.endswith("kommune") else "kommune"
            if side == "organisation" and not self.proposal.organisation_name:
                self.proposal.organisation_name = party.title() if party.islower() else party
            return side
        if name == "kommunen":
            return "kommune"
        if name in ("boligorganisationen", "organisationen"):
            return "organisation"
        return None

    def _side_of_text(self, text: str) -> str | None:
        low = text.casefold()
        kommune = self.proposal.kommune_name.casefold()
        org = self.proposal.organisation_name.casefold()
        if (kommune and kommune in low) or re.search(r"\bkommune", low):
            return "kommune"
        if (org and org in low) or any(w in low for w in ORG_WORDS):
            return "organisation"
        words = set(re.findall(r"[\wæøå-]+", low))
        if words & _distinctive(kommune):
            return "kommune"
        if words & _distinctive(org):
            return "organisation"
        return None

    def _add_participants(self, text: str, side: str | None) -> None:
        text = BULLET_RE.sub(lambda m: m.group("text"), text).strip()
        m = re.match(r"^([^:()]{2,60}):\s*(.+)$", text)
        if m and not re.search(r"\(", m.group(1)):
            side = self._side_of_text(m.group(1)) or side
            text = m.group(2)
        for group in text.split(";") if ";" in text else [text]:
            self._add_participant_group(group, side)

    def _add_participant_group(self, text: str, side: str | None) -> None:
        entries: list[list[str]] = []
        for part in _split_commas(text):
            part = re.sub(r"^og\s+(?=[A-ZÆØÅ])", "", part.strip().rstrip(".")).strip()
            if not part:
                continue
            if entries and self._is_role(part):
                entries[-1].append(part)
                continue
            for piece in re.split(r"\s+og\s+(?=[A-ZÆØÅ])", part):
                entries.append([piece])
        for entry in entries:
            head, roles = entry[0], entry[1:]
            m = re.match(r"^(?P<name>[^()]+?)\s*\((?P<role>[^)]*)\)\s*$", head)
            if m:
                head, roles = m.group("name"), [m.group("role"), *roles]
            dash = re.match(r"^(?P<name>.+?)\s+[–-]\s+(?P<role>.+)$", head)
            if dash:
                head, roles = dash.group("name"), [dash.group("role"), *roles]
            name = head.strip()
            if not re.match(r"[A-ZÆØÅ]", name) or len(name) > 80:
                continue
            role = ", ".join(r.strip() for r in roles if r.strip())
            p_side = side or self._side_of_text(role)
            self.proposal.participants.append(ProposedParticipant(name, p_side, role))

    def _is_role(self, part: str) -> bool:
        low = part.casefold()
        if re.match(r"^[A-ZÆØÅ][\wæøå-]+(?: [A-ZÆØÅ][\wæøå-]+)*\s*\(", part):
            return False
        if re.match(r"[a-zæøå]", part):
            return True
        if self._side_of_text(part) and len(part.split()) <= 4:
            return True
        return any(word in low for word in ROLE_WORDS) and len(part.split()) <= 5

    def _add_referent(self, text: str) -> None:
        name = re.split(r"[,(]", text, maxsplit=1)[0].strip().rstrip(".")
        if not name:
            return
        for person in self.proposal.participants:
            if _norm(person.name) == _norm(name) or _norm(person.name).startswith(_norm(name)):
                person.referent = True
                return
        rest = text[len(name) :].strip(" ,()")
        role = f"referent, {rest}" if rest else "referent"
        self.proposal.participants.append(
            ProposedParticipant(name, self._side_of_text(text), role, referent=True)
        )

    # ---- agreements ---------------------------------------------------------------------

    def _table_row(self, line: _Line) -> bool:
        cells = [c.strip() for c in line.text.split("|")]
        low = [c.casefold() for c in cells]
        if any(c.startswith(("aftale", "opgave", "hvad")) for c in low) and len(cells) >= 2:
            self.table_columns = {}
            for idx, c in enumerate(low):
                if c.startswith(("aftale", "opgave", "hvad")):
                    self.table_columns["text"] = idx
                elif c.startswith(("ansvarlig", "hvem", "ejer")):
                    self.table_columns["owner"] = idx
                elif c.startswith(("frist", "deadline", "hvornår", "senest")):
                    self.table_columns["deadline"] = idx
                elif c.startswith(("punkt", "pkt", "dagsordenspunkt")):
                    self.table_columns["item"] = idx
            return True
        if self.table_columns is None or len(cells) < 2:
            return False
        cols = self.table_columns

        def cell(key: str) -> str:
            idx = cols.get(key)
            return cells[idx] if idx is not None and idx < len(cells) else ""

        text = cell("text")
        if not text:
            return True
        owner_name = cell("owner")
        item = cell("item").rstrip(".") or None
        deadline = parse_date(cell("deadline"), default_year=self._year())
        self.proposal.agreements.append(
            ProposedAgreement(
                text=text.rstrip("."),
                owner=self._owner_side(owner_name),
                deadline=deadline[0] if deadline else None,
                item=item,
                owner_name=owner_name,
            )
        )
        return True

    def _year(self) -> int | None:
        return self.proposal.meeting_date.year if self.proposal.meeting_date else None

    def _owner_side(self, name: str) -> str | None:
        if not name:
            return None
        low = name.casefold()
        if " og " in low and self._side_of_text(low.split(" og ")[0]) != self._side_of_text(
            low.split(" og ")[1]
        ):
            return "begge"
        side = self._side_of_text(name)
        if side:
            return side
        for person in self.proposal.participants:
            if _norm(person.name).split()[:1] == _norm(name).split()[:1]:
                return person.side
        return None

    def _agreement_from_sentence(
        self, sentence: str, item: str | None, *, listed: bool
    ) -> ProposedAgreement | None:
        s = sentence.strip().rstrip(".").strip()
        s = re.sub(
            r"^(?:det blev aftalt|det aftaltes|aftale|aftalt)\s*(?:,\s*at|at|:)\s*",
            "",
            s,
            flags=re.IGNORECASE,
        )
        if not s:
            return None
        s = s[0].upper() + s[1:]
        active = AGREEMENT_ACTIVE.match(s)
        passive = AGREEMENT_PASSIVE.search(s)
        deadline_m = DEADLINE_RE.search(s)
        deadline = None
        if deadline_m:
            found = parse_date(s[deadline_m.end() :], default_year=self._year())
            if found and found[1] == 0:
                deadline = found[0]
                if (
                    self.proposal.meeting_date
                    and deadline < self.proposal.meeting_date
                    and not re.search(r"\d{4}", s[deadline_m.end() : deadline_m.end() + found[2]])
                ):
                    deadline = deadline.replace(year=deadline.year + 1)
        if not (
            listed
            or active
            or passive
            or deadline
            or re.match(r"det blev aftalt", sentence, re.IGNORECASE)
        ):
            return None
        if active and re.search(r"\b(blev|var|har|havde)\b", s[: active.end()]):
            active = None
        owner: str | None = None
        owner_name = ""
        if active:
            subject = active.group("subject").strip()
            subject = re.sub(r"^(?:og|men|så|derfor)\s+", "", subject, flags=re.IGNORECASE)
            if len(subject.split()) <= 5:
                owner_name = subject
                owner = self._owner_side(subject)
        elif passive:
            recipient = re.search(
                r"\btil\s+(.{2,60}?)(?:\s+(?:senest|inden|før|med|om|i|på)\b|[,.]|$)",
                s[passive.end() :],
            )
            if recipient:
                rside = self._side_of_text(recipient.group(1))
                owner = {"kommune": "organisation", "organisation": "kommune"}.get(rside or "")
        if not (listed or deadline or owner or active):
            if not (passive and re.search(r"\btil\b", s[passive.end() :])):
                return None
        return ProposedAgreement(
            text=s, owner=owner, deadline=deadline, item=item, owner_name=owner_name
        )

    # ---- finishing ----------------------------------------------------------------------

    def _finish(self) -> None:
        p = self.proposal
        self._read_header()
        for target in self.targets:
            paragraphs = self.joiner.paragraphs(target.lines)
            target.item.text = "\n\n".join(paragraphs)
            target.item.decision = " ".join(self.joiner.paragraphs(target.decision))
            if target.item.title.casefold().startswith("aftaler"):
                continue
            for paragraph in paragraphs + ([target.item.decision] if target.item.decision else []):
                for sentence in split_sentences(paragraph):
                    agreement = self._agreement_from_sentence(
                        sentence, target.item.number, listed=False
                    )
                    if agreement:
                        p.agreements.append(agreement)
        self._merge_agenda()
        self._section_agreements()
        if not p.items:
            body = self.joiner.paragraphs(self.header)
            if body:
                p.items.append(ProposedItem("1", "Referat", "\n\n".join(body)))
            p.warnings.append(
                "Ingen dagsordenspunkter blev fundet; hele teksten er lagt i ét punkt."
            )
        for item in p.all_items():
            if not item.title:
                p.warnings.append(f"Punkt {item.number} har ingen overskrift.")
        if not p.participants:
            self._speakers()
        self._organisation()
        self._resolve_people()
        unknown = [person.name for person in p.participants if person.side is None]
        if unknown:
            p.warnings.append(
                "Deltagernes part (kommune eller boligorganisation) er ikke angivet for: "
                + ", ".join(unknown)
                + "."
            )
        self._find_departments()

    def _read_header(self) -> None:
        p = self.proposal
        lines = [
            line
            for line in self.header
            if not re.fullmatch(r"dagsorden:?", line.text, re.IGNORECASE)
        ]
        if lines and _norm(lines[0].text) == _norm(p.kommune_name):  # a letterhead
            lines.pop(0)
        title_parts: list[str] = []
        if lines and re.fullmatch(r"referat", lines[0].text, re.IGNORECASE) and len(lines) > 1:
            lines.pop(0)
            if re.match(r"[a-zæøå]", lines[0].text):
                title_parts.append("Referat")
        while lines and (
            not title_parts
            or re.match(r"[a-zæøå]", lines[0].text)
            or (
                lines[0].blanks_before == 0
                and len(title_parts) < 3
                and not parse_date(lines[0].text)
            )
        ):
            if parse_date(lines[0].text) and not title_parts:
                break
            title_parts.append(lines.pop(0).text)
        title = ""
        for part in title_parts:
            title = self.joiner.join(title, part) if title else part
        p.title = title[:300]
        candidates = ([self.date_line] if self.date_line else []) + [line.text for line in lines]
        for text in candidates + [p.title]:
            found = parse_date(text)
            if found:
                p.meeting_date = found[0]
                p.start_time = p.start_time or parse_time(text)
                break
        if p.meeting_date is None:
            all_text = "\n".join(line.text for line in self.lines)
            found = parse_date(all_text)
            if found:
                p.meeting_date = found[0]
                p.warnings.append(
                    f"Mødedatoen er gættet ud fra den første dato i teksten ({found[0].strftime('%d.%m.%Y')})."
                )
            else:
                p.warnings.append("Mødedatoen blev ikke fundet.")
        leftovers = [
            line.text
            for line in lines
            if not parse_date(line.text) and not re.fullmatch(r"referat", line.text, re.IGNORECASE)
        ]
        if leftovers and self.targets:
            excerpt = " ".join(leftovers)
            p.warnings.append(
                "Tekst før første punkt blev ikke placeret: «"
                + (excerpt[:120] + ("…" if len(excerpt) > 120 else ""))
                + "»"
            )

    def _merge_agenda(self) -> None:
        p = self.proposal
        items = [t.item for t in self.targets if "." not in t.item.number]
        if self.agenda:
            by_number = {item.number: item for item in items}
            for planned in self.agenda:
                found = by_number.get(planned.number)
                if found is None:
                    items.append(planned)
                    p.warnings.append(
                        f"Punkt {planned.number} står på dagsordenen, men har ingen tekst i referatet."
                    )
                elif not found.title:
                    found.title = planned.title
            items.sort(key=lambda item: int(item.number))
        p.items = items

    def _section_agreements(self) -> None:
        lines = self.agreement_lines
        if not lines:
            return
        joined = self.joiner.paragraphs([line for line, _ in lines])
        numbers = {line.text.strip(): number for line, number in lines}
        if joined and re.match(r"aftale\s+ansvarlig\b", joined[0], re.IGNORECASE):
            self._flattened_table(" ".join(joined))
            return
        for paragraph in joined:
            item = numbers.get(paragraph)
            ref = re.search(
                r"\((?:pkt\.?|punkt)\s*(\d{1,2}(?:\.?[a-z]|\.\d{1,2})?)\)", paragraph, re.IGNORECASE
            )
            if ref:
                item = ref.group(1)
                paragraph = (paragraph[: ref.start()] + paragraph[ref.end() :]).strip()
            paragraph = BULLET_RE.sub(lambda m: m.group("text"), paragraph)
            for sentence in [paragraph] if len(paragraph) < 300 else split_sentences(paragraph):
                agreement = self._agreement_from_sentence(sentence, item, listed=True)
                if agreement and not any(
                    a.text == agreement.text for a in self.proposal.agreements
                ):
                    self.proposal.agreements.append(agreement)

    def _flattened_table(self, text: str) -> None:
        """A table of agreements whose cells the PDF text ran together ("Aftale Ansvarlig Frist
        Punkt Bo-Vita sender planen Bo-Vita 1. december 2022 2 …"): one row ends at a date and
        an item number; the responsible party is the name just before the date."""
        p = self.proposal
        header = re.match(r"aftale\s+ansvarlig(?:\s+frist)?(?:\s+punkt)?\s*", text, re.IGNORECASE)
        body = text[header.end() :] if header else text
        date_re = rf"(?:\d{{1,2}}\.?\s*(?:{_MONTH_RE})\.?\s+\d{{4}}|\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}})"
        rows = list(
            re.finditer(
                rf"(?P<row>.+?)\s+(?P<date>{date_re})(?:\s+(?P<item>\d{{1,2}}(?:\.[a-z\d]{{1,2}})?)\b)?\s*",
                body,
                re.IGNORECASE,
            )
        )
        if not rows:
            p.warnings.append("Aftaletabellen kunne ikke læses; kontrollér aftalerne.")
            return
        parties = [n for n in (p.organisation_name, p.kommune_name) if n] + [
            x.name for x in p.participants
        ]
        for m in rows:
            row, owner_name = m.group("row").strip(), ""
            for party in sorted(parties, key=len, reverse=True):
                if row.endswith(" " + party):
                    row, owner_name = row[: -len(party)].strip(), party
                    break
            found = parse_date(m.group("date"))
            p.agreements.append(
                ProposedAgreement(
                    text=row.rstrip("."),
                    owner=self._owner_side(owner_name) if owner_name else None,
                    deadline=found[0] if found else None,
                    item=m.group("item"),
                    owner_name=owner_name,
                )
            )
        p.warnings.append("Aftaletabellen er læst fra sammenløbet tekst; kontrollér aftalerne.")

    def _speakers(self) -> None:
        p = self.proposal
        seen: list[str] = []
        verbs = "|".join(SPEECH_VERBS)
        for item in p.all_items():
            for m in re.finditer(
                rf"(?:^|[.!?]\s+|\n)([A-ZÆØÅ][a-zæøå]+)\s+(?:{verbs})\b", item.text
            ):
                name = m.group(1)
                if name.casefold() in NOT_NAMES or self._side_of_text(name) or name in seen:
                    continue
                if _norm(name) in (_norm(p.organisation_name), _norm(p.kommune_name)):
                    continue
                seen.append(name)
        for name in seen:
            p.participants.append(ProposedParticipant(name, None, ""))
        if seen:
            p.warnings.append(
                "Referatet har ingen deltagerliste; deltagerne er fundet i teksten ("
                + ", ".join(seen)
                + ")."
            )

    def _resolve_people(self) -> None:
        """Link each participant to the one user (``people``: name, side, key, LBF number of
        staff) with a role for the kommune or the meeting's organisation whose full name is the
        participant's, or whose first name is when the participant is named by first name only
        and exactly one such user has it; the user's side is then the participant's. A name that
        matches no user, or several, gets a warning."""
        p = self.proposal
        if not self.people:
            return
        pool = [
            (name, side, key)
            for name, side, key, org in self.people
            if side == "kommune" or (org is not None and org == p.organisation)
        ]
        used: set[str] = set()
        for person in p.participants:
            wanted = _norm(person.name).split()
            if not wanted:
                continue
            found = {key: (name, side) for name, side, key in pool if _norm(name).split() == wanted}
            if not found and len(wanted) == 1:
                found = {
                    key: (name, side)
                    for name, side, key in pool
                    if _norm(name).split()[:1] == wanted
                }
            if len(found) > 1:
                p.warnings.append(
                    f"Deltageren {person.name} kan være flere brugere ("
                    + ", ".join(sorted(name for name, _ in found.values()))
                    + "); vælg part selv."
                )
                continue
            if not found:
                if person.side is None:
                    p.warnings.append(
                        f"Deltageren {person.name} svarer ikke til nogen bruger med en rolle i "
                        "kommunen eller boligorganisationen."
                    )
                continue
            key, (name, side) = next(iter(found.items()))
            if person.side not in (None, side):
                p.warnings.append(
                    f"Deltageren {person.name} er angivet fra "
                    f"{_SIDE_LABELS.get(person.side, person.side)}, men brugeren {name} hører "
                    f"til {_SIDE_LABELS.get(side, side)}; deltageren er ikke knyttet til brugeren."
                )
                continue
            if key in used:
                p.warnings.append(
                    f"Brugeren {name} passer på flere deltagere; kun den første er knyttet til "
                    "brugeren."
                )
                continue
            used.add(key)
            person.side = side
            person.user = key
        for agreement in p.agreements:
            if agreement.owner is None and agreement.owner_name:
                agreement.owner = self._owner_side(agreement.owner_name)

    def _organisation(self) -> None:
        p = self.proposal
        if p.organisation or not self.organisations:
            if not p.organisation and p.organisation_name:
                p.warnings.append(
                    f"Boligorganisationen «{p.organisation_name}» er ikke knyttet til et LBF-nummer."
                )
            return
        name = _norm(p.organisation_name)
        if name:
            for number, org_name in self.organisations:
                candidate = _norm(org_name)
                if candidate == name or (
                    len(name) >= 4 and (name in candidate or candidate in name)
                ):
                    p.organisation = number
                    return
        counts: list[tuple[int, str]] = []
        text = "\n".join(item.text for item in p.all_items()) + " " + p.title
        for number, org_name in self.organisations:
            hits = len(re.findall(rf"\b{re.escape(org_name)}\b", text, re.IGNORECASE))
            if hits:
                counts.append((hits, number))
        if counts:
            counts.sort(reverse=True)
            p.organisation = counts[0][1]
            return
        p.warnings.append(
            "Boligorganisationen blev ikke genkendt"
            + (f" («{p.organisation_name}»)" if p.organisation_name else "")
            + "; vælg den."
        )

    def _find_departments(self) -> None:
        p = self.proposal
        own = [
            (dep_id, name)
            for dep_id, name in self.departments
            if not p.organisation or dep_id.startswith(f"{p.organisation}-")
        ] or self.departments
        orgs = {dep_id.split("-")[0] for dep_id, _ in own}
        own_only = len(orgs) == 1
        seen: dict[str, DepartmentMention] = {}
        for item in p.all_items():
            text = " ".join([item.title, item.text, item.decision])
            spans: list[tuple[int, int, str, str | None]] = []
            for m in DEPARTMENT_RE.finditer(text):
                num, dep_name = m.group("num"), m.group("name")
                end = m.end()
                if dep_name and self._not_a_department_name(dep_name):
                    dep_name, end = None, m.start("name")
                if not (num or dep_name):
                    continue
                mention = re.sub(r"\s+", " ", text[m.start() : end]).strip(" ,.-–")
                spans.append((m.start(), end, mention, self._resolve(own, num, dep_name, own_only)))
            for dep_id, name in own:
                if len(name) < 4:
                    continue
                for m in re.finditer(rf"(?<![\wæøå]){re.escape(name)}(?![\wæøå])", text):
                    if not any(s <= m.start() < e for s, e, _, _ in spans):
                        spans.append((m.start(), m.end(), name, dep_id))
            for _, _, mention, dep in sorted(spans):
                key = dep or mention.casefold()
                if key not in seen:
                    seen[key] = DepartmentMention(mention, dep, item.number)
                if item.number not in seen[key].items:
                    seen[key].items.append(item.number)
        p.departments = list(seen.values())
        for found in p.departments:
            if found.department is None:
                p.warnings.append(
                    f"Afdelingen «{found.mention}» blev ikke fundet blandt organisationens afdelinger."
                )

    def _not_a_department_name(self, name: str) -> bool:
        """ "afd. Der er …": a capital that starts the next sentence, or a party's name."""
        first = name.split()[0].casefold()
        parties = {_norm(self.proposal.organisation_name), _norm(self.proposal.kommune_name)}
        return first in NOT_DEPARTMENT_WORDS or _norm(name) in parties

    @staticmethod
    def _resolve(
        departments: list[tuple[str, str]], num: str | None, name: str | None, own_only: bool
    ) -> str | None:
        """The department id for a mention; by number alone only among one organisation's
        departments (``own_only``), since every organisation has an "afd. 1"."""
        if name:
            wanted = _norm(name)
            exact = [d for d, n in departments if _norm(n) == wanted]
            if not exact:
                exact = [
                    d
                    for d, n in departments
                    if _norm(n).startswith(wanted) or wanted.startswith(_norm(n))
                ]
            if len(exact) == 1:
                return exact[0]
            if num:
                both = [d for d in exact if d.split("-")[-1].lstrip("0") == num.lstrip("0")]
                if len(both) == 1:
                    return both[0]
            return None  # a name that is not one of the departments: never a guess by number
        if num and own_only:
            by_number = [
                d for d, _ in departments if d.split("-")[-1].lstrip("0") == num.lstrip("0")
            ]
            if len(by_number) == 1:
                return by_number[0]
        return None


GENERIC_NAME_WORDS = {
    "boligselskabet", "boligforeningen", "boligorganisationen", "almene", "almennyttige",
    "kommune", "af", "i", "og", "for", "a/s", "den", "det", "selvejende", "institution",
}  # fmt: skip


def _distinctive(name: str) -> set[str]:
    return {
        w for w in re.findall(r"[\wæøå-]+", name) if len(w) >= 3 and w not in GENERIC_NAME_WORDS
    }


def _split_commas(text: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    current = ""
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return parts


def parse_referat(
    text: str,
    *,
    departments: Sequence[tuple[str, str]] = (),
    organisations: Sequence[tuple[str, str]] = (),
    organisation: str | None = None,
    kommune_name: str = "",
    people: Sequence[tuple[str, str, str, str | None]] = (),
) -> Proposal:
    """The proposed meeting in ``text``. ``departments`` are (``NNNN-NNN`` id, name) pairs to link
    mentions to, ``organisations`` (LBF number, name) pairs to detect the organisation among;
    ``organisation`` (an LBF number) when the caller knows it; ``people`` the users the
    participants may be: (full name, side "kommune"/"organisation", key, LBF number of the
    organisation for staff, else None)."""
    proposal = _Parser(text, departments, organisations, organisation, kommune_name, people).run()
    proposal.source_text = text
    return proposal
