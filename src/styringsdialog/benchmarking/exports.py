"""CSV and XLSX exports of the rows a list page shows (all pages, same order).

The files are written by ``styringsdialog.lib.exports`` (semicolon-separated CSV with decimal
comma and BOM; XLSX with numbers as numbers; text that a spreadsheet would run as a formula is
neutralised there).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from almen.efficiency import COLOUR_LABELS, ColourScale
from almen.formatting import format_number
from almen.keyfigures import FLAG_TEXTS
from styringsdialog.benchmarking.compute import EXCLUSION_TEXTS
from styringsdialog.benchmarking.display import shown_for
from styringsdialog.benchmarking.models import BenchmarkRun, DepartmentResult
from styringsdialog.benchmarking.queries import pages
from styringsdialog.benchmarking.queries.pages import describe_peer_group
from styringsdialog.lib.exports import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    Sheet,
    csv_bytes,
    xlsx_bytes,
)

# Header style shared with the reconciliation export (registers.queries.EXPORT_HEADER):
# identifiers end in -nummer/-kode, names in -navn, units in parentheses.
HEADER = [
    "Organisationsnummer",
    "Organisationsnavn",
    "Afdelingsnummer",
    "Afdelingsnavn",
    "Kommunekode",
    "Kommunenavn",
    "Regnskabsår",
    "Metode",
    "Vist effektivitetstal",
    "Vist farve",
    "Kilde",
    "Officielt effektivitetstal",
    "Beregnet effektivitetstal",
    "Beregnet farve",
    "Potentiale (%)",
    "Potentiale (kr.)",
    "Bedste praksis",
    "Bindende konto",
    "Sammenligningsgruppe",
    "Gruppestørrelse",
    "Gruppen udvidet",
    "Ikke beregnet, fordi",
    "Flag",
    "Farveskala",
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
                d.kommune.code,
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
                f"{run.colour_scale.version} ({run.colour_scale.mark})",
            ]
        )
    return out


def _number(value: Any) -> str:
    return format_number(value, 1, grouping=False) if isinstance(value, float) else str(value)


def response(fmt: str, rows: list[list[Any]], filename: str) -> HttpResponse:
    """The rows as a download; text cells are made safe for spreadsheets by ``lib.exports``."""
    if fmt == "xlsx":
        body = xlsx_bytes([Sheet("Effektivitetstal", HEADER, rows)])
        content_type = XLSX_CONTENT_TYPE
    else:
        body, content_type = csv_bytes(HEADER, rows, number=_number), CSV_CONTENT_TYPE
    resp = HttpResponse(body, content_type=content_type)
    resp["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return resp


def download(
    request: HttpRequest,
    run: BenchmarkRun,
    departments: QuerySet,
    scale: ColourScale,
    fmt: str,
    filename: str,
) -> HttpResponse:
    """The run's results for ``departments`` as the page shows them (``?sort=`` as on the
    page), as a CSV or XLSX download named ``filename-<year>-<method>.<fmt>``. The pages, the
    API and the ``export`` command all call this."""
    rows, _ = pages.sorted_rows(request, pages.result_rows(run, departments))
    flags = pages.flags_for(run, departments.values("pk"))
    data = export_rows(run, rows, flags, scale)
    return response(fmt, data, f"{filename}-{run.data_year}-{run.method}")
