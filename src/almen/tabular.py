"""CSV/XLSX → typed rows against a declared schema, with *every* error (no writes).

Contract::

    result = read_table(data, filename="regnskab.csv", schema=schema)
    result.rows    # list[Row]: the rows without errors, in file order (values typed)
    result.errors  # list[RowError]: every problem, in Danish, in row order

The steps run in a fixed order (STYLE.md §5): decode the file → check the header (missing,
unknown, duplicate columns) → parse and validate every row. Header problems stop before the rows
are read, because the rows cannot be interpreted without a header. Nothing is written anywhere.

Row numbers are those a spreadsheet user sees: the header is the first non-empty row (normally
row 1), the first data row below it is row 2. Column letters (A, B, …) count from the left.

Django-free: stdlib ``csv`` and ``openpyxl`` only.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

__all__ = [
    "Column",
    "ParseResult",
    "Row",
    "RowError",
    "Schema",
    "TabularValueError",
    "find_duplicates",
    "join_da",
    "parse_date",
    "parse_decimal",
    "read_table",
]

ColumnType = Literal["str", "int", "decimal", "date", "konto"]
KONTO_RE = re.compile(r"^\d{3}(\.\d{1,2})?$")
_INT_RE = re.compile(r"[+-]?\d+")
_INT_THOUSANDS_RE = re.compile(r"[+-]?\d{1,3}(\.\d{3})+")
_DANISH_DECIMAL_RE = re.compile(
    r"([+-]?)(\d{1,3}(?:\.\d{3})+|\d+),(\d+)"
)  # the common case, "1.234,50"
_NUMBER_RE = re.compile(r"([+-]?)(\d[\d.,]*)")
_DMY_RE = re.compile(r"(\d{1,2})[-./](\d{1,2})[-./](\d{4})")
_ISO_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
CSV_EXTENSIONS = (".csv", ".txt")
XLSX_EXTENSIONS = (".xlsx", ".xlsm")
_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009")


class TabularValueError(ValueError):
    """A cell value that cannot be read; the message is Danish and meant for the user."""


@dataclass(frozen=True)
class Column:
    """One declared column. ``name`` is what the documentation shows; ``aliases`` are accepted too."""

    name: str
    type: ColumnType = "str"
    required: bool = True
    aliases: tuple[str, ...] = ()
    allowed: tuple[str, ...] = ()  # str columns: the only accepted values (case-insensitive)
    min: int | Decimal | None = None  # int/decimal columns
    zfill: int = 0  # str columns of digits: left-pad ("1" → "001"), as Excel drops leading zeros
    max_length: int | None = None
    description: str = ""
    example: str = ""


@dataclass(frozen=True)
class Schema:
    columns: tuple[Column, ...]

    def lookup(self, header: str) -> Column | None:
        """The column a header cell names (by name or alias, ignoring case and spacing)."""
        key = _norm(header)
        for column in self.columns:
            if key == _norm(column.name) or key in {_norm(a) for a in column.aliases}:
                return column
        return None

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


@dataclass(frozen=True)
class RowError:
    """One problem: ``row`` as the spreadsheet shows it (None: the whole file), ``column`` by name."""

    file: str
    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "row": self.row, "column": self.column, "message": self.message}


@dataclass(frozen=True)
class Row:
    """A valid data row: its spreadsheet row number and typed values by column name."""

    number: int
    values: Mapping[str, Any]

    def __getitem__(self, name: str) -> Any:
        return self.values[name]


@dataclass
class ParseResult:
    rows: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class _Formula:
    """An XLSX formula cell whose result was never saved (the file was not opened in Excel)."""

    text: str


Grid = list[tuple[int, list[Any]]]  # (spreadsheet row number, cells)


def read_table(
    data: bytes, *, filename: str, schema: Schema, sheet: str | None = None
) -> ParseResult:
    """Read a CSV or XLSX file (chosen by the file name's extension) into typed rows and errors."""
    ext = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if not data.strip(b" \t\r\n" + codecs.BOM_UTF8):
        return ParseResult(errors=[RowError(filename, None, "", "Filen er tom.")])
    if ext in XLSX_EXTENSIONS:
        grid, errors = _read_xlsx(data, filename, sheet)
    elif ext in CSV_EXTENSIONS:
        grid, errors = _read_csv(data, filename)
    else:
        message = (
            f"Filtypen '{ext or filename}' kan ikke indlæses. Brug CSV (.csv) eller Excel (.xlsx)."
        )
        return ParseResult(errors=[RowError(filename, None, "", message)])
    if errors:
        return ParseResult(errors=errors)
    return _parse_grid(grid, filename, schema)


# --- reading files into a grid ---------------------------------------------------------------


def _read_csv(data: bytes, file: str) -> tuple[Grid, list[RowError]]:
    if data.startswith(b"PK\x03\x04"):
        return [], [
            RowError(
                file,
                None,
                "",
                "Filen er en Excel-fil, men navnet ender på .csv. Omdøb den til .xlsx.",
            )
        ]
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        position = exc.start + bom
        row = data.count(b"\n", 0, position) + 1
        message = (
            f"Filen er ikke UTF-8-kodet: byte nr. {position + 1} i række {row} er ikke gyldig UTF-8. "
            "Gem filen som 'CSV UTF-8 (kommasepareret)' og prøv igen."
        )
        return [], [RowError(file, row, "", message)]
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [(number, cells) for number, cells in enumerate(reader, start=1)], []


def _sniff_delimiter(text: str) -> str:
    """``;`` (Danish Excel) or ``,`` or tab: whichever occurs most in the first line; ``;`` wins ties."""
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _read_xlsx(data: bytes, file: str, sheet: str | None) -> tuple[Grid, list[RowError]]:
    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        return [], [RowError(file, None, "", "Filen kan ikke læses som en Excel-fil (.xlsx).")]
    if sheet is not None and sheet not in workbook.sheetnames:
        names = ", ".join(workbook.sheetnames)
        return [], [
            RowError(
                file, None, "", f"Arket '{sheet}' findes ikke i filen. Filen har arkene: {names}."
            )
        ]
    ws = workbook[sheet] if sheet is not None else workbook.worksheets[0]
    merged = sorted(ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col))
    if merged:
        return [], [
            RowError(
                file,
                r.min_row,
                "",
                f"Cellerne {r.coord} er flettede. Ophæv fletningen, og indlæs filen igen.",
            )
            for r in merged
        ]
    grid: Grid = [
        (number, list(cells))
        for number, cells in enumerate(ws.iter_rows(values_only=True), start=1)
    ]
    _mark_unsaved_formulas(grid, data, ws.title)
    return grid, []


