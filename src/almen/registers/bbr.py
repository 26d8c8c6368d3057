"""BBR Enhed and Bygning from the Datafordeler, normalised to one typed record per object.

Two shapes are read (DOMAIN.md §8.3):

* **REST** (``BBRPublic/1/rest/enhed``): a JSON array of bitemporal objects with Danish field
  names (``enh046OffentligStøtte``, ``enh031AntalVærelser``);
* **GraphQL** (``BBR_Enhed``): ``{"data": {"BBR_Enhed": {"nodes": […], "pageInfo": …}}}`` with
  ASCII-transliterated names (``enh046OffentligStoette``, ``enh031AntalVaerelser``).

Field names are folded to the ASCII form (æ→ae, ø→oe, å→aa) before reading, so both give the
same ``BbrUnit``. Codes are kept as strings ("140"), areas as whole m², times as aware datetimes.
Only the current version of each object is kept (``registreringTil`` and ``virkningTil`` empty).

A real extract also holds objects that no longer exist or never did: life-cycle status 9
"Afsluttet", 10 "Slettet", 11 "Fejlregistreret", 14 "Henlagt", 17 "Afvist"
(``SKIPPED_STATUSES``; code list ``bbr_livscyklus_status.csv``). Their fields are left unchecked
(a retired unit may carry a negative area) and they are counted per status in ``skipped``
instead of stopping the import. Times are read as given; ``local_date`` gives their date in
Danish local time (Europe/Copenhagen), the calendar the registers' reference dates use.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from almen.tabular import MAX_ERRORS, cap_errors

from .errors import RegisterFormatError, RowError
from .inputs import load_json, shown

_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})
PROPERTY_KEY_FACTOR = 10_000_000
MAX_TEXT = 40  # the longest identifier stored (``BbrUnitRecord.unit_id``; a UUID has 36)
_DIGITS = re.compile(r"[0-9]{1,18}")  # ASCII only: "²".isdigit() is true, int("²") fails
_CODE = re.compile(r"[0-9A-Za-z]+")
DANISH_TIME = ZoneInfo("Europe/Copenhagen")

SKIPPED_STATUSES = frozenset({"9", "10", "11", "14", "17"})
"""BBR livscyklus codes of objects that are not (or no longer) part of the building stock:
9 Afsluttet, 10 Slettet, 11 Fejlregistreret, 14 Henlagt, 17 Afvist. [U] The BBR code list
(teknik.bbr.dk/kodelister, ``bbr_livscyklus_status.csv``) names the codes but not which ones
end an object's life; 12 "Midlertidig Afsluttet" and 13 "Delvis Afsluttet" are therefore kept
and checked. Override with ``skip_statuses`` (setting ``REGISTERS_BBR_SKIP_STATUSES``)."""

HISTORIC = "historisk"  # key in ``skipped`` for versions that are not current


def local_date(value: datetime | date) -> date:
    """The calendar date of ``value`` in Danish local time: 2024-12-31T23:30Z is 1 January 2025
    in Copenhagen. A naive datetime is taken to be Danish local time already."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(DANISH_TIME)
        return value.date()
    return value


def describe_skipped(skipped: Mapping[str, int]) -> str:
    """ "22 med status 9 Afsluttet, 3 historiske versioner" (Danish, for reports)."""
    from .codes import code_list

    labels = code_list("livscyklus_status")
    parts = []
    for key in sorted(skipped, key=lambda k: (k == HISTORIC, int(k) if k.isdigit() else 0, k)):
        n = skipped[key]
        if key == HISTORIC:
            parts.append(f"{n} historisk{'e' if n != 1 else ''} version{'er' if n != 1 else ''}")
        else:
            parts.append(f"{n} med status {key} {labels.get(key, '')}".rstrip())
    return ", ".join(parts)


@lru_cache(maxsize=4096)  # the same few dozen field names on every object of an extract
def fold(name: str) -> str:
    """The ASCII (GraphQL) spelling of a BBR field name: ``enh046OffentligStøtte`` →
    ``enh046OffentligStoette``."""
    return name.translate(_FOLD)


def format_property_number(kommune_code: str | int, number: str | int) -> str:
    """BBR ejendomsnummer as "KKKK-NNNNNN" (4-digit kommune code, at least 6 digits)."""
    return f"{int(kommune_code):04d}-{int(number):06d}"


