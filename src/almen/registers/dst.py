"""Danmarks Statistik StatBank: ``tableinfo`` metadata, ``data`` requests and their answers.

The API (DOMAIN.md §8.4, ``api.statbank.dk/v1``) is called in two steps: ``tableinfo`` tells
which variables and codes a table has (always call it first: codes change, years close), then a
``data`` request names the values per variable. Answers come as CSV/BULK (semicolon-separated,
one column per variable plus ``INDHOLD``) or JSON-stat. Both parse to the same ``StatTable``.

BOL101 with ``EJER=20`` gives the dwellings owned by almene boligselskaber per kommune and year
(``almene_dwellings_per_kommune``), counted as of 1 January.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from almen.formatting import format_number
from almen.tabular import MAX_ERRORS, cap_errors

from .errors import RegisterFormatError, RowError
from .inputs import decode_utf8, load_json, shown

STATBANK_URL = "https://api.statbank.dk/v1"
VALUE_COLUMN = "INDHOLD"
TOTAL_CODES = frozenset({"TOT", "IALT", "I ALT", "000"})
ALMENE_EJER_CODE = "20"  # "Almene boligselskaber" (EN: "Non-profit building society")
MAX_STAT_ROWS = 1_000_000
"""Rows (CSV) or values (JSON-stat) of one StatBank answer. BOL101 for every kommune, every
year since 2010 and every BEBO and EJER code is under 100,000; a million is far beyond any
table this project reads and keeps memory under a few hundred MB."""
MAX_CODE_LENGTH = 40  # a StatBank code ("151", "2024K1", "BEBOET") is short


@dataclass(frozen=True, slots=True)
class TableVariable:
    id: str  # "OMRÅDE", "EJER", "Tid"
    text: str
    elimination: bool  # False: the variable must be given in a data request
    time: bool
    values: tuple[tuple[str, str], ...]  # (code, label)
    map: str | None = None

    def codes(self) -> list[str]:
        return [code for code, _ in self.values]


@dataclass(frozen=True, slots=True)
class TableInfo:
    id: str
    text: str
    description: str
    unit: str
    updated: str
    active: bool
    variables: tuple[TableVariable, ...]

    def variable(self, variable_id: str) -> TableVariable:
        """The variable with this id (case-insensitive); ``KeyError`` if the table has none."""
        for v in self.variables:
            if v.id.upper() == variable_id.upper():
                return v
        raise KeyError(variable_id)


@dataclass(frozen=True, slots=True)
class StatTable:
    """A data answer: ``columns`` are the variable codes (upper case, without ``INDHOLD``);
    each row is (codes or labels per column, value). A value is None where DST shows ".."."""

    table: str
    columns: tuple[str, ...]
    rows: tuple[tuple[tuple[str, ...], float | None], ...]

    def column(self, name: str) -> int:
        """Position of column ``name`` (case-insensitive, "TID" and "Tid" alike)."""
        upper = [c.upper() for c in self.columns]
        return upper.index(name.upper())


def parse_tableinfo(obj: Any, *, file: str = "tableinfo.json") -> TableInfo:
    """The metadata object ``tableinfo`` returns (JSON text or parsed)."""
    if isinstance(obj, bytes | str):
        obj = load_json(obj, file=file)
    if (
        not isinstance(obj, dict)
        or not isinstance(obj.get("variables"), list)
        or not isinstance(obj.get("id"), str | int)
    ):
        raise RegisterFormatError(
            [RowError(file, None, "", "Tableinfo skal være et objekt med 'id' og 'variables'.")]
        )
    variables = []
    for number, v in enumerate(obj["variables"], start=1):
        raw_values = v.get("values", []) if isinstance(v, dict) else None
        if (
            not isinstance(v, dict)
            or not isinstance(v.get("id"), str | int)
            or not isinstance(raw_values, list)
            or not all(
                isinstance(x, dict) and isinstance(x.get("id"), str | int) for x in raw_values
            )
        ):
            raise RegisterFormatError(
                [
                    RowError(
                        file,
                        None,
                        "variables",
                        f"Variabel nr. {number} skal være et objekt med 'id' og en liste 'values' af objekter med 'id'.",
                    )
                ]
            )
        values = tuple((str(x["id"]), str(x.get("text", ""))) for x in raw_values)
        variables.append(
            TableVariable(
                id=str(v["id"]),
                text=str(v.get("text", "")),
                elimination=bool(v.get("elimination")),
                time=bool(v.get("time")),
                values=values,
                map=v.get("map") if isinstance(v.get("map"), str) else None,
            )
        )
    return TableInfo(
        id=str(obj["id"]),
        text=str(obj.get("text", "")),
        description=str(obj.get("description", "")),
        unit=str(obj.get("unit", "")),
        updated=str(obj.get("updated", "")),
        active=bool(obj.get("active", True)),
        variables=tuple(variables),
    )


def data_request(
    table: str,
    variables: dict[str, list[str]],
    *,
    format: str = "CSV",
    lang: str = "da",
    value_presentation: str = "Code",
) -> dict[str, Any]:
    """The JSON body of ``POST /v1/data``. ``variables`` maps a variable id to its codes
    (``["*"]`` = all, ``["(1)"]`` = newest period). Variables left out are eliminated (summed)."""
    if format.upper() not in ("CSV", "BULK", "JSONSTAT"):
        raise ValueError("format skal være CSV, BULK eller JSONSTAT")
    body: dict[str, Any] = {
        "table": table.upper(),
        "format": format.upper(),
        "lang": lang,
        "valuePresentation": value_presentation,
        "variables": [{"code": code, "values": list(values)} for code, values in variables.items()],
    }
    if format.upper() != "JSONSTAT":
        body["delimiter"] = "Semicolon"
    return body


def _require_variable(info: TableInfo, variable_id: str, why: str) -> TableVariable:
    try:
        return info.variable(variable_id)
    except KeyError:
        present = ", ".join(v.id for v in info.variables) or "ingen"
        raise RegisterFormatError(
            [
                RowError(
                    info.id,
                    None,
                    variable_id,
                    f"Tabellen {info.id} har ingen variabel {variable_id} ({why}); den har "
                    f"{present}. Brug en tabel med ejerforhold, fx BOL101.",
                )
            ]
        ) from None


def time_variable(info: TableInfo) -> TableVariable:
    """The table's time variable (``time: true``, else one named Tid/TID)."""
    found = next((v for v in info.variables if v.time), None)
    if found is None:
        found = next((v for v in info.variables if v.id.upper() == "TID"), None)
    if found is None:
        raise RegisterFormatError(
            [RowError(info.id, None, "Tid", f"Tabellen {info.id} har ingen tidsvariabel.")]
        )
    return found