def _mark_unsaved_formulas(grid: Grid, data: bytes, title: str) -> None:
    """Replace empty cells that hold a formula without a saved result by ``_Formula``.

    Formulas are read as the values Excel saved with them; a file written by a program that does
    not compute formulas has none, and the user should hear why the cell looks empty.
    """
    gaps = [
        (r, c)
        for r, cells in grid
        if not _blank_row(cells)
        for c, v in enumerate(cells)
        if v is None
    ]
    if not gaps:
        return
    ws = load_workbook(io.BytesIO(data), data_only=False)[title]
    index = {number: cells for number, cells in grid}
    for r, c in gaps:
        value = ws.cell(row=r, column=c + 1).value
        if isinstance(value, str) and value.startswith("="):
            index[r][c] = _Formula(value)


# --- header and rows -------------------------------------------------------------------------


def _parse_grid(grid: Grid, file: str, schema: Schema) -> ParseResult:
    rows = [(n, cells) for n, cells in grid if not _blank_row(cells)]
    if not rows:
        return ParseResult(errors=[RowError(file, None, "", "Filen er tom.")])
    (header_no, header), body = rows[0], rows[1:]
    mapping, errors = _check_header(header, header_no, body, file, schema)
    if errors:
        return ParseResult(errors=errors)
    if not body:
        return ParseResult(
            errors=[
                RowError(file, None, "", "Filen har en overskriftsrække, men ingen datarækker.")
            ]
        )
    result = ParseResult()
    absent = {c.name: None for c in schema.columns if c not in mapping.values()}
    for number, cells in body:
        values: dict[str, Any] = dict(absent)
        row_errors = []
        for index, column in mapping.items():
            try:
                values[column.name] = convert(column, cells[index] if index < len(cells) else None)
            except TabularValueError as exc:
                row_errors.append(RowError(file, number, column.name, str(exc)))
        if row_errors:
            result.errors.extend(row_errors)
        else:
            result.rows.append(Row(number, values))
    return result


