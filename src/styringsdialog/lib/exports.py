"""CSV and XLSX files for download, with every text cell made safe for spreadsheets.

A cell whose text begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) is run as
a formula by Excel and LibreOffice: an organisation named ``=HYPERLINK("http://x")`` would put a
live link in a caseworker's spreadsheet (OWASP, "CSV Injection"). ``safe_cell`` prefixes such
text with an apostrophe, so it is shown as the text it is; numbers (negative ones too) stay
numbers. Every export writes through ``csv_bytes`` or ``xlsx_bytes``, so no cell can skip it.

CSV follows Danish spreadsheet habits: semicolon-separated, CRLF, UTF-8 with BOM so Excel opens
it correctly. XLSX cells hold numbers as numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP)."""

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Row = Sequence[Any]


def safe_cell(value: Any) -> Any:
    """``value`` for a spreadsheet cell: text that a spreadsheet would run as a formula gets a
    leading ``'``; everything else (numbers, dates, None, other text) is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(value: Any, number: Callable[[Any], str] | None = None) -> str:
    """The text of one CSV cell. Text goes through ``safe_cell``; numbers (int, float,
    Decimal) are written by ``number`` when given (e.g. a Danish decimal comma), else ``str``,
    and are never prefixed, so ``-12`` stays a negative number."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return number(value) if number is not None else str(value)
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return safe_cell(str(value))


def csv_bytes(
    header: Row, rows: Iterable[Row], *, number: Callable[[Any], str] | None = None
) -> bytes:
    """A semicolon-separated CSV (UTF-8 with BOM, CRLF) of ``header`` and ``rows``."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_text(v, number) for v in header])
    writer.writerows([csv_text(v, number) for v in row] for row in rows)
    return buf.getvalue().encode("utf-8-sig")


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its title (Excel allows 31 characters), header row and rows."""

    title: str
    header: Row
    rows: Iterable[Row]


def _xlsx_value(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, Decimal, date)):
        return value  # numbers stay numbers, dates stay dates
    return safe_cell(str(value))


def xlsx_bytes(sheets: Sequence[Sheet], *, freeze_header: bool = True) -> bytes:
    """An XLSX workbook with one worksheet per ``Sheet``; every text cell goes through
    ``safe_cell``, so none is stored as a formula (openpyxl stores text that begins with ``=`` as
    one)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        ws = book.create_sheet(sheet.title[:31])
        ws.append([_xlsx_value(v) for v in sheet.header])
        for row in sheet.rows:
            ws.append([_xlsx_value(v) for v in row])
        if freeze_header:
            ws.freeze_panes = "A2"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
