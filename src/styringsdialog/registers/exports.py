"""The reconciliation report as CSV or XLSX: one row per difference part (kommune level
first), with Danish column names like the other exports; the XLSX file also has a sheet of the
figures per source. Written by ``styringsdialog.lib.exports`` (semicolon CSV with BOM and
decimal comma; text a spreadsheet would run as a formula is neutralised). The page, the API
and the ``export`` command call ``download``."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse

from almen.formatting import format_number
from styringsdialog.lib.exports import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    Sheet,
    csv_bytes,
    xlsx_bytes,
)
from styringsdialog.registers import queries

FORMATS = ("csv", "xlsx")


def _number(value: Any) -> str:
    return format_number(value, 1, grouping=False) if isinstance(value, float) else str(value)


def filename(report: queries.KommuneReport, kommune: Any) -> str:
    return f"afstemning-{kommune.code}-{report.run.created_at:%Y%m%d}"


def download(report: queries.KommuneReport, kommune: Any, fmt: str) -> HttpResponse:
    """The report as a download (``fmt``: csv or xlsx)."""
    rows = queries.export_rows(report, kommune)
    if fmt == "csv":
        body = csv_bytes(queries.EXPORT_HEADER, rows, number=_number)
        content_type = CSV_CONTENT_TYPE
    else:
        sheets = [
            Sheet("Kilder", queries.SOURCES_HEADER, queries.source_rows(report)),
            Sheet("Uoverensstemmelser", queries.EXPORT_HEADER, rows),
        ]
        body, content_type = xlsx_bytes(sheets), XLSX_CONTENT_TYPE
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename(report, kommune)}.{fmt}"'
    return response