def _check_header(
    header: list[Any], row: int, body: Grid, file: str, schema: Schema
) -> tuple[dict[int, Column], list[RowError]]:
    """Map cell positions to columns; report unknown, duplicate, nameless and missing columns."""
    mapping: dict[int, Column] = {}
    errors: list[RowError] = []
    width = max([len(header), *(len(cells) for _, cells in body)])
    for index in range(width):
        text = _text(header[index]) if index < len(header) else ""
        letter = get_column_letter(index + 1)
        if not text:
            used = next(
                (n for n, cells in body if index < len(cells) and not _blank(cells[index])), None
            )
            if used is not None:
                errors.append(
                    RowError(
                        file,
                        row,
                        letter,
                        f"Kolonne {letter} har ingen overskrift, men der står data i den (fx række {used}).",
                    )
                )
            continue
        column = schema.lookup(text)
        if column is None:
            allowed = ", ".join(schema.names)
            errors.append(
                RowError(
                    file,
                    row,
                    text,
                    f"Ukendt kolonne '{text}' (kolonne {letter}). Kolonnerne hedder: {allowed}.",
                )
            )
        elif column in mapping.values():
            first = get_column_letter(next(i for i, c in mapping.items() if c == column) + 1)
            errors.append(
                RowError(
                    file,
                    row,
                    column.name,
                    f"Kolonnen '{column.name}' står to gange (kolonne {first} og {letter}).",
                )
            )
        else:
            mapping[index] = column
    for column in schema.columns:
        if column.required and column not in mapping.values():
            errors.append(
                RowError(
                    file, row, column.name, f"Kolonnen '{column.name}' mangler i overskriftsrækken."
                )
            )
    return mapping, errors


# --- values ----------------------------------------------------------------------------------


def convert(column: Column, raw: Any) -> Any:
    """The typed value of one cell, None for an empty optional cell; raises ``TabularValueError``."""
    if raw is None or raw.__class__ is _Formula or (raw.__class__ is str and not raw.strip()):
        if raw.__class__ is _Formula:
            raise TabularValueError(
                f"Cellen indeholder formlen '{raw.text}', men intet gemt resultat. Åbn filen i Excel, gem den, og indlæs den igen."
            )
        if column.required:
            raise TabularValueError("Feltet skal udfyldes.")
        return None
    value = _CONVERTERS[column.type](column, raw)
    if column.min is not None and value < column.min:
        raise TabularValueError(f"Værdien skal være mindst {column.min} (står: {_text(raw)}).")
    return value


def _to_str(column: Column, raw: Any) -> str:
    text = _text(raw)
    if column.zfill and text.isdigit():
        text = text.zfill(column.zfill)
    if column.max_length is not None and len(text) > column.max_length:
        raise TabularValueError(
            f"Teksten er for lang ({len(text)} tegn; højst {column.max_length})."
        )
    if column.allowed:
        match = next((a for a in column.allowed if a.casefold() == text.casefold()), None)
        if match is None:
            raise TabularValueError(
                f"'{text}' er ikke en tilladt værdi. Tilladte værdier: {', '.join(column.allowed)}."
            )
        return match
    return text


def _to_int(column: Column, raw: Any) -> int:
    if raw.__class__ is str and raw.isdigit():
        return int(raw)
    if isinstance(raw, bool):
        raise TabularValueError(f"'{raw}' er ikke et helt tal.")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    text = _text(raw).translate(_SPACES).replace("\u2212", "-")
    if _INT_THOUSANDS_RE.fullmatch(text):
        text = text.replace(".", "")
    if not _INT_RE.fullmatch(text):
        raise TabularValueError(f"'{_text(raw)}' er ikke et helt tal.")
    return int(text)


def _to_decimal(column: Column, raw: Any) -> Decimal:
    if isinstance(raw, bool):
        raise TabularValueError(f"'{raw}' er ikke et tal.")
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(format(raw, ".15g"))  # Excel keeps 15 significant digits
    return parse_decimal(_text(raw))


def _to_date(column: Column, raw: Any) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    return parse_date(_text(raw))


def _to_konto(column: Column, raw: Any) -> str:
    text = format(raw, ".15g") if isinstance(raw, float) else _text(raw)
    if not KONTO_RE.match(text):
        raise TabularValueError(f"'{text}' er ikke et kontonummer. Skriv fx 112 eller 112.1.")
    return text