def check_years(info: TableInfo, years: list[str]) -> list[str]:
    """``years`` as the table's time codes; ``RegisterFormatError`` (Danish) naming each year
    the tableinfo does not list, so the request is refused before it is sent. "2024" matches a
    code "2024" (or the first period of that year, "2024K1"/"2024M01", when the table has no
    whole-year code); the StatBank forms ``*`` and ``(n)`` pass through."""
    time = time_variable(info)
    codes = time.codes()
    out, errors = [], []
    for year in years:
        if year == "*" or (year.startswith("(") and year.endswith(")")):
            out.append(year)
        elif year in codes:
            out.append(year)
        else:
            errors.append(
                RowError(
                    info.id,
                    None,
                    time.id,
                    f"Året {shown(year)} findes ikke i tabellen {info.id}; den har "
                    f"{_span(codes)}. Intet er hentet.",
                )
            )
    if errors:
        raise RegisterFormatError(errors)
    return out


def _span(codes: list[str]) -> str:
    if not codes:
        return "ingen perioder"
    if len(codes) <= 6:
        return ", ".join(codes)
    return f"{codes[0]}–{codes[-1]} ({len(codes)} perioder)"


def bol101_request(
    info: TableInfo, *, years: list[str] | None = None, format: str = "CSV"
) -> dict[str, Any]:
    """A BOL101 request for almene dwellings (EJER=20) in every kommune, built from ``info``:
    every variable that cannot be eliminated (such as BEBO) is asked with all codes and summed
    afterwards by ``almene_dwellings_per_kommune``.

    ``RegisterFormatError`` (Danish) when the table has no EJER or OMRÅDE variable (BOL106 has
    no EJER) or when a year in ``years`` is not one of the table's periods."""
    ejer = _require_variable(info, "EJER", "ejerforhold, hvor kode 20 er almene boligselskaber")
    if ALMENE_EJER_CODE not in ejer.codes():
        raise RegisterFormatError(
            [
                RowError(
                    info.id,
                    None,
                    "EJER",
                    f"Tabellen har ingen kode {ALMENE_EJER_CODE} (almene boligselskaber).",
                )
            ]
        )
    area = _require_variable(info, "OMRÅDE", "kommuner")
    time = time_variable(info)
    if years:
        years = check_years(info, years)
    variables: dict[str, list[str]] = {
        area.id: [c for c in area.codes() if _is_kommune(c)],
        ejer.id: [ALMENE_EJER_CODE],
    }
    for v in info.variables:
        if v.id not in variables and not v.time and not v.elimination:
            variables[v.id] = ["*"]
    variables[time.id] = years or ["(1)"]
    return data_request(info.id, variables, format=format)


