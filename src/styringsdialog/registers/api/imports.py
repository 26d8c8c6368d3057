"""Register imports by upload: the same services as the ``import-*`` commands, all or nothing.

``POST /registre/imports/{kind}`` with a multipart ``file`` (and ``note``; for ``bbr`` also
``bygninger`` and ``dato``; for ``official-areas`` ``year``). A rejected file is a 422 in the
API's error shape with one detail per error (file, row, column and the Danish message), and
nothing is stored. Administrators only (``accounts.permissions.can_import_registers``).
"""

# No "from __future__ import annotations" here: Ninja must resolve the ``Kind`` alias.
from datetime import date
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from almen.formatting import format_number
from almen.registers import RegisterFormatError, RowError, describe
from almen.tabular import MAX_ERRORS, MoreErrors, count_errors
from styringsdialog.accounts.permissions import can_import_registers, require, scope_for
from styringsdialog.lib.api_types import Note, Year
from styringsdialog.registers.models import RegisterSnapshot
from styringsdialog.registers.services import (
    ImportFailed,
    import_bbr,
    import_dst,
    import_lbf_stamdata,
)
from styringsdialog.registers.services.official import import_official_areas
from styringsdialog.registers.services.residents import import_beboerdata

router = Router(tags=["Registre"])

Kind = Literal["bbr", "dst", "lbf-stamdata", "beboerdata", "official-areas"]
MAX_IMPORT_BYTES = 100 * 1024 * 1024
"""The largest upload; a bigger extract is imported with the command (up to 256 MB)."""


class SnapshotOut(Schema):
    snapshot: int
    kind: str
    source: str
    source_label: str
    file_name: str
    rows: int
    reference_date: date
    sha256: str
    skipped: dict[str, dict[str, int]]


def _read(upload: UploadedFile | None, what: str) -> tuple[bytes, str]:
    if upload is None:
        return b"", ""
    if upload.size is not None and upload.size > MAX_IMPORT_BYTES:
        raise ValidationError(
            f"{what} er for stor (højst {MAX_IMPORT_BYTES // 1024 // 1024} MB); indlæs større "
            "udtræk med kommandoen (styringsdialog import-…). Intet er indlæst."
        )
    return upload.read(), (upload.name or "fil")[:255]


def _location(error: RowError) -> str:
    parts = ["file"]
    if error.row is not None:
        parts.append(str(error.row))
    if error.column:
        parts.append(error.column)
    return ".".join(parts)


def _rejected(errors: list[RowError]) -> JsonResponse:
    """422 in the API's error shape (``styringsdialog.api.ErrorOut``), one detail per error."""
    plain = [e for e in errors if not isinstance(e, MoreErrors)]
    total = count_errors(errors)
    shown = plain[:MAX_ERRORS]
    message = f"Filen blev ikke indlæst ({format_number(total)} fejl; intet er gemt)."
    if total > len(shown):
        message += f" De første {format_number(len(shown))} fejl vises."
    details = [{"location": _location(e), "message": describe(e)} for e in shown]
    return JsonResponse(
        {"error": {"status": 422, "code": "invalid", "message": message, "details": details}},
        status=422,
    )


@router.post(
    "/registre/imports/{kind}",
    response={201: SnapshotOut},
    summary="Indlæs et registerudtræk (BBR, DST, LBF-stamdata, beboerdata, officiel liste)",
    description="Samme kontrol som kommandoerne `styringsdialog import-…`: hele filen læses og "
    "kontrolleres, og intet gemmes, hvis der er én fejl (422 med en detalje pr. fejl: "
    "`location` er `file.<række>.<kolonne>`, `message` den danske fejltekst). En fil, der "
    "allerede er indlæst, afvises også. `bbr`: Datafordeler-JSON, valgfrit `bygninger` og "
    "`dato` (ÅÅÅÅ-MM-DD); `dst`: StatBank BOL101 (CSV eller JSON-stat); `lbf-stamdata` og "
    "`beboerdata`: projektets CSV; `official-areas`: listen for `year`. Kun administratorer.",
)
def register_import(
    request: HttpRequest,
    kind: Kind,
    file: File[UploadedFile],
    bygninger: File[UploadedFile | None] = None,
    note: Form[Note | None] = None,
    dato: Form[date | None] = None,
    year: Form[Year | None] = None,
) -> Status | JsonResponse:
    require(
        can_import_registers(scope_for(request.user)),
        "Kun administratorer kan indlæse registerudtræk.",
    )
    data, name = _read(file, "Filen")
    if kind == "official-areas" and year is None:
        raise ValidationError("Angiv listeåret (year) for den officielle liste.")
    if kind != "bbr" and (bygninger is not None or dato is not None):
        raise ValidationError("bygninger og dato kan kun angives for et BBR-udtræk.")
    if kind != "official-areas" and year is not None:
        raise ValidationError("year kan kun angives for en officiel liste (official-areas).")
    by = request.user
    try:
        snapshot = _import(kind, data, name, note or "", by, bygninger, dato, year)
    except (ImportFailed, RegisterFormatError) as exc:
        return _rejected(exc.errors)
    return Status(201, snapshot_out(kind, snapshot))


def _import(
    kind: str,
    data: bytes,
    name: str,
    note: str,
    by: Any,
    buildings: UploadedFile | None,
    reference_date: date | None,
    year: int | None,
) -> RegisterSnapshot:
    if kind == "bbr":
        buildings_data, buildings_name = _read(buildings, "Bygningsfilen")
        return import_bbr(
            data=data,
            file_name=name,
            by=by,
            note=note,
            reference_date=reference_date,
            buildings=buildings_data if buildings is not None else None,
            buildings_name=buildings_name,
        )
    if kind == "dst":
        return import_dst(data=data, file_name=name, by=by, note=note)
    if kind == "lbf-stamdata":
        return import_lbf_stamdata(data=data, file_name=name, by=by, note=note)
    if kind == "beboerdata":
        return import_beboerdata(data=data, file_name=name, by=by, note=note)
    assert year is not None  # checked by the caller
    return import_official_areas(data=data, file_name=name, year=year, by=by, note=note)


def snapshot_out(kind: str, snapshot: RegisterSnapshot) -> dict[str, Any]:
    return {
        "snapshot": snapshot.pk,
        "kind": kind,
        "source": snapshot.source,
        "source_label": snapshot.get_source_display(),
        "file_name": snapshot.file_name,
        "rows": snapshot.rows,
        "reference_date": snapshot.reference_date,
        "sha256": snapshot.sha256,
        "skipped": snapshot.skipped or {},
    }