def property_key(property_number: str) -> int:
    """An integer key for "KKKK-NNNNNN" (kommune × 10⁷ + number), used for joins at national scale.
    Raises ``ValueError`` for anything else."""
    kommune, sep, number = property_number.strip().partition("-")
    if (
        not sep
        or not (_DIGITS.fullmatch(kommune) and _DIGITS.fullmatch(number))
        or len(kommune) != 4
    ):
        raise ValueError(
            f"BBR-ejendomsnummeret {shown(property_number)} skal have formen KKKK-NNNNNN"
        )
    if int(number) >= PROPERTY_KEY_FACTOR:
        raise ValueError(f"BBR-ejendomsnummeret {shown(property_number)} har for mange cifre")
    return int(kommune) * PROPERTY_KEY_FACTOR + int(number)


@dataclass(frozen=True, slots=True)
class BbrUnit:
    """One BBR Enhed (a dwelling or business unit), whatever shape it came in."""

    unit_id: str  # id_lokalId (UUID)
    kommune_code: str  # 3 digits, "461"
    status: str  # livscyklus code, "6" = Opført
    usage_code: str | None  # enh020EnhedensAnvendelse
    housing_type_code: str | None  # enh023Boligtype
    total_area: int | None  # enh026EnhedensSamledeAreal, m²
    residential_area: int | None  # enh027ArealTilBeboelse, m²
    commercial_area: int | None  # enh028ArealTilErhverv, m²
    rooms: int | None  # enh031AntalVærelser
    letting_code: str | None  # enh045Udlejningsforhold
    support_code: str | None  # enh046OffentligStøtte
    address_id: str | None  # adresseIdentificerer (DAR adresse UUID)
    building_id: str | None  # bygning (UUID), when the service exposes it
    property_number: str | None = None  # "KKKK-NNNNNN", from the unit or its building
    ownership_code: str | None = None  # from the building or property (20 = alment boligselskab)
    valid_from: datetime | date | None = None  # virkningFra (a date for synthetic units)
    registered_from: datetime | None = None  # registreringFra
    source_row: int | None = None  # position in the file (1-based), for error messages


@dataclass(frozen=True, slots=True)
class BbrBuilding:
    """One BBR Bygning, with the ownership code when the service gives it."""

    building_id: str
    kommune_code: str
    status: str
    usage_code: str | None  # byg021BygningensAnvendelse
    year_built: int | None  # byg026Opførelsesår
    total_area: int | None  # byg038SamletBygningsareal
    residential_area: int | None  # byg039BygningensSamledeBoligAreal
    ownership_code: str | None  # byg066Ejerforhold or ejendommensEjerforholdskode
    property_number: str | None  # ejendomsnummer ("KKKK-NNNNNN") when present
    house_number_id: str | None  # husnummer (DAR husnummer UUID)
    valid_from: datetime | None = None


# --- reading values -------------------------------------------------------------------------


class _Row:
    """One object with folded keys; collects errors with the field name as the file spells it."""

    def __init__(self, obj: Mapping[str, Any], file: str, row: int, errors: list[RowError]):
        self.raw_names = {fold(k): k for k in obj}
        self.values = {fold(k): v for k, v in obj.items()}
        self.file, self.row, self.errors = file, row, errors
        self.registered = self.when("registreringFra")

    def _error(self, name: str, message: str) -> None:
        self.errors.append(RowError(self.file, self.row, self.raw_names.get(name, name), message))

    def present(self, name: str) -> bool:
        return self.values.get(name) not in (None, "")

    def text(self, name: str, *, required: bool = False, max_length: int = MAX_TEXT) -> str | None:
        value = self.values.get(name)
        if value in (None, ""):
            if required:
                self._error(name, "Feltet mangler eller er tomt.")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int):
            self._error(name, f"Forventede en tekst eller en kode, fik {shown(value)}.")
            return None
        text = value.strip() if isinstance(value, str) else shown(value)
        if len(text) > max_length:
            self._error(name, f"Værdien er for lang ({len(text)} tegn; højst {max_length}).")
            return None
        return text

    def code(self, name: str, *, required: bool = False, max_length: int = 3) -> str | None:
        value = self.text(name, required=required, max_length=max_length + 2)
        if value is not None and _DIGITS.fullmatch(value):
            value = str(int(value))  # "06" and 6 are the same code as "6"
        if value is not None and len(value) > max_length:
            self._error(name, f"Koden {shown(value)} er for lang (højst {max_length} tegn).")
            return None
        if value is not None and not _CODE.fullmatch(value):
            self._error(name, f"Koden {shown(value)} er ikke en BBR-kode (tal eller bogstaver).")
            return None
        return value

    def integer(self, name: str) -> int | None:
        value = self.values.get(name)
        if value in (None, ""):
            return None
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            value = int(value)
        if isinstance(value, str) and _DIGITS.fullmatch(value.strip().removeprefix("-")):
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) >= 2**31:
            self._error(name, f"Forventede et helt tal, fik {shown(value)}.")
            return None
        if value < 0:
            self._error(name, f"Må ikke være negativ ({value}).")
            return None
        return value

    def when(self, name: str) -> datetime | None:
        value = self.values.get(name)
        if value in (None, ""):
            return None
        try:
            if not isinstance(value, str) or len(value) > 40:
                raise ValueError(value)
            return datetime.fromisoformat(value)
        except ValueError:
            self._error(name, f"Forventede et tidspunkt i ISO 8601-format, fik {shown(value)}.")
            return None

    def kommune(self) -> str:
        value = self.code("kommunekode", required=True)
        if value is None:
            return ""
        if not _DIGITS.fullmatch(value) or not 1 <= int(value) <= 999:
            self._error("kommunekode", f"Ukendt kommunekode {shown(value)}.")
            return ""
        return f"{int(value):03d}"

    def property_number(self, kommune: str) -> str | None:
        value = self.text("ejendomsnummer")
        if value is None:
            return None
        try:
            if "-" in value:
                property_key(value)
                return value
            return format_property_number(kommune or 0, value)
        except ValueError as exc:
            self._error("ejendomsnummer", f"{exc}.")
            return None

    def is_current(self) -> bool:
        return not self.present("registreringTil") and not self.present("virkningTil")


