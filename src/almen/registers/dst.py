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
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from .errors import RegisterFormatError, RowError

STATBANK_URL = "https://api.statbank.dk/v1"
VALUE_COLUMN = "INDHOLD"
TOTAL_CODES = frozenset({"TOT", "IALT", "I ALT", "000"})
ALMENE_EJER_CODE = "20"  # "Almene boligselskaber" (EN: "Non-profit building society")


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
        try:
            obj = json.loads(obj)
        except json.JSONDecodeError as exc:
            raise RegisterFormatError(
                [RowError(file, None, "", f"Tableinfo er ikke gyldig JSON ({exc.msg}).")]
            ) from exc
    if not isinstance(obj, dict) or "variables" not in obj or "id" not in obj:
        raise RegisterFormatError(
            [RowError(file, None, "", "Tableinfo skal være et objekt med 'id' og 'variables'.")]
        )
    variables = []
    for v in obj["variables"]:
        values = tuple((str(x["id"]), str(x.get("text", ""))) for x in v.get("values", []))
        variables.append(
            TableVariable(
                id=str(v["id"]),
                text=str(v.get("text", "")),
                elimination=bool(v.get("elimination")),
                time=bool(v.get("time")),
                values=values,
                map=v.get("map"),
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


def bol101_request(
    info: TableInfo, *, years: list[str] | None = None, format: str = "CSV"
) -> dict[str, Any]:
    """A BOL101 request for almene dwellings (EJER=20) in every kommune, built from ``info``:
    every variable that cannot be eliminated (such as BEBO) is asked with all codes and summed
    afterwards by ``almene_dwellings_per_kommune``."""
    ejer = info.variable("EJER")
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
    area = info.variable("OMRÅDE")
    time = next(v for v in info.variables if v.time)
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
    return float(text)


def parse_csv(
    text: str | bytes, *, table: str = "", file: str = "data.csv", decimal: str | None = None
) -> StatTable:
    """A CSV or BULK answer (semicolon-separated; header = variable codes + ``INDHOLD``).

    ``decimal``: "," for lang=da, "." for lang=en; guessed from the values when None.
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    text = text.lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    if not rows or not rows[0]:
        raise RegisterFormatError([RowError(file, None, "", "Filen er tom.")])
    header = [h.strip() for h in rows[0]]
    if header[-1].upper() != VALUE_COLUMN:
        raise RegisterFormatError(
            [RowError(file, 1, header[-1], f"Sidste kolonne skal hedde {VALUE_COLUMN}.")]
        )
    body = [r for r in rows[1:] if any(cell.strip() for cell in r)]
    if decimal is None:
        decimal = "," if any("," in r[-1] for r in body if r) else "."
    errors: list[RowError] = []
    out = []
    for number, r in enumerate(body, start=2):
        if len(r) != len(header):
            errors.append(
                RowError(file, number, "", f"Forventede {len(header)} kolonner, fandt {len(r)}.")
            )
            continue
        try:
            value = _number(r[-1], decimal)
        except ValueError:
            errors.append(RowError(file, number, VALUE_COLUMN, f"{r[-1]!r} er ikke et tal."))
            continue
        out.append((tuple(c.strip() for c in r[:-1]), value))
    if errors:
        raise RegisterFormatError(errors)
    return StatTable(table, tuple(h.upper() for h in header[:-1]), tuple(out))


def parse_jsonstat(obj: Any, *, table: str = "", file: str = "data.json") -> StatTable:
    """A JSON-stat answer (version 1 ``{"dataset": …}`` as DST serves it, or version 2)."""
    if isinstance(obj, bytes | str):
        obj = json.loads(obj)
    ds: Any = obj.get("dataset", obj) if isinstance(obj, dict) else None
    try:
        dims = ds["dimension"]
        ids = dims.get("id") or ds["id"]
        sizes = dims.get("size") or ds["size"]
        values = ds["value"]
    except (KeyError, TypeError) as exc:
        raise RegisterFormatError(
            [RowError(file, None, "", "JSON-stat mangler dimension/id/size/value.")]
        ) from exc
    codes = []
    for dim_id in ids:
        index = dims[dim_id]["category"]["index"]
        ordered = (
            sorted(index, key=lambda code: index[code]) if isinstance(index, dict) else list(index)
        )
        codes.append(ordered)
    total = 1
    for s in sizes:
        total *= s
    if isinstance(values, dict):  # sparse form {"position": value}
        values = [values.get(str(i)) for i in range(total)]
    if len(values) != total:
        raise RegisterFormatError(
            [RowError(file, None, "value", f"Forventede {total} værdier, fandt {len(values)}.")]
        )
    rows = []
    for flat, value in enumerate(values):
        pos, rest = [], flat
        for s in reversed(sizes):  # row-major: the last dimension varies fastest
            rest, p = divmod(rest, s)
            pos.append(p)
        key = tuple(codes[d][p] for d, p in enumerate(reversed(pos)))
        rows.append((key, None if value is None else float(value)))
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
