"""CSV and XLSX exports of the rows a list page shows (all pages, same order).

CSV follows Danish spreadsheet habits: semicolon-separated, decimal comma, UTF-8 with BOM so
Excel opens it correctly. XLSX cells hold numbers as numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from django.http import HttpResponse

from almen.efficiency import COLOUR_LABELS, ColourScale
from almen.formatting import format_number
from almen.keyfigures import FLAG_TEXTS
from styringsdialog.benchmarking.compute import EXCLUSION_TEXTS
from styringsdialog.benchmarking.display import shown_for
from styringsdialog.benchmarking.models import BenchmarkRun, DepartmentResult
from styringsdialog.benchmarking.queries.pages import describe_peer_group

HEADER = [
    "Organisation",
    "Organisationsnavn",
    "Afdeling",
    "Afdelingsnavn",
    "Kommune",
    "Regnskabsår",
    "Metode",
    "Vist effektivitetstal",
    "Vist farve",
    "Kilde",
    "Officielt effektivitetstal",
    "Beregnet effektivitetstal",
    "Beregnet farve",
    "Potentiale %",
    "Potentiale kr.",
    "Bedste praksis",
    "Bindende konto",
    "Sammenligningsgruppe",
    "Gruppestørrelse",
    "Gruppen udvidet",
    "Ikke beregnet, fordi",
    "Flag",
]
FORMATS = ("csv", "xlsx")


def export_rows(
    run: BenchmarkRun,
    results: Iterable[DepartmentResult],
    flags: Mapping[int, list[str]],
    scale: ColourScale,
) -> list[list[Any]]:
    """One list per result, in ``HEADER`` order (numbers as numbers, None when missing)."""
    out = []
    for r in results:
        d, peer, s = r.department, r.best_peer, shown_for(r, scale)
        out.append(
            [
                d.organisation.number,
                d.organisation.name,
                d.number,
                d.name,
                d.kommune.name,
                run.data_year,
                run.method,
                s.value,
                s.colour_label,
                ("officielt" if s.official else "beregnet") if s.value is not None else "",
                getattr(r, "official_value", None),
                r.effektivitetstal,
                COLOUR_LABELS.get(r.colour, ""),
                None if r.potential_pct is None else round(r.potential_pct, 1),
                None if r.potential_kr is None else int(r.potential_kr),
                f"{peer.organisation.number}-{peer.number} {peer.name}" if peer else "",
                r.binding_account,
                describe_peer_group(r.peer_group_description),
                r.group_size,
                "ja" if r.widened else "nej",
                EXCLUSION_TEXTS.get(r.excluded_reason, r.excluded_reason),
                "; ".join(FLAG_TEXTS.get(f, f) for f in flags.get(r.department_id, [])),
            ]
        )
    return out


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return format_number(value, 1, grouping=False)
    return str(value)


def csv_bytes(rows: list[list[Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows([[_csv_cell(v) for v in row] for row in rows])
    return buf.getvalue().encode("utf-8-sig")


def xlsx_bytes(rows: list[list[Any]], title: str) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def response(fmt: str, rows: list[list[Any]], filename: str) -> HttpResponse:
    if fmt == "xlsx":
        body = xlsx_bytes(rows, "Effektivitetstal")
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, content_type = csv_bytes(rows), "text/csv; charset=utf-8"
    resp = HttpResponse(body, content_type=content_type)
    resp["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return resp
