"""The kontoplan for almene boligafdelinger as data: read and check a plan file (Django-free).

A plan file is JSON (``almen/data/kontoplan_afdelinger.json`` is the one shipped; the format is
in docs/reference/data-formats/kontoplan.md)::

    {"version": "...", "gyldig_fra": "2018-01-01", "kilde": "...", "note": "...",
     "konti": [{"konto": "112.1", "navn": "...", "gruppe": "faste", "belaeg": "C", "kilde": "..."}]}

Account numbers are strings ("112.1"), never floats (DOMAIN.md §4). The plan's ranges are
udgifter 101–199, indtægter 201–299 and balance 301–599; a number is well-formed when it has
three digits in one of those ranges and at most a two-digit sub-account ("117.1", "201.12").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any

KONTO_RE = re.compile(r"^(\d{3})(\.\d{1,2})?$", re.ASCII)

# group → (Danish label, the range its main accounts must lie in)
GROUPS: dict[str, tuple[str, range]] = {
    "faste": ("Ordinære udgifter: faste udgifter", range(101, 200)),
    "variable": ("Ordinære udgifter: variable udgifter", range(101, 200)),
    "henlaeggelser": ("Ordinære udgifter: henlæggelser", range(101, 200)),
    "ekstraordinaere": ("Ekstraordinære udgifter", range(101, 200)),
    "indtaegter": ("Indtægter", range(201, 300)),
    "balance": ("Balance", range(301, 600)),
}
RANGES: tuple[tuple[str, range], ...] = (
    ("udgifter", range(101, 200)),
    ("indtægter", range(201, 300)),
    ("balance", range(301, 600)),
)
RANGES_TEXT = "udgifter 101–199, indtægter 201–299, balance 301–599"
EVIDENCE = ("C", "I", "U")
SHIPPED = "kontoplan_afdelinger.json"
MAX_ACCOUNTS = 5_000


class KontoplanError(ValueError):
    """A plan file that cannot be loaded; ``errors`` holds every problem, in Danish."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass(frozen=True, slots=True)
class PlanAccount:
    konto: str
    name: str
    group: str
    evidence: str
    source: str


@dataclass(frozen=True, slots=True)
class Plan:
    version: str
    valid_from: date
    source: str
    note: str
    accounts: tuple[PlanAccount, ...]


def range_of(konto: str) -> str | None:
    """'udgifter', 'indtægter' or 'balance' for a well-formed number in the plan's ranges."""
    match = KONTO_RE.match(konto)
    if not match:
        return None
    main = int(match.group(1))
    return next((name for name, r in RANGES if main in r), None)


def konto_problem(konto: str) -> str | None:
    """Why ``konto`` is not a well-formed account number of the plan's ranges (None: it is)."""
    if not KONTO_RE.match(konto):
        return f"'{konto}' er ikke et kontonummer. Skriv fx 112 eller 112.1."
    if range_of(konto) is None:
        return f"Konto {konto} ligger uden for kontoplanens intervaller ({RANGES_TEXT})."
    return None


def _text(entry: dict[str, Any], key: str, where: str, errors: list[str], limit: int) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        errors.append(f"{where}: '{key}' mangler eller er tom.")
        return ""
    if len(value) > limit:
        errors.append(f"{where}: '{key}' er for lang (højst {limit} tegn).")
    return value.strip()


def parse_plan(data: bytes, *, filename: str = "kontoplan.json") -> Plan:
    """The plan in ``data``, or ``KontoplanError`` with every problem found."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise KontoplanError([f"{filename}: filen er ikke UTF-8-tekst."]) from None
    except json.JSONDecodeError as exc:
        raise KontoplanError(
            [f"{filename}: filen er ikke gyldig JSON (linje {exc.lineno}, kolonne {exc.colno})."]
        ) from None
    if not isinstance(raw, dict):
        raise KontoplanError([f"{filename}: filen skal indeholde ét JSON-objekt."])
    errors: list[str] = []
    version = _text(raw, "version", filename, errors, 30)
    source = _text(raw, "kilde", filename, errors, 2000)
    note_raw = raw.get("note")
    note = note_raw if isinstance(note_raw, str) else ""
    valid_from = date(1900, 1, 1)
    try:
        valid_from = date.fromisoformat(str(raw.get("gyldig_fra")))
    except ValueError:
        errors.append(f"{filename}: 'gyldig_fra' skal være en dato som 2024-01-01.")
    entries = raw.get("konti")
    if not isinstance(entries, list) or not entries:
        errors.append(f"{filename}: 'konti' skal være en liste med mindst én konto.")
        entries = []
    if len(entries) > MAX_ACCOUNTS:
        raise KontoplanError([f"{filename}: højst {MAX_ACCOUNTS} konti i en kontoplan."])
    accounts: list[PlanAccount] = []
    seen: set[str] = set()
    for i, entry in enumerate(entries, start=1):
        where = f"{filename}, konto nr. {i}"
        if not isinstance(entry, dict):
            errors.append(f"{where}: skal være et JSON-objekt.")
            continue
        konto = entry.get("konto")
        if not isinstance(konto, str):
            errors.append(f"{where}: 'konto' skal være en tekst som \"112.1\" (ikke et tal).")
            continue
        problem = konto_problem(konto)
        if problem:
            errors.append(f"{where}: {problem}")
            continue
        where = f"{filename}, konto {konto}"
        if konto in seen:
            errors.append(f"{where}: kontoen står mere end én gang.")
        seen.add(konto)
        name = _text(entry, "navn", where, errors, 200)
        group = entry.get("gruppe")
        if group not in GROUPS:
            errors.append(f"{where}: ukendt gruppe {group!r}; brug en af {', '.join(GROUPS)}.")
        elif int(konto[:3]) not in GROUPS[str(group)][1]:
            errors.append(f"{where}: kontoen ligger ikke i intervallet for gruppen '{group}'.")
        evidence = entry.get("belaeg", "U")
        if evidence not in EVIDENCE:
            errors.append(f"{where}: 'belaeg' skal være C, I eller U.")
        kilde = entry.get("kilde", "")
        accounts.append(PlanAccount(konto, name, str(group), str(evidence), str(kilde or "")[:300]))
    if errors:
        raise KontoplanError(errors)
    return Plan(version, valid_from, source, note[:5000], tuple(accounts))


def shipped_plan() -> Plan:
    """The plan that ships with the project (loaded by ``migrate`` and the demo data)."""
    data = resources.files("almen.data").joinpath(SHIPPED).read_bytes()
    return parse_plan(data, filename=SHIPPED)