def _unit(r: _Row) -> BbrUnit:
    kommune = r.kommune()
    return BbrUnit(
        unit_id=r.text("id_lokalId", required=True) or "",
        kommune_code=kommune,
        status=r.code("status", required=True) or "",
        usage_code=r.code("enh020EnhedensAnvendelse", max_length=4),
        housing_type_code=r.code("enh023Boligtype", max_length=2),
        total_area=r.integer("enh026EnhedensSamledeAreal"),
        residential_area=r.integer("enh027ArealTilBeboelse"),
        commercial_area=r.integer("enh028ArealTilErhverv"),
        rooms=r.integer("enh031AntalVaerelser"),
        letting_code=r.code("enh045Udlejningsforhold"),
        support_code=r.code("enh046OffentligStoette"),
        address_id=r.text("adresseIdentificerer"),
        building_id=r.text("bygning"),
        property_number=r.property_number(kommune),
        ownership_code=r.code("byg066Ejerforhold") or r.code("ejendommensEjerforholdskode"),
        valid_from=r.when("virkningFra"),
        registered_from=r.registered,
        source_row=r.row,
    )


def _building(r: _Row) -> BbrBuilding:
    kommune = r.kommune()
    return BbrBuilding(
        building_id=r.text("id_lokalId", required=True) or "",
        kommune_code=kommune,
        status=r.code("status", required=True) or "",
        usage_code=r.code("byg021BygningensAnvendelse", max_length=4),
        year_built=r.integer("byg026Opfoerelsesaar"),
        total_area=r.integer("byg038SamletBygningsareal"),
        residential_area=r.integer("byg039BygningensSamledeBoligAreal"),
        ownership_code=r.code("byg066Ejerforhold") or r.code("ejendommensEjerforholdskode"),
        property_number=r.property_number(kommune),
        house_number_id=r.text("husnummer"),
        valid_from=r.when("virkningFra"),
    )


# --- shapes ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GraphQLPage:
    nodes: list[Any]
    has_next_page: bool
    end_cursor: str | None


def graphql_page(obj: Any, entity: str, *, file: str = "svar") -> GraphQLPage:
    """The nodes and paging cursor of one GraphQL answer for ``entity`` (e.g. ``"BBR_Enhed"``).
    An answer with ``errors`` raises ``RegisterFormatError`` with the service's messages."""
    if not isinstance(obj, dict):
        raise RegisterFormatError(
            [RowError(file, None, "", "GraphQL-svaret skal være et JSON-objekt.")]
        )
    if obj.get("errors"):
        errors = obj["errors"] if isinstance(obj["errors"], list) else [obj["errors"]]
        messages = [
            e.get("message", e) if isinstance(e, dict) else e for e in errors[:MAX_SERVICE_ERRORS]
        ]
        raise RegisterFormatError(
            [
                RowError(
                    file,
                    None,
                    "",
                    f"Datafordeleren svarede med fejl: {_message(m).rstrip('.')}.",
                )
                for m in messages
            ]
        )
    data = obj.get("data")
    body = data.get(entity) if isinstance(data, dict) else None
    if not isinstance(body, dict) or not isinstance(body.get("nodes"), list):
        raise RegisterFormatError(
            [RowError(file, None, "", f"Svaret mangler data.{entity}.nodes.")]
        )
    info = body.get("pageInfo")
    info = info if isinstance(info, dict) else {}
    cursor = info.get("endCursor")
    return GraphQLPage(
        body["nodes"], bool(info.get("hasNextPage")), cursor if isinstance(cursor, str) else None
    )


