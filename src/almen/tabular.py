"""CSV/XLSX → typed rows against a declared schema, with the errors found (no writes).

Contract::

    result = read_table(data, filename="regnskab.csv", schema=schema)
    result.rows         # list[Row]: the rows without errors, in file order (values typed)
    result.errors       # list[RowError]: the first ``Limits.max_errors`` problems, Danish, row order
    result.error_count  # every problem found: ``len(errors)`` plus ``errors_omitted``

The steps run in a fixed order (STYLE.md §5): decode the file → check the header (missing,
unknown, duplicate columns) → parse and validate every row. Header problems stop before the rows
are used, because the rows cannot be interpreted without a header. Nothing is written anywhere.

Row numbers are those a spreadsheet user sees: the header is the first non-empty row (normally
row 1), the first data row below it is row 2. Column letters (A, B, …) count from the left.

**Bounded.** Files are read as a stream — CSV row by row, XLSX by an incremental parse of the
one sheet's XML (``_sheet_rows``; openpyxl's ``load_workbook``, even read-only, opens every sheet
and is slow on shared strings and styles) — and never held as a grid. Before any XML of an XLSX
is parsed, its zip directory is checked (entries, unpacked size, compression ratio, encryption)
and its XML elements are counted. A file that is not what its name says, is damaged or crosses a
limit (``Limits``; defaults in the ``MAX_*`` constants) is refused with one file-level error, in
Danish, as soon as that is known. No exception escapes ``read_table``, whatever the bytes.

Django-free: stdlib ``csv``, ``zipfile`` and ``xml.etree``; openpyxl for the rules of Excel's
dates, number formats and shared formulas.
"""

from __future__ import annotations

import codecs
import csv
import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Literal
from xml.etree.ElementTree import ParseError

from openpyxl.formula.tokenizer import TokenizerError
from openpyxl.formula.translate import Translator, TranslatorError
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel, from_ISO8601
from openpyxl.utils.exceptions import CellCoordinatesException, InvalidFileException
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from almen.formatting import format_number

__all__ = [
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_COMPRESSION_RATIO",
    "MAX_ERRORS",
    "MAX_ROWS",
    "MAX_UNPACKED_BYTES",
    "MAX_XML_ELEMENTS",
    "MAX_ZIP_ENTRIES",
    "Column",
    "Limits",
    "MoreErrors",
    "ParseResult",
    "Row",
    "RowError",
    "Schema",
    "TabularValueError",
    "cap_errors",
    "count_errors",
    "find_duplicates",
    "join_da",
    "parse_date",
    "parse_decimal",
    "read_table",
]

# --- limits ----------------------------------------------------------------------------------
#
# Every limit is a module constant (the default) and a field of ``Limits`` (what one call uses).
# They are set so that any file within the upload limit (25 MB, ``intake.files.MAX_BYTES``) is
# refused or read in well under 10 s and 500 MB; docs/benchmarks.md ("Fjendtlige filer") has the
# measurements and docs/reference/data-formats/README.md ("Grænser") the user's view.

MAX_ROWS = 50_000
"""Highest row number that may hold data, the header included (and about the most rows a file
may have at all, empty ones included). The largest organisations have about 300 departments ×
some 65 konti ≈ 20,000 account lines; 50,000 leaves room for that 2½ times and keeps the import
of a full file, with every line written, below 10 s."""

MAX_COLUMNS = 100
"""Columns a row may use (A … CV). The widest schema has 15 columns; data further right belongs
to some other table. Empty cells further right (formatting only) are ignored."""

MAX_CELL_CHARS = 32_767
"""Characters in one cell: Excel's own maximum, so no spreadsheet can produce a longer cell, and
below the ``csv`` module's field limit (131,072), so CSV reports it in the same words."""

MAX_ERRORS = 1_000
"""Errors kept with their text; any further errors are only counted (``errors_omitted``). A
thousand lines is more than anyone reads, and a 20 MB file with an error in every cell would
otherwise give hundreds of thousands (one stored list of 132 MB, measured)."""

MAX_UNPACKED_BYTES = 100 * 1024 * 1024
"""Total unpacked size of an XLSX's parts. A full ``MAX_ROWS``-row sheet of a dozen columns
unpacks to about 60 MB; the 1.3 MB zip bomb that took 119 s and 4.3 GB unpacks to over 1 GB."""

MAX_COMPRESSION_RATIO = 100
"""Highest unpacked/packed ratio of one XLSX part of 1 MiB or more (``RATIO_CHECKED_FROM``).
Spreadsheet XML packs about 10–20:1 (even identical rows, as cell addresses differ); a
compression bomb packs up to 1,000:1, which deflate cannot exceed."""

RATIO_CHECKED_FROM = 1024 * 1024
"""Parts smaller than this are not checked for their ratio: a small part of repeated text can
pack very tightly and still costs nothing to read."""