def _number(text: str, decimal: str) -> float | None:
    text = text.strip()
    if text in ("..", ".", "", "-"):
        return None
    if decimal == ",":
        text = text.replace(".", "").replace(",", ".")
    value = float(text)
    if not math.isfinite(value) or not text.isascii():
        raise ValueError(text)
    return value


def _check_codes(
    codes: tuple[str, ...], header: list[str], number: int, file: str
) -> list[RowError]:
    """A code must be short, and a time code (TID) must begin with a four-digit year."""
    errors = []
    for name, code in zip(header, codes, strict=False):
        if len(code) > MAX_CODE_LENGTH:
            errors.append(RowError(file, number, name, f"Koden er for lang ({len(code)} tegn)."))
        elif name.upper() == "TID" and not (
            code[:4].isascii() and code[:4].isdigit() and code[:4] >= "1000"
        ):
            errors.append(
                RowError(
                    file, number, name, f"Tidskoden {shown(code)} begynder ikke med et årstal."
                )
            )
    return errors


def _records(rows: Iterator[list[str]], file: str) -> Iterator[tuple[int, list[str]]]:
    """CSV records with their numbers; a ``csv.Error`` or too many rows becomes a format error."""
    number = 0
    while True:
        number += 1
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error:
            raise RegisterFormatError(
                [
                    RowError(
                        file,
                        number,
                        "",
                        "Rækken kan ikke læses som CSV (fx et citationstegn, der ikke lukkes).",
                    )
                ]
            ) from None
        if number > MAX_STAT_ROWS + 1:
            raise RegisterFormatError(
                [
                    RowError(
                        file,
                        None,
                        "",
                        f"Filen har over {format_number(MAX_STAT_ROWS)} rækker; det er ikke et udtræk, der kan indlæses.",
                    )
                ]
            )
        yield number, row


def parse_csv(
    text: str | bytes, *, table: str = "", file: str = "data.csv", decimal: str | None = None
) -> StatTable:
    """A CSV or BULK answer (semicolon-separated; header = variable codes + ``INDHOLD``).

    ``decimal``: "," for lang=da, "." for lang=en; guessed from the values when None.
    """
    if (b"\x00" in text) if isinstance(text, bytes) else ("\x00" in text):
        raise RegisterFormatError(
            [RowError(file, None, "", "Filen indeholder binære data (nul-tegn) og er ikke CSV.")]
        )
    text = decode_utf8(text, file=file)
    records = _records(csv.reader(io.StringIO(text), delimiter=";"), file)
    first = next(records, None)
    if first is None or not first[1]:
        raise RegisterFormatError([RowError(file, None, "", "Filen er tom.")])
    header = [h.strip() for h in first[1]]
    if header[-1].upper() != VALUE_COLUMN:
        raise RegisterFormatError(
            [RowError(file, 1, header[-1][:60], f"Sidste kolonne skal hedde {VALUE_COLUMN}.")]
        )
    body = [(n, r) for n, r in records if any(cell.strip() for cell in r)]
    if decimal is None:
        decimal = "," if any("," in r[-1] for _, r in body if r) else "."
    errors: list[RowError] = []
    omitted = 0
    out = []
    for number, r in body:
        if len(r) != len(header):
            found = [
                RowError(file, number, "", f"Forventede {len(header)} kolonner, fandt {len(r)}.")
            ]
        else:
            codes = tuple(c.strip() for c in r[:-1])
            found = _check_codes(codes, header, number, file)
            try:
                value = _number(r[-1], decimal)
            except ValueError:
                found.append(
                    RowError(file, number, VALUE_COLUMN, f"{shown(r[-1])} er ikke et tal.")
                )
        if not found:
            out.append((codes, value))
        room = max(MAX_ERRORS - len(errors), 0)
        errors += found[:room]
        omitted += len(found) - len(found[:room])
    if errors:
        raise RegisterFormatError(cap_errors(errors, file=file, omitted=omitted))
    return StatTable(table, tuple(h.upper() for h in header[:-1]), tuple(out))