MAX_SERVICE_ERRORS = 20  # error messages of one GraphQL answer that are shown


def _message(value: Any) -> str:
    text = value if isinstance(value, str) else shown(value)
    return text if len(text) <= 300 else text[:299] + "…"


def _objects(data: Any, entity: str, file: str) -> list[Any]:
    if isinstance(data, bytes | str):
        data = load_json(data, file=file)
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and ("data" in data or "errors" in data):
        return graphql_page(data, entity, file=file).nodes
    if isinstance(data, dict) and isinstance(data.get("nodes"), list):
        return data["nodes"]
    raise RegisterFormatError(
        [
            RowError(
                file,
                None,
                "",
                f"Ukendt format: forventede en JSON-liste (REST) eller data.{entity}.nodes (GraphQL).",
            )
        ]
    )


class _Errors(list[RowError]):
    """A list that keeps the first ``MAX_ERRORS`` errors and counts the others."""

    def __init__(self) -> None:
        super().__init__()
        self.omitted = 0

    def append(self, error: RowError) -> None:
        if len(self) < MAX_ERRORS:
            super().append(error)
        else:
            self.omitted += 1


def _status_of(obj: Mapping[str, Any]) -> str | None:
    """The object's livscyklus code normalised ("09" and 9 → "9"), or None if it is not a code."""
    value = obj.get("status")
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    text = str(value).strip()
    return str(int(text)) if _DIGITS.fullmatch(text) else None


def _parse(
    data: Any,
    entity: str,
    file: str,
    make: Callable[[_Row], Any],
    current_only: bool,
    skip_statuses: frozenset[str] = SKIPPED_STATUSES,
    skipped: dict[str, int] | None = None,
) -> list[Any]:
    counts: dict[str, int] = skipped if skipped is not None else {}
    errors = _Errors()
    latest: dict[str, tuple[datetime | None, Any]] = {}
    order: list[str] = []
    for index, obj in enumerate(_objects(data, entity, file), start=1):
        if not isinstance(obj, dict):
            errors.append(RowError(file, index, "", "Forventede et JSON-objekt."))
            continue
        status = _status_of(obj)
        if status is not None and status in skip_statuses:
            counts[status] = counts.get(status, 0) + 1
            continue
        row = _Row(obj, file, index, errors)
        if current_only and not row.is_current():
            counts[HISTORIC] = counts.get(HISTORIC, 0) + 1
            continue
        record = make(row)
        key = record.unit_id if hasattr(record, "unit_id") else record.building_id
        registered = row.registered
        if key not in latest:
            order.append(key)
        else:
            previous = latest[key][0]
            if previous is not None and registered is not None and registered < previous:
                continue
        latest[key] = (registered, record)
    if errors:
        raise RegisterFormatError(cap_errors(errors, file=file, omitted=errors.omitted))
    return [latest[k][1] for k in order]


def parse_units(
    data: Any,
    *,
    file: str = "enheder.json",
    current_only: bool = True,
    skip_statuses: frozenset[str] = SKIPPED_STATUSES,
    skipped: dict[str, int] | None = None,
) -> list[BbrUnit]:
    """BBR Enhed objects from a REST array or a GraphQL answer (text, bytes or parsed JSON).

    Raises ``RegisterFormatError`` listing every problem (row = position of the object, 1-based).
    With ``current_only`` (default) historic versions are dropped and, when an id occurs twice,
    the version registered last is kept. Objects whose status is in ``skip_statuses`` are not
    checked; they and the historic versions are counted in ``skipped`` (status code or
    ``HISTORIC`` → number) when a dict is given.
    """
    return _parse(data, "BBR_Enhed", file, _unit, current_only, skip_statuses, skipped)


def parse_buildings(
    data: Any,
    *,
    file: str = "bygninger.json",
    current_only: bool = True,
    skip_statuses: frozenset[str] = SKIPPED_STATUSES,
    skipped: dict[str, int] | None = None,
) -> list[BbrBuilding]:
    """BBR Bygning objects, same shapes and rules as ``parse_units``."""
    return _parse(data, "BBR_Bygning", file, _building, current_only, skip_statuses, skipped)


def attach_buildings(units: Iterable[BbrUnit], buildings: Iterable[BbrBuilding]) -> list[BbrUnit]:
    """Units with ``ownership_code`` and ``property_number`` filled in from their building
    (matched on ``building_id``) where the unit itself has none."""
    by_id = {b.building_id: b for b in buildings}
    out = []
    for u in units:
        b = by_id.get(u.building_id or "")
        if b is not None:
            u = replace(
                u,
                ownership_code=u.ownership_code or b.ownership_code,
                property_number=u.property_number or b.property_number,
            )
        out.append(u)
    return out