MAX_ZIP_ENTRIES = 1_000
"""Parts in an XLSX zip. Excel writes about a dozen plus two per sheet; a zip directory of
hundreds of thousands of entries costs seconds and hundreds of MB before a single cell is read."""

MAX_XML_ELEMENTS = 1_500_000
"""XML elements in all parts of an XLSX together, counted before openpyxl reads them. A cell
takes one to three (``c``, ``v``, ``f``): a full ``MAX_ROWS`` sheet of 5–10 columns needs 0.6–1.1
million. openpyxl reads some parts whole before the first row (1.3 million shared strings took
20 s), so the count must stop a file that is all shared strings too."""

EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384
"""The size of an Excel sheet. A file that addresses a cell outside it was not written by a
spreadsheet program and is refused as damaged."""


@dataclass(frozen=True)
class Limits:
    """The limits one ``read_table`` call applies; the defaults are the ``MAX_*`` constants."""

    max_rows: int = MAX_ROWS
    max_columns: int = MAX_COLUMNS
    max_cell_chars: int = MAX_CELL_CHARS
    max_errors: int = MAX_ERRORS
    max_unpacked_bytes: int = MAX_UNPACKED_BYTES
    max_compression_ratio: float = MAX_COMPRESSION_RATIO
    max_zip_entries: int = MAX_ZIP_ENTRIES
    max_xml_elements: int = MAX_XML_ELEMENTS


ColumnType = Literal["str", "int", "decimal", "date", "konto"]
# re.ASCII throughout: \d would also match "٣" (Arabic-Indic three) and other Unicode digits
KONTO_RE = re.compile(r"^\d{3}(\.\d{1,2})?$", re.ASCII)
_INT_RE = re.compile(r"[+-]?\d{1,30}", re.ASCII)
_INT_THOUSANDS_RE = re.compile(r"[+-]?\d{1,3}(\.\d{3}){1,9}", re.ASCII)
_DANISH_DECIMAL_RE = re.compile(
    r"([+-]?)(\d{1,3}(?:\.\d{3})+|\d+),(\d+)", re.ASCII
)  # the common case, "1.234,50"
_NUMBER_RE = re.compile(r"([+-]?)(\d[\d.,]*)", re.ASCII)
_DMY_RE = re.compile(r"(\d{1,2})[-./](\d{1,2})[-./](\d{4})", re.ASCII)
_ISO_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
CSV_EXTENSIONS = (".csv", ".txt")
XLSX_EXTENSIONS = (".xlsx", ".xlsm")
_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009")
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted OOXML and old .xls files
_NOT_XLSX = "Filen kan ikke læses som en Excel-fil (.xlsx)."


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
class MoreErrors(RowError):
    """Stands in a list of errors for ``count`` further errors that were found but not kept."""

    count: int = 0


@dataclass(frozen=True)
class Row:
    """A valid data row: its spreadsheet row number and typed values by column name."""

    number: int
    values: Mapping[str, Any]
    invalid: frozenset[str] = frozenset()  # columns whose cell could not be read (value None)

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def readable(self, *names: str) -> bool:
        """Whether every named cell could be read (a failed cell is None and already reported)."""
        return not self.invalid.intersection(names)


@dataclass
class ParseResult:
    rows: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    failed_rows: list[Row] = field(default_factory=list)
    """Rows with at least one unreadable cell (``Row.invalid``), so the caller can still run its
    own checks on the other cells and report every error of a row."""
    errors_omitted: int = 0  # errors found beyond ``Limits.max_errors``: counted, not kept

    @property
    def ok(self) -> bool:
        return not self.errors and not self.errors_omitted

    @property
    def error_count(self) -> int:
        return len(self.errors) + self.errors_omitted


def cap_errors(
    errors: Sequence[RowError], *, file: str, omitted: int = 0, limit: int = MAX_ERRORS
) -> list[RowError]:
    """The first ``limit`` errors, then one ``MoreErrors`` counting the rest plus ``omitted``
    (errors an earlier step already counted without keeping them)."""
    kept = list(errors[:limit])
    rest = len(errors) - len(kept) + omitted
    if rest > 0:
        kept.append(
            MoreErrors(
                file,
                None,
                "",
                f"… og {format_number(rest)} fejl mere, som ikke vises "
                f"(kun de første {format_number(len(kept))} vises).",
                rest,
            )
        )
    return kept


def count_errors(errors: Iterable[RowError]) -> int:
    """How many errors a list stands for (a ``MoreErrors`` counts as its ``count``)."""
    return sum(e.count if isinstance(e, MoreErrors) else 1 for e in errors)


@dataclass(frozen=True)
class _Formula:
    """An XLSX formula cell whose result was never saved (the file was not opened in Excel)."""

    text: str


@dataclass
class _Late:
    """Errors known only after the last row (merged cells): they replace every other error."""

    errors: list[RowError] = field(default_factory=list)
    omitted: int = 0