def parse_jsonstat(obj: Any, *, table: str = "", file: str = "data.json") -> StatTable:
    """A JSON-stat answer (version 1 ``{"dataset": …}`` as DST serves it, or version 2)."""

    def bad(message: str, column: str = "") -> RegisterFormatError:
        return RegisterFormatError([RowError(file, None, column, message)])

    if isinstance(obj, bytes | str):
        obj = load_json(obj, file=file)
    ds: Any = obj.get("dataset", obj) if isinstance(obj, dict) else None
    try:
        dims = ds["dimension"]
        ids = dims.get("id") or ds["id"]
        sizes = dims.get("size") or ds["size"]
        values = ds["value"]
    except (KeyError, TypeError, AttributeError) as exc:
        raise bad("JSON-stat mangler dimension/id/size/value.") from exc
    if (
        not isinstance(ids, list)
        or not isinstance(sizes, list)
        or len(ids) != len(sizes)
        or not all(isinstance(i, str) for i in ids)
        or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in sizes)
        or not isinstance(values, list | dict)
    ):
        raise bad("JSON-stat: id og size skal være lige lange lister af navne og hele tal.")
    total = math.prod(sizes)
    if total > MAX_STAT_ROWS:
        raise bad(
            f"JSON-stat-tabellen har {format_number(total)} celler; højst "
            f"{format_number(MAX_STAT_ROWS)} kan indlæses."
        )
    codes = []
    for dim_id, size in zip(ids, sizes, strict=True):
        category = dims.get(dim_id) if isinstance(dims, dict) else None
        index = category.get("category", {}).get("index") if isinstance(category, dict) else None
        if isinstance(index, dict) and all(
            isinstance(i, int) and not isinstance(i, bool) for i in index.values()
        ):
            ordered = sorted(index, key=lambda code: index[code])
        elif isinstance(index, list):
            ordered = [str(code) for code in index]
        else:
            raise bad(f"JSON-stat: dimensionen {shown(dim_id)} mangler category.index.", dim_id)
        if len(ordered) != size:
            raise bad(
                f"JSON-stat: dimensionen {shown(dim_id)} har {len(ordered)} koder, men size siger {size}.",
                dim_id,
            )
        codes.append(ordered)
    if isinstance(values, dict):  # sparse form {"position": value}
        values = [values.get(str(i)) for i in range(total)]
    if len(values) != total:
        raise bad(f"Forventede {total} værdier, fandt {len(values)}.", "value")
    rows = []
    for flat, value in enumerate(values):
        pos, rest = [], flat
        for s in reversed(sizes):  # row-major: the last dimension varies fastest
            rest, p = divmod(rest, s)
            pos.append(p)
        key = tuple(codes[d][p] for d, p in enumerate(reversed(pos)))
        if value is not None and (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise bad(f"Værdi nr. {flat + 1} er ikke et tal ({shown(value)}).", "value")
        rows.append((key, None if value is None else float(value)))
    header = [str(i) for i in ids]
    errors = [e for key, _ in rows[:MAX_STAT_ROWS] for e in _check_codes(key, header, 0, file)]
    if errors:
        raise RegisterFormatError(
            cap_errors([RowError(e.file, None, e.column, e.message) for e in errors], file=file)
        )
    return StatTable(table, tuple(str(i).upper() for i in ids), tuple(rows))


def _is_kommune(code: str) -> bool:
    """3-digit OMRÅDE codes other than the country (000), regions (08x) and Christiansø (411)."""
    return (
        len(code) == 3
        and code.isdigit()
        and code != "000"
        and not code.startswith("08")
        and code != "411"
    )


def almene_dwellings_per_kommune(data: StatTable) -> dict[tuple[str, int], int]:
    """``{(kommune code, year): dwellings}`` from a BOL101 answer with codes (valuePresentation
    Code). Rows with EJER other than 20 are ignored; other variables (BEBO, …) are summed, or
    their total code used when the answer has one. Missing values (..) count as 0."""
    area, time = data.column("OMRÅDE"), data.column("TID")
    ejer = data.column("EJER") if "EJER" in data.columns else None
    others = [i for i in range(len(data.columns)) if i not in (area, time, ejer)]
    has_total = {i for i in others if any(r[0][i] in TOTAL_CODES for r in data.rows)}
    out: dict[tuple[str, int], float] = {}
    for key, value in data.rows:
        if ejer is not None and key[ejer] != ALMENE_EJER_CODE:
            continue
        if not _is_kommune(key[area]) or any(
            (key[i] in TOTAL_CODES) != (i in has_total) for i in others
        ):
            continue
        year = int(key[time][:4])
        out[(key[area], year)] = out.get((key[area], year), 0.0) + (value or 0.0)
    return {k: int(round(v)) for k, v in sorted(out.items())}


def reference_date(year: int) -> date:
    """DST's boligopgørelse counts dwellings as of 1 January of the year."""
    return date(year, 1, 1)