_CONVERTERS: dict[str, Callable[[Column, Any], Any]] = {
    "str": _to_str,
    "int": _to_int,
    "decimal": _to_decimal,
    "date": _to_date,
    "konto": _to_konto,
}


def parse_decimal(text: str) -> Decimal:
    """A number written the Danish way ("1.234,50", "1234,5") or with a decimal point ("1234.50").

    With both separators, the last one is the decimal separator and the other must group
    thousands. A single point followed by exactly three digits ("1.500") is refused as ambiguous.
    """
    s = text.strip().translate(_SPACES).replace("\u2212", "-")
    if fast := _DANISH_DECIMAL_RE.fullmatch(s):
        sign, whole, frac = fast.groups()
        return Decimal(f"{sign}{whole.replace('.', '')}.{frac}")
    bad = TabularValueError(f"'{text.strip()}' er ikke et tal. Skriv fx 1.234,50 eller 1234.50.")
    m = _NUMBER_RE.fullmatch(s)
    if not m or s[-1] in ".,":
        raise bad
    sign, body = m.groups()
    if "," in body and "." in body:
        point = "," if body.rfind(",") > body.rfind(".") else "."
        thousands = "." if point == "," else ","
        whole, frac = body.rsplit(point, 1)
        if not re.fullmatch(rf"\d{{1,3}}(\{thousands}\d{{3}})+", whole) or not frac.isdigit():
            raise bad
        whole = whole.replace(thousands, "")
    elif body.count(",") == 1:
        whole, frac = body.split(",")
    elif body.count(".") == 1:
        whole, frac = body.split(".")
        if len(frac) == 3 and len(whole) <= 3 and whole.lstrip("0"):
            raise TabularValueError(
                f"'{text.strip()}' er tvetydigt: punktummet kan være tusindtalsseparator eller decimaltegn. "
                f"Skriv {whole}{frac} eller {whole},{frac}."
            )
    elif "." in body and re.fullmatch(r"\d{1,3}(\.\d{3})+", body):
        whole, frac = body.replace(".", ""), ""
    elif body.isdigit():
        whole, frac = body, ""
    else:
        raise bad
    if not (whole.isdigit() and (frac == "" or frac.isdigit())):
        raise bad
    try:
        return Decimal(f"{sign}{whole}.{frac}" if frac else f"{sign}{whole}")
    except InvalidOperation as exc:  # pragma: no cover - the patterns above exclude it
        raise bad from exc


def parse_date(text: str) -> date:
    """dd-mm-yyyy (also with . or /) or ISO yyyy-mm-dd."""
    s = text.strip()
    if m := _DMY_RE.fullmatch(s):
        day, month, year = (int(g) for g in m.groups())
    elif m := _ISO_RE.fullmatch(s):
        year, month, day = (int(g) for g in m.groups())
    else:
        raise TabularValueError(f"'{s}' er ikke en dato. Skriv fx 31-12-2024 eller 2024-12-31.")
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise TabularValueError(f"'{s}' er ikke en gyldig dato.") from exc


# --- checks across rows ----------------------------------------------------------------------


def find_duplicates(rows: Iterable[Row], key: Sequence[str], *, file: str) -> list[RowError]:
    """An error on every row whose ``key`` values repeat an earlier row's, naming that row."""
    first: dict[tuple[Any, ...], int] = {}
    errors = []
    for row in rows:
        values = tuple(row[name] for name in key)
        if values in first:
            shown = ", ".join("–" if v is None else str(v) for v in values)
            message = (
                f"Rækken gentager række {first[values]} (samme {join_da(list(key))}: {shown})."
            )
            errors.append(RowError(file, row.number, ", ".join(key), message))
        else:
            first[values] = row.number
    return errors


def join_da(words: list[str], conjunction: str = "og") -> str:
    """["a", "b", "c"] → "a, b og c"."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" {conjunction} " + words[-1]


# --- helpers ---------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(text.replace("\ufeff", "").split()).casefold()


def _text(raw: Any) -> str:
    """A cell as text: numbers without float noise ("1" for 1.0), dates as ISO."""
    if raw is None:
        return ""
    if isinstance(raw, float):
        return str(int(raw)) if raw.is_integer() else format(raw, ".15g")
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    return str(raw).strip()


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _blank_row(cells: list[Any]) -> bool:
    for c in cells:
        if c is not None and (c.__class__ is not str or c.strip()):
            return False
    return True