class _Refused(Exception):
    """The file as a whole cannot be read; ``error`` says why (row None or where it stopped)."""

    def __init__(self, file: str, message: str, row: int | None = None, column: str = ""):
        super().__init__(message)
        self.error = RowError(file, row, column, message)


RowSource = Iterator[tuple[int, list[Any]]]  # (spreadsheet row number, cells), blank rows too


def read_table(
    data: bytes,
    *,
    filename: str,
    schema: Schema,
    sheet: str | None = None,
    limits: Limits | None = None,
) -> ParseResult:
    """Read a CSV or XLSX file (chosen by the file name's extension) into typed rows and errors."""
    limits = limits or Limits()
    ext = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if not data.strip(b" \t\r\n" + codecs.BOM_UTF8):
        return ParseResult(errors=[RowError(filename, None, "", "Filen er tom.")])
    if ext not in XLSX_EXTENSIONS + CSV_EXTENSIONS:
        message = f"Filtypen '{_shorten(ext or filename)}' kan ikke indlæses. Brug CSV (.csv) eller Excel (.xlsx)."
        return ParseResult(errors=[RowError(filename, None, "", message)])
    late = _Late()
    try:
        if ext in XLSX_EXTENSIONS:
            rows = _xlsx_rows(data, filename, sheet, limits, late)
        else:
            rows = _csv_rows(data, filename, limits)
        result = _parse_rows(rows, filename, schema, limits)
    except _Refused as exc:
        return ParseResult(errors=[exc.error])
    if late.errors:
        return ParseResult(errors=late.errors, errors_omitted=late.omitted)
    return result


# --- CSV -------------------------------------------------------------------------------------


def _csv_rows(data: bytes, file: str, limits: Limits) -> RowSource:
    if data.startswith(b"PK\x03\x04"):
        raise _Refused(
            file, "Filen er en Excel-fil, men navnet ender på .csv. Omdøb den til .xlsx."
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _Refused(
            file,
            "Filen er gemt som UTF-16 ('Unicode-tekst'). Gem den som 'CSV UTF-8 (kommasepareret)' og prøv igen.",
        )
    if b"\x00" in data:
        row = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise _Refused(
            file,
            f"Filen indeholder binære data (et nul-tegn i række {row}) og er ikke en CSV-fil.",
            row,
        )
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        data[bom:].decode("utf-8")  # validates in C; the text is not kept
    except UnicodeDecodeError as exc:
        position = exc.start + bom
        row = data.count(b"\n", 0, position) + 1
        raise _Refused(
            file,
            f"Filen er ikke UTF-8-kodet: byte nr. {position + 1} i række {row} er ikke gyldig UTF-8. "
            "Gem filen som 'CSV UTF-8 (kommasepareret)' og prøv igen.",
            row,
        ) from None
    first_line = data[bom : bom + 65536].split(b"\n", 1)[0].decode("utf-8", "ignore")
    stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    reader = csv.reader(stream, delimiter=_sniff_delimiter(first_line))
    return _csv_records(reader, file, limits)


def _csv_records(reader: Iterator[list[str]], file: str, limits: Limits) -> RowSource:
    number = 0
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field limit" in str(exc):
                message = f"En celle i række {number} har over {format_number(limits.max_cell_chars)} tegn (måske et citationstegn, der ikke lukkes)."
            else:
                message = (
                    f"Række {number} kan ikke læses som CSV (fx et citationstegn, der ikke lukkes)."
                )
            raise _Refused(file, message, number) from None
        if number > limits.max_rows:
            if not _blank_row(cells) or number > 2 * limits.max_rows:
                raise _Refused(file, _too_many_rows(number, limits), number)
            continue
        if len(cells) > limits.max_columns:
            _check_wide(cells, number, file, limits)
            cells = cells[: limits.max_columns]
        for index, cell in enumerate(cells):
            if len(cell) > limits.max_cell_chars:
                raise _Refused(file, _too_long(index, number, len(cell), limits), number)
        yield number, cells


def _sniff_delimiter(text: str) -> str:
    """``;`` (Danish Excel) or ``,`` or tab: whichever occurs most in the first line; ``;`` wins ties."""
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


# --- XLSX ------------------------------------------------------------------------------------

_ROW_TAG = f"{{{SHEET_MAIN_NS}}}row"
_CELL_TAG = f"{{{SHEET_MAIN_NS}}}c"
_VALUE_TAG = f"{{{SHEET_MAIN_NS}}}v"
_FORMULA_TAG = f"{{{SHEET_MAIN_NS}}}f"
_INLINE_TAG = f"{{{SHEET_MAIN_NS}}}is"
_TEXT_TAG = f"{{{SHEET_MAIN_NS}}}t"
_RUN_TAG = f"{{{SHEET_MAIN_NS}}}r"
_MERGE_TAG = f"{{{SHEET_MAIN_NS}}}mergeCell"
_SHEET_TAG = f"{{{SHEET_MAIN_NS}}}sheet"
_WORKBOOK_PR_TAG = f"{{{SHEET_MAIN_NS}}}workbookPr"
_SHARED_STRING_TAG = f"{{{SHEET_MAIN_NS}}}si"
_NUMFMTS_TAG = f"{{{SHEET_MAIN_NS}}}numFmts"
_NUMFMT_TAG = f"{{{SHEET_MAIN_NS}}}numFmt"
_CELLXFS_TAG = f"{{{SHEET_MAIN_NS}}}cellXfs"
_XF_TAG = f"{{{SHEET_MAIN_NS}}}xf"
_REL_TAG = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_CELL_PARTS = frozenset((_VALUE_TAG, _FORMULA_TAG, _INLINE_TAG, _TEXT_TAG, _RUN_TAG))
_XLSX_READ_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    InvalidFileException,
    CellCoordinatesException,
    TokenizerError,
    TranslatorError,
    ParseError,
    zlib.error,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    ValueError,
    OverflowError,
    EOFError,
    OSError,
    RuntimeError,
    NotImplementedError,
)


