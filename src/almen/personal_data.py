"""Find personal data in a text before it is published (issue 16, item 4).

Django-free. ``find_personal_data(text, party_names=…)`` returns every hit of five kinds:

* ``cpr`` — a CPR number ``DDMMYY-XXXX`` (also ``DDMMYY XXXX`` and ten digits in a row) whose
  first six digits are a real date (the seventh digit gives the century, as in the CPR rules);
* ``phone`` — a Danish phone number: 8 digits (``44772000``, ``44 77 20 00``, ``4477 2000``),
  optionally with ``+45``/``0045``;
* ``email`` — an e-mail address;
* ``address`` — a street name with a Danish suffix (-vej, -gade, -allé, -vænge, -parken …)
  followed by a house number (``Lundebjerggårdsvej 12``, ``Ballerup Byvej 3B``);
* ``name`` — the name of a private person entered as a party of a case.

False-positive guards: amounts (``1.234.567 kr.``, ``12345678 kr``), dates (``27.05.2021``,
``27052021``), years (``2021 2022``), afdeling numbers (``afd. 008``) and numbers that are part of
longer digit runs are no hits. A ``Finding`` never has to be logged with its value: ``key`` is
a digest of kind and value (one decision per distinct value), ``masked`` and ``context`` hide a
CPR number and most of a phone number or e-mail address.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

KINDS = ("cpr", "phone", "email", "address", "name")
KIND_LABELS = {
    "cpr": "CPR-nummer",
    "phone": "Telefonnummer",
    "email": "E-mailadresse",
    "address": "Adresse",
    "name": "Navn på privatperson",
}
REDACTED = "[fjernet]"
CONTEXT_CHARS = 40

# Endings of Danish street names. Short, generic endings ("-ring", "-sti", "-bro", "-dal",
# "-park", "alle") are left out: "renovering 2", "Alle 3 afdelinger" are no addresses.
STREET_SUFFIXES = (
    "vej",
    "vejen",
    "gade",
    "gaden",
    "allé",
    "vænge",
    "vænget",
    "parken",
    "stræde",
    "strædet",
    "plads",
    "pladsen",
    "torv",
    "torvet",
    "boulevard",
    "vang",
    "vangen",
    "haven",
    "toften",
    "bakke",
    "bakken",
    "højen",
    "stien",
    "gården",
    "kvarteret",
    "lunden",
    "engen",
    "hegnet",
    "løkke",
    "løkken",
    "ageren",
    "skoven",
    "broen",
    "kajen",
    "dalen",
    "ringen",
    "promenade",
)

_CPR = re.compile(r"(?<![\d.,/:+-])(\d{2})(\d{2})(\d{2})(?:-| |)(\d{4})(?![\d/:-]|[.,]\d|\s?kr)")
_PHONE = re.compile(
    r"(?<![\d.,/:-])(?P<prefix>(?:\+45|0045)\s?)?"
    r"(?P<num>\d{8}|\d{2} \d{2} \d{2} \d{2}|\d{4} \d{4})"
    r"(?![\d/:-]|[.,]\d|\s?kr\b|\s?kroner|\s?m2|\s?m²)"
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
_SUFFIX = "|".join(sorted((re.escape(s) for s in STREET_SUFFIXES), key=len, reverse=True))
_WORD = r"[A-ZÆØÅ][\wæøåÆØÅéü.-]*"
_ADDRESS = re.compile(
    rf"(?<![\w])(?:{_WORD}[ ]){{0,2}}(?=[A-ZÆØÅ])[\wæøåéü-]*(?i:{_SUFFIX})[ ](?P<no>\d{{1,3}})"
    r"(?:[ ]?[A-Za-z](?![\wæøå]))?(?![\d.,]\d)(?!\w)"
)
_KR_BEFORE = re.compile(r"kr\.?\s?$", re.IGNORECASE)
_YEAR = re.compile(r"(19|20)\d\d")


@dataclass(frozen=True)
class Finding:
    """One hit: ``kind`` (see ``KINDS``), ``value`` as written, ``start``/``end`` in the text."""

    kind: str
    value: str
    start: int
    end: int
    context: str = ""

    @property
    def key(self) -> str:
        return finding_key(self.kind, self.value)

    @property
    def masked(self) -> str:
        return mask(self.kind, self.value)

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


def normalise(kind: str, value: str) -> str:
    if kind in ("cpr", "phone"):
        digits = re.sub(r"\D", "", value)
        return digits[-8:] if kind == "phone" else digits
    return " ".join(value.split()).casefold()


def finding_key(kind: str, value: str) -> str:
    """A stable, non-reversible name for one distinct value: ``cpr-3f9a0c1d2b4e5f60``."""
    digest = hashlib.sha256(f"{kind}:{normalise(kind, value)}".encode()).hexdigest()
    return f"{kind}-{digest[:16]}"


def mask(kind: str, value: str) -> str:
    """What may be shown and stored: a CPR number never, a phone's last two digits, an e-mail's
    first letter and domain; addresses and names in full (they are needed to decide)."""
    if kind == "cpr":
        return "••••••-••••"
    if kind == "phone":
        digits = re.sub(r"\D", "", value)
        return "•• •• •• " + digits[-2:]
    if kind == "email":
        local, _, domain = value.partition("@")
        return f"{local[:1]}•••@{domain}"
    return value


def valid_cpr_date(dd: str, mm: str, yy: str, serial: str) -> bool:
    """Is DDMMYY a real date, with the century from the serial's first digit (CPR rules)?"""
    day, month, year2, seventh = int(dd), int(mm), int(yy), int(serial[0])
    if seventh <= 3:
        century = 1900
    elif seventh in (4, 9):
        century = 2000 if year2 <= 36 else 1900
    else:
        century = 2000 if year2 <= 57 else 1800
    try:
        date(century + year2, month, day)
    except ValueError:
        return False
    return True


