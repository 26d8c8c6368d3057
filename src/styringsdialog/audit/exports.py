"""The audit log as CSV or XLSX with Danish headers (the page, the API and ``styringsdialog
audit --format``). Per meeting or case it is the basis for an akteindsigt."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.utils import timezone

from styringsdialog.audit.models import AuditEntry, Kind
from styringsdialog.lib.exports import Sheet, csv_bytes, xlsx_bytes

HEADER = (
    "Tidspunkt",
    "Handling",
    "Bruger-id",
    "Brugernavn",
    "IP-adresse",
    "Metode",
    "Adresse",
    "Svarkode",
    "Objekttype",
    "Objekt-id",
    "Objekt",
    "Ændrede felter",
    "Møde-id",
    "Sags-id",
)
MAX_ROWS = 1_000_000
KIND_LABELS = dict(Kind.choices)


def rows(entries: Iterable[AuditEntry]) -> Iterator[list]:
    for e in entries:
        yield [
            timezone.localtime(e.at).strftime("%d.%m.%Y %H:%M:%S"),
            KIND_LABELS.get(e.kind, e.kind),
            e.user_id,
            e.username,
            e.ip or "",
            e.method,
            e.path,
            e.status,
            e.object_type,
            e.object_id,
            e.object_label,
            e.fields,
            e.meeting_id,
            e.case_id,
        ]


def export_bytes(entries: Iterable[AuditEntry], fmt: str) -> tuple[bytes, str]:
    """(content, content type) of ``entries`` as ``csv`` or ``xlsx``."""
    from styringsdialog.lib.exports import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE

    if fmt == "csv":
        return csv_bytes(HEADER, rows(entries)), CSV_CONTENT_TYPE
    if fmt == "xlsx":
        return xlsx_bytes([Sheet("Revisionslog", HEADER, rows(entries))]), XLSX_CONTENT_TYPE
    raise ValueError(f"Ukendt format {fmt!r}: brug csv eller xlsx.")