def _check_package(data: bytes, file: str, limits: Limits) -> None:
    """Refuse a hostile or malformed zip before openpyxl opens it (``Limits``)."""
    if data.startswith(_OLE_SIGNATURE):
        raise _Refused(
            file,
            "Filen er beskyttet med en adgangskode eller gemt i det gamle Excel-format (.xls). "
            "Gem den som Excel-projektmappe (.xlsx) uden adgangskode, og indlæs den igen.",
        )
    entries = _zip_entry_count(data)
    if entries is None:
        raise _Refused(file, _NOT_XLSX)
    if entries > limits.max_zip_entries:
        raise _Refused(
            file,
            f"Filen består af flere end {format_number(limits.max_zip_entries)} dele; så mange kan "
            "der ikke indlæses (Excel selv skriver et par dusin).",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > limits.max_zip_entries:  # the end record lied about the count
                raise _Refused(file, _NOT_XLSX)
            if any(info.flag_bits & 0x1 for info in infos):
                raise _Refused(
                    file,
                    "Filen er krypteret. Gem den uden adgangskode som Excel-projektmappe (.xlsx), og indlæs den igen.",
                )
            if any(
                i.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for i in infos
            ):
                raise _Refused(
                    file, f"{_NOT_XLSX[:-1]}: den er pakket på en måde, Excel ikke bruger."
                )
            unpacked = sum(i.file_size for i in infos)
            if unpacked > limits.max_unpacked_bytes:
                raise _Refused(
                    file,
                    f"Filen fylder {_mb(unpacked)} MB udpakket; højst {_mb(limits.max_unpacked_bytes)} MB "
                    "kan indlæses. Del filen op i flere filer.",
                )
            for info in infos:
                ratio = info.file_size / max(info.compress_size, 1)
                if info.file_size >= RATIO_CHECKED_FROM and ratio > limits.max_compression_ratio:
                    raise _Refused(
                        file,
                        f"Filen er pakket usædvanligt tæt (delen {_shorten(info.filename)} fylder "
                        f"{format_number(ratio)} gange mere udpakket), som en såkaldt zip-bombe. Den indlæses ikke.",
                    )
            elements = sum(_count_elements(archive, info) for info in infos)
    except _XLSX_READ_ERRORS:
        raise _Refused(file, _NOT_XLSX) from None
    if elements > limits.max_xml_elements:
        raise _Refused(
            file,
            f"Filen indeholder {format_number(elements)} XML-elementer; højst "
            f"{format_number(limits.max_xml_elements)} kan indlæses. Del filen op i flere filer.",
        )


def _zip_entry_count(data: bytes) -> int | None:
    """Entries in the zip's end-of-central-directory record, read without parsing the directory
    (None: no such record, so not a zip). The count there may lie — ``zipfile`` reads the
    directory by its size — so the size counts too, as at least 46 bytes an entry. A ZIP64 count
    (0xFFFF) is taken at face value: no spreadsheet needs 65,535 parts."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or len(data) < end + 22:
        return None
    count, size = struct.unpack("<HI", data[end + 10 : end + 16])
    return max(int(count), int(size) // 46)


def _count_elements(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    """About how many XML elements a part holds (start tags: ``<`` not followed by ``/``, ``?``
    or ``!``), counted while unpacking in 1 MiB steps; 0 for parts that are not XML."""
    if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
        return 0
    count = 0
    with archive.open(info) as stream:
        while chunk := stream.read(1 << 20):
            count += (
                chunk.count(b"<") - chunk.count(b"</") - chunk.count(b"<?") - chunk.count(b"<!")
            )
    return count


@dataclass
class _Workbook:
    """What reading one sheet needs from the rest of an XLSX package, read with ``iterparse``
    (openpyxl's ``load_workbook`` would also open every sheet and chart and costs 30–50 µs per
    XML element in shared strings and styles)."""

    archive: zipfile.ZipFile
    sheets: list[tuple[str, str, str]]  # (name, relationship type, part path), in tab order
    epoch: datetime
    strings: list[str]
    date_styles: set[int]
    timedelta_styles: set[int]

    def find(self, sheet: str | None, file: str) -> tuple[str, str]:
        """(name, part path) of the sheet asked for, or of the first worksheet."""
        if not self.sheets:
            raise _Refused(file, _NOT_XLSX)
        names = ", ".join(name for name, _, _ in self.sheets)
        worksheets = [name for name, kind, _ in self.sheets if kind.endswith("/worksheet")]
        found = [s for s in self.sheets if s[0] == sheet] if sheet is not None else []
        if sheet is not None and not found:
            raise _Refused(
                file, f"Arket '{_shorten(sheet)}' findes ikke i filen. Filen har arkene: {names}."
            )
        if not worksheets:
            raise _Refused(file, f"Filen har ingen regneark med celler (arkene: {names}).")
        name, kind, path = (
            found[0] if found else next(s for s in self.sheets if s[0] == worksheets[0])
        )
        if not kind.endswith("/worksheet"):
            raise _Refused(
                file,
                f"Arket '{_shorten(name)}' er et diagramark og har ingen celler. "
                f"Vælg et af regnearkene: {', '.join(worksheets)}.",
            )
        if path not in self.archive.namelist():
            raise _Refused(file, f"{_NOT_XLSX[:-1]}: arket '{_shorten(name)}' mangler i filen.")
        return name, path


def _read_workbook(archive: zipfile.ZipFile) -> _Workbook:
    package = _relationships(archive, "_rels/.rels", "")
    main = next((t for kind, t in package.values() if kind.endswith("/officeDocument")), "")
    main = main or "xl/workbook.xml"
    folder, base = posixpath.split(main)
    rels = _relationships(archive, f"{folder}/_rels/{base}.rels", folder)
    sheets: list[tuple[str, str, str]] = []
    date1904 = False
    for element in _parts(archive, main):
        if element.tag == _SHEET_TAG:
            kind, path = rels.get(element.get(_RID) or "", ("", ""))
            sheets.append((element.get("name") or "", kind, path))
            element.clear()
        elif element.tag == _WORKBOOK_PR_TAG:
            date1904 = element.get("date1904", "").lower() in ("1", "true")
    strings_part = next((t for kind, t in rels.values() if kind.endswith("/sharedStrings")), "")
    styles_part = next((t for kind, t in rels.values() if kind.endswith("/styles")), "")
    dates, timedeltas = _date_styles(archive, styles_part or "xl/styles.xml")
    return _Workbook(
        archive=archive,
        sheets=sheets,
        epoch=MAC_EPOCH if date1904 else WINDOWS_EPOCH,
        strings=_shared_strings(archive, strings_part),
        date_styles=dates,
        timedelta_styles=timedeltas,
    )


def _parts(archive: zipfile.ZipFile, path: str) -> Iterator[Any]:
    """The elements of one XML part as they end (empty when the part is missing)."""
    try:
        source = archive.open(path)
    except KeyError:  # no such part
        return
    with source:
        for _event, element in iterparse(source):
            yield element


def _relationships(archive: zipfile.ZipFile, path: str, folder: str) -> dict[str, tuple[str, str]]:
    """``{Id: (Type, part path)}`` of a ``.rels`` part; targets resolved against ``folder``."""
    out = {}
    for element in _parts(archive, path):
        if element.tag == _REL_TAG and element.get("TargetMode") != "External":
            target = element.get("Target") or ""
            resolved = target[1:] if target.startswith("/") else posixpath.join(folder, target)
            out[element.get("Id") or ""] = (
                element.get("Type") or "",
                posixpath.normpath(resolved) if resolved else "",
            )
            element.clear()
    return out


def _shared_strings(archive: zipfile.ZipFile, path: str) -> list[str]:
    strings = []
    for element in _parts(archive, path):
        if element.tag == _SHARED_STRING_TAG:
            first = element[0] if len(element) == 1 else None
            if first is not None and first.tag == _TEXT_TAG:  # the common <si><t>…</t></si>
                text = first.text or ""
            else:
                text = _inline_text(element)
            strings.append(text.replace("x005F_", "") if "x005F_" in text else text)
            element.clear()
    return strings


def _date_styles(archive: zipfile.ZipFile, path: str) -> tuple[set[int], set[int]]:
    """The cell styles (``s`` of a cell) whose number format is a date, and a duration, decided
    as openpyxl decides (``is_date_format``, ``is_timedelta_format``)."""
    custom: dict[int, str] = {}
    formats: list[int] = []
    for element in _parts(archive, path):
        if element.tag == _NUMFMTS_TAG:
            for fmt in element:
                custom[int(fmt.get("numFmtId") or 0)] = fmt.get("formatCode") or ""
            element.clear()
        elif element.tag == _CELLXFS_TAG:
            formats = [int(xf.get("numFmtId") or 0) for xf in element]
            element.clear()
        elif element.tag not in (_XF_TAG, _NUMFMT_TAG):
            element.clear()
    dates, timedeltas = set(), set()
    for index, number_format in enumerate(formats):
        code = custom.get(number_format) or BUILTIN_FORMATS.get(number_format) or "General"
        if is_date_format(code):
            dates.add(index)
        if is_timedelta_format(code):
            timedeltas.add(index)
    return dates, timedeltas


def _xlsx_rows(data: bytes, file: str, sheet: str | None, limits: Limits, late: _Late) -> RowSource:
    _check_package(data, file, limits)
    title = sheet or ""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            workbook = _read_workbook(archive)
            title, path = workbook.find(sheet, file)
            yield from _sheet_rows(workbook, path, title, file, limits, late)
    except _XLSX_READ_ERRORS:
        where = f": arket '{_shorten(title)}' er beskadiget." if title else "."
        raise _Refused(file, f"{_NOT_XLSX[:-1]}{where}") from None


def _sheet_rows(
    workbook: _Workbook, path: str, title: str, file: str, limits: Limits, late: _Late
) -> RowSource:
    """The rows of ``ws``, parsed incrementally from the sheet's XML.

    ``ReadOnlyWorksheet.iter_rows`` would do, except that it yields an empty row for every row
    number skipped (so one cell in row 1,048,577 costs a million rows), does not see merged cells
    and gives no sign of a formula without a saved value. So the sheet's XML is read here with
    ``iterparse``; each cell, row and other element is dropped once read, so memory does not grow
    with the sheet. Cell values are typed as openpyxl types them (``_CellReader``).
    """
    reader = _CellReader(workbook)
    merged: list[tuple[int, int, str]] = []  # the first max_errors merged ranges …
    more_merged = 0  # … and how many more
    pending: list[tuple[int, Any]] = []  # (column, value) of the row being read
    rows_seen = number = column = 0
    with workbook.archive.open(path) as source:
        for _event, element in iterparse(source):
            tag = element.tag
            if tag == _CELL_TAG:
                column = reader.column(element.get("r"), column)
                value = reader.value(element)
                if value.__class__ is str and len(value) > limits.max_cell_chars:
                    row_no = _row_of(element.get("r"), number + 1)
                    raise _Refused(file, _too_long(column - 1, row_no, len(value), limits), row_no)
                pending.append((column, value))
                element.clear()
            elif tag == _ROW_TAG:
                rows_seen += 1
                number = _row_number(element.get("r"), number)
                if rows_seen > limits.max_rows:
                    raise _Refused(file, _too_many_rows(number, limits), number)
                row = _row_list(pending, number, title, file, limits)
                if number > limits.max_rows and not _blank_row(row):
                    raise _Refused(file, _too_many_rows(number, limits), number)
                pending, column = [], 0
                element.clear()
                if number <= limits.max_rows:
                    yield number, row
            elif tag == _MERGE_TAG:
                if len(merged) < limits.max_errors:
                    merged.append(_merge_range(element.get("ref") or ""))
                else:
                    more_merged += 1
                element.clear()
            elif tag not in _CELL_PARTS:
                element.clear()
    for row_no, _col, ref in sorted(merged):
        message = f"Cellerne {ref} er flettede. Ophæv fletningen, og indlæs filen igen."
        late.errors.append(RowError(file, row_no, "", message))
    late.omitted += more_merged


class _CellReader:
    """Typed values of ``<c>`` elements, as openpyxl's ``WorkSheetParser.parse_cell`` gives them
    with ``data_only=True`` (shared strings, numbers, dates by cell style, booleans, inline text),
    plus ``_Formula`` for a formula without a saved value. Written out here because openpyxl's
    version costs 30–50 µs a cell on inline strings."""

    def __init__(self, workbook: _Workbook):
        self.strings = workbook.strings
        self.epoch = workbook.epoch
        self.date_styles = workbook.date_styles
        self.timedelta_styles = workbook.timedelta_styles
        self.shared_formulas: dict[str, Translator] = {}
        self.columns: dict[str, int] = {}

    def column(self, ref: str | None, previous: int) -> int:
        """The cell's column number from its reference ("AB12" → 28), else the next one."""
        if ref is None:
            column = previous + 1
        else:
            letters = ref.rstrip("0123456789")
            column = self.columns.get(letters, 0)
            if not column:
                column = self.columns[letters] = column_index_from_string(letters)
        if column > EXCEL_MAX_COLUMNS:
            raise ValueError(ref)
        return column

    def value(self, element: Any) -> Any:
        kind = element.get("t", "n")
        formula = element.find(_FORMULA_TAG)
        if kind == "inlineStr":
            child = element.find(_INLINE_TAG)
            value: Any = _inline_text(child) if child is not None else None
        else:
            value = element.findtext(_VALUE_TAG) or None
        if value is not None and kind != "inlineStr":
            value = self._typed(value, kind, element.get("s"))
        if formula is not None:
            text = self._formula(formula, element.get("r"))
            if value is None:
                value = _Formula(text)
        return value

    def _typed(self, raw: str, kind: str, style: str | None) -> Any:
        if kind == "n":
            number: int | float = float(raw) if "." in raw or "e" in raw or "E" in raw else int(raw)
            if style and int(style) in self.date_styles:
                try:
                    return from_excel(
                        number, self.epoch, timedelta=int(style) in self.timedelta_styles
                    )
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return number
        if kind == "s":
            return self.strings[int(raw)]
        if kind == "b":
            return bool(int(raw))
        if kind == "d":
            return from_ISO8601(raw)
        return raw  # "str" (a formula's text result), "e" (an error such as #N/A)

    def _formula(self, formula: Any, ref: str | None) -> str:
        text = "=" + (formula.text or "")
        if formula.get("t") == "shared":
            key = formula.get("si") or ""
            if formula.text:
                self.shared_formulas[key] = Translator(text, ref or "A1")
            elif key in self.shared_formulas:
                text = self.shared_formulas[key].translate_formula(ref)
        return text


def _inline_text(element: Any) -> str:
    """The text of an ``<is>`` (inline string): its ``<t>``, or the ``<t>`` of each rich-text run
    (``<r>``), without phonetic guides (``<rPh>``)."""
    parts = [element.findtext(_TEXT_TAG) or ""]
    parts += [run.findtext(_TEXT_TAG) or "" for run in element.iterfind(_RUN_TAG)]
    return "".join(parts)


def _row_of(ref: str | None, default: int) -> int:
    digits = (ref or "").lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return int(digits) if digits.isascii() and digits.isdigit() and len(digits) < 9 else default


def _row_number(raw: str | None, previous: int) -> int:
    if raw is None:
        return previous + 1
    value = int(raw) if raw.isascii() and raw.isdigit() else float(raw)
    if value != int(value) or value < 1:
        raise ValueError(raw)
    return int(value)


def _row_list(
    pending: list[tuple[int, Any]], number: int, title: str, file: str, limits: Limits
) -> list[Any]:
    if number > EXCEL_MAX_ROWS:
        raise _Refused(file, _outside_excel(title, number, 0))
    if not pending:
        return []
    width = max(c for c, _ in pending)
    if width > limits.max_columns:
        for c, v in pending:
            if c > limits.max_columns and not _blank(v):
                _check_wide([*[None] * (c - 1), v], number, file, limits)
        pending = [(c, v) for c, v in pending if c <= limits.max_columns]
        width = max((c for c, _ in pending), default=0)
    row: list[Any] = [None] * width
    for c, v in pending:
        row[c - 1] = v
    return row


def _merge_range(ref: str) -> tuple[int, int, str]:
    cr = CellRange(ref)
    return cr.min_row, cr.min_col, cr.coord


# --- header and rows -------------------------------------------------------------------------


class _Errors:
    """The first ``limit`` errors, and how many more there were."""

    def __init__(self, limit: int):
        self.kept: list[RowError] = []
        self.omitted = 0
        self.limit = limit

    def add(self, error: RowError) -> None:
        if len(self.kept) < self.limit:
            self.kept.append(error)
        else:
            self.omitted += 1


def _parse_rows(rows: RowSource, file: str, schema: Schema, limits: Limits) -> ParseResult:
    """Header, then every data row, streaming; see the module docstring for the order."""
    found = next(((n, cells) for n, cells in rows if not _blank_row(cells)), None)
    if found is None:
        return ParseResult(errors=[RowError(file, None, "", "Filen er tom.")])
    header_no, header = found
    mapping, by_index, missing = _check_header(header, header_no, file, schema)
    unnamed = [i for i in range(len(header)) if i not in by_index and i not in mapping]
    unnamed_used: dict[int, int] = {}  # column index → first row with data in it
    errors = _Errors(limits.max_errors)
    valid: list[Row] = []
    failed: list[Row] = []
    body = False
    header_ok = not by_index and not missing
    absent = {c.name: None for c in schema.columns if c not in mapping.values()}
    for number, cells in rows:
        if _blank_row(cells):
            continue
        body = True
        for index in (*unnamed, *range(len(header), len(cells))):
            if index < len(cells) and index not in unnamed_used and not _blank(cells[index]):
                unnamed_used[index] = number
        if header_ok and not unnamed_used:
            _convert_row(cells, number, mapping, absent, file, valid, errors, failed)
    for index, used in unnamed_used.items():
        letter = get_column_letter(index + 1)
        by_index[index] = RowError(
            file,
            header_no,
            letter,
            f"Kolonne {letter} har ingen overskrift, men der står data i den (fx række {used}).",
        )
    if by_index or missing:
        header_errors = [by_index[i] for i in sorted(by_index)] + missing
        kept = header_errors[: limits.max_errors]
        return ParseResult(errors=kept, errors_omitted=len(header_errors) - len(kept))
    if not body:
        return ParseResult(
            errors=[
                RowError(file, None, "", "Filen har en overskriftsrække, men ingen datarækker.")
            ]
        )
    return ParseResult(
        rows=valid, errors=errors.kept, errors_omitted=errors.omitted, failed_rows=failed
    )


def _convert_row(
    cells: list[Any],
    number: int,
    mapping: dict[int, Column],
    absent: dict[str, None],
    file: str,
    valid: list[Row],
    errors: _Errors,
    failed_rows: list[Row] | None = None,
) -> None:
    values: dict[str, Any] = dict(absent)
    failed: set[str] = set()
    for index, column in mapping.items():
        try:
            values[column.name] = convert(column, cells[index] if index < len(cells) else None)
        except TabularValueError as exc:
            errors.add(RowError(file, number, column.name, str(exc)))
            values[column.name] = None
            failed.add(column.name)
    if not failed:
        valid.append(Row(number, values))
    elif failed_rows is not None:
        failed_rows.append(Row(number, values, frozenset(failed)))


def _check_header(
    header: list[Any], row: int, file: str, schema: Schema
) -> tuple[dict[int, Column], dict[int, RowError], list[RowError]]:
    """Map cell positions to columns; report unknown and duplicate columns (by position) and
    missing ones. Columns without a name are checked against the rows by ``_parse_rows``."""
    mapping: dict[int, Column] = {}
    by_index: dict[int, RowError] = {}
    for index, cell in enumerate(header):
        text = _text(cell)
        if not text:
            continue
        letter = get_column_letter(index + 1)
        column = schema.lookup(text)
        if column is None:
            allowed = ", ".join(schema.names)
            shown = _shorten(text)
            by_index[index] = RowError(
                file,
                row,
                shown,
                f"Ukendt kolonne '{shown}' (kolonne {letter}). Kolonnerne hedder: {allowed}.",
            )
        elif column in mapping.values():
            first = get_column_letter(next(i for i, c in mapping.items() if c == column) + 1)
            by_index[index] = RowError(
                file,
                row,
                column.name,
                f"Kolonnen '{column.name}' står to gange (kolonne {first} og {letter}).",
            )
        else:
            mapping[index] = column
    missing = [
        RowError(file, row, column.name, f"Kolonnen '{column.name}' mangler i overskriftsrækken.")
        for column in schema.columns
        if column.required and column not in mapping.values()
    ]
    return mapping, by_index, missing


# --- messages for refused files --------------------------------------------------------------


def _too_many_rows(number: int, limits: Limits) -> str:
    return (
        f"Filen har for mange rækker: der kan højst indlæses {format_number(limits.max_rows)} rækker "
        f"(overskriften medregnet), men filen fortsætter til række {format_number(number)} eller længere. "
        "Del filen op i flere filer."
    )


def _too_long(index: int, number: int, length: int, limits: Limits) -> str:
    return (
        f"Cellen {get_column_letter(min(index, EXCEL_MAX_COLUMNS - 1) + 1)}{number} har {format_number(length)} tegn; "
        f"en celle må højst have {format_number(limits.max_cell_chars)} tegn."
    )


def _check_wide(cells: list[Any], number: int, file: str, limits: Limits) -> None:
    for index in range(limits.max_columns, len(cells)):
        if not _blank(cells[index]):
            letter = get_column_letter(min(index, EXCEL_MAX_COLUMNS - 1) + 1)
            raise _Refused(
                file,
                f"Række {number} har data i kolonne {letter} (nr. {format_number(index + 1)}); "
                f"der kan højst indlæses {format_number(limits.max_columns)} kolonner.",
                number,
            )


def _outside_excel(title: str, rows: int, columns: int) -> str:
    where = (
        f"række {format_number(rows)}"
        if rows > EXCEL_MAX_ROWS
        else f"kolonne nr. {format_number(columns)}"
    )
    return (
        f"{_NOT_XLSX[:-1]}: arket '{title}' bruger {where}, men et Excel-ark har højst "
        f"{format_number(EXCEL_MAX_ROWS)} rækker og {format_number(EXCEL_MAX_COLUMNS)} kolonner. "
        "Filen er beskadiget eller ikke gemt af et regneark."
    )


def _mb(size: int) -> str:
    return format_number(size / (1024 * 1024), 0 if size >= 10 * 1024 * 1024 else 1)


def _shorten(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


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
    if column.zfill and text.isascii() and text.isdigit():
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
    if raw.__class__ is str and raw.isascii() and raw.isdigit() and len(raw) <= 30:
        return int(raw)
    if isinstance(raw, bool):
        raise TabularValueError(f"'{raw}' er ikke et helt tal.")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer() and abs(raw) < 1e30:
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
        value = Decimal(format(raw, ".15g"))  # Excel keeps 15 significant digits
        if not value.is_finite():
            raise TabularValueError(f"'{_text(raw)}' er ikke et tal.")
        return value
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