def _is_date_like(digits: str) -> bool:
    """27052021 (DDMMYYYY) or 20210527 (YYYYMMDD)."""
    for d, m, y in ((digits[:2], digits[2:4], digits[4:]), (digits[6:], digits[4:6], digits[:4])):
        if _YEAR.fullmatch(y):
            try:
                date(int(y), int(m), int(d))
            except ValueError:
                continue
            return True
    return False


def _cpr(text: str) -> Iterable[tuple[int, int]]:
    for m in _CPR.finditer(text):
        if valid_cpr_date(m.group(1), m.group(2), m.group(3), m.group(4)):
            yield m.start(), m.end()


def _phone(text: str, taken: list[tuple[int, int]]) -> Iterable[tuple[int, int]]:
    for m in _PHONE.finditer(text):
        if _overlaps(m.start(), m.end(), taken):
            continue
        digits = m.group("num").replace(" ", "")
        if not m.group("prefix"):
            if digits[0] in "01":
                continue  # Danish numbers start with 2–9
            if _KR_BEFORE.search(text[max(0, m.start() - 4) : m.start()]):
                continue
            if _is_date_like(digits):
                continue
            parts = m.group("num").split(" ")
            if len(parts) == 2 and all(_YEAR.fullmatch(p) for p in parts):
                continue  # "2021 2022": two years
        yield m.start(), m.end()


def _address(text: str) -> Iterable[tuple[int, int]]:
    for m in _ADDRESS.finditer(text):
        if int(m.group("no")) == 0:
            continue
        yield m.start(), m.end()


def _names(text: str, party_names: Iterable[str]) -> Iterable[tuple[int, int]]:
    for name in {" ".join(n.split()) for n in party_names if n and n.strip()}:
        if len(name) < 3:
            continue
        words = [re.escape(w) for w in name.split(" ")]
        pattern = re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)
        for m in pattern.finditer(text):
            yield m.start(), m.end()


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def find_personal_data(text: str, *, party_names: Iterable[str] = ()) -> list[Finding]:
    """Every hit in ``text``, in text order; overlapping hits keep the first kind found
    (CPR before phone, e-mail, address, name)."""
    if not text:
        return []
    spans: list[tuple[str, int, int]] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, found: Iterable[tuple[int, int]]) -> None:
        for start, end in found:
            if not _overlaps(start, end, taken):
                spans.append((kind, start, end))
                taken.append((start, end))

    add("cpr", _cpr(text))
    add("email", ((m.start(), m.end()) for m in _EMAIL.finditer(text)))
    add("phone", list(_phone(text, taken)))
    add("address", _address(text))
    add("name", _names(text, party_names))
    spans.sort(key=lambda s: s[1])
    return [
        Finding(kind, text[start:end], start, end, _context(text, start, end, kind))
        for kind, start, end in spans
    ]


def _context(text: str, start: int, end: int, kind: str) -> str:
    """The words around a hit, with every CPR number, phone and e-mail in it masked."""
    left = max(0, start - CONTEXT_CHARS)
    right = min(len(text), end + CONTEXT_CHARS)
    before = _mask_all(text[left:start])
    after = _mask_all(text[end:right])
    snippet = f"{before}[{mask(kind, text[start:end])}]{after}"
    snippet = " ".join(snippet.split())
    return ("…" if left else "") + snippet + ("…" if right < len(text) else "")


def _mask_all(fragment: str) -> str:
    fragment = _CPR.sub(lambda m: mask("cpr", m.group(0)), fragment)
    fragment = _EMAIL.sub(lambda m: mask("email", m.group(0)), fragment)
    return _PHONE.sub(lambda m: mask("phone", m.group(0)), fragment)


def redact(text: str, keys: Iterable[str], *, party_names: Iterable[str] = ()) -> str:
    """``text`` with every hit whose ``key`` is in ``keys`` replaced by ``[fjernet]``."""
    wanted = set(keys)
    if not wanted or not text:
        return text
    out, pos = [], 0
    for f in find_personal_data(text, party_names=party_names):
        if f.key in wanted:
            out.append(text[pos : f.start])
            out.append(REDACTED)
            pos = f.end
    out.append(text[pos:])
    return "".join(out)
