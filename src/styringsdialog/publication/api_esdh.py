"""API for journal facts and the ESDH export (issue 16, item 5), tag "Journalisering (ESDH)".

Mounted inside the publication router. Scope as the record's pages with ``write=True``:
outsiders 404, readers 403.
"""

# No ``from __future__ import annotations``: django-ninja resolves the parameter types at runtime.

from typing import Annotated, Any

from django.http import FileResponse, HttpRequest
from ninja import Field, Router, Schema
from pydantic import StrictInt

from styringsdialog.accounts.permissions import can_write_meeting, require, scope_for
from styringsdialog.construction.queries import get_construction_case_for_user
from styringsdialog.lib.api_types import ObjectId, ObjectIn, Text
from styringsdialog.meetings.queries import (
    get_agreement_for_user,
    get_case_for_user,
    get_meeting_for_user,
)
from styringsdialog.publication.esdh import export_to_file, package_filename
from styringsdialog.records.models import Kind, RecordInfo
from styringsdialog.records.queries import record_info
from styringsdialog.records.services import update_record_info

router = Router(tags=["Journalisering (ESDH)"])


class RecordOut(Schema):
    kind: str
    id: int
    journal_number: str
    kle: str
    parties: list[str]
    version: int


class RecordIn(ObjectIn):
    """``version`` is the one read (optimistic lock: 422 if someone changed it since);
    ``parties`` (cases only): private persons' names, never published."""

    journal_number: Annotated[str, Field(max_length=60)] = ""
    kle: Annotated[str, Field(max_length=20)] = ""
    parties: list[Text] | None = Field(default=None, max_length=50)
    version: Annotated[StrictInt, Field(ge=0, le=2_147_483_647)] | None = None


def _out(row: RecordInfo) -> dict[str, Any]:
    return {
        "kind": row.kind,
        "id": row.object_id,
        "journal_number": row.journal_number,
        "kle": row.kle,
        "parties": row.party_names if row.kind == Kind.CASE else [],
        "version": row.version,
    }


def _save(kind: str, obj: Any, request: HttpRequest, payload: RecordIn) -> dict[str, Any]:
    parties = "\n".join(payload.parties) if payload.parties is not None else None
    row = update_record_info(
        kind=kind,
        obj=obj,
        by=request.user,
        journal_number=payload.journal_number,
        kle=payload.kle,
        parties=parties if kind == Kind.CASE else None,
        version=payload.version,
    )
    return _out(row)


def _zip(kind: str, obj: Any, request: HttpRequest) -> FileResponse:
    handle, _ = export_to_file(kind=kind, obj=obj, by=request.user)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=package_filename(kind, obj),
        content_type="application/zip",
    )
    response["Cache-Control"] = "no-store"
    return response


@router.get(
    "/meetings/{meeting_id}/records",
    response=RecordOut,
    summary="Mødets journalnummer og KLE-nummer",
)
def meeting_record(request: HttpRequest, meeting_id: ObjectId):
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    return _out(record_info(Kind.MEETING, meeting))


@router.put(
    "/meetings/{meeting_id}/records",
    response=RecordOut,
    summary="Ret mødets journalnummer og KLE-nummer (NN.NN.NN, evt. handlingsfacet)",
)
def meeting_record_update(request: HttpRequest, meeting_id: ObjectId, payload: RecordIn):
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    return _save(Kind.MEETING, meeting, request, payload)


@router.get(
    "/meetings/{meeting_id}/esdh-export",
    response={200: None},
    summary="ESDH-pakke (ZIP) for mødet: referat og dagsorden som PDF/A, DOCX, bilag, metadata",
)
def meeting_export(request: HttpRequest, meeting_id: ObjectId):
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    return _zip(Kind.MEETING, meeting, request)


@router.get(
    "/cases/{case_id}/records",
    response=RecordOut,
    summary="Sagens journalnummer, KLE-nummer og private parter",
)
def case_record(request: HttpRequest, case_id: ObjectId):
    case = get_case_for_user(request.user, case_id, write=True)
    return _out(record_info(Kind.CASE, case))


@router.put(
    "/cases/{case_id}/records",
    response=RecordOut,
    summary="Ret sagens journalnummer, KLE-nummer og private parter",
)
def case_record_update(request: HttpRequest, case_id: ObjectId, payload: RecordIn):
    case = get_case_for_user(request.user, case_id, write=True)
    return _save(Kind.CASE, case, request, payload)


@router.get(
    "/cases/{case_id}/esdh-export",
    response={200: None},
    summary="ESDH-pakke (ZIP) for sagen: sagsforløbet som PDF/A og metadata",
)
def case_export(request: HttpRequest, case_id: ObjectId):
    case = get_case_for_user(request.user, case_id, write=True)
    return _zip(Kind.CASE, case, request)


@router.get(
    "/agreements/{agreement_id}/records",
    response=RecordOut,
    summary="Aftalens journalnummer og KLE-nummer",
)
def agreement_record(request: HttpRequest, agreement_id: ObjectId):
    agreement = _agreement(request, agreement_id)
    return _out(record_info(Kind.AGREEMENT, agreement))


@router.put(
    "/agreements/{agreement_id}/records",
    response=RecordOut,
    summary="Ret aftalens journalnummer og KLE-nummer",
)
def agreement_record_update(request: HttpRequest, agreement_id: ObjectId, payload: RecordIn):
    agreement = _agreement(request, agreement_id)
    return _save(Kind.AGREEMENT, agreement, request, payload)


def _agreement(request: HttpRequest, agreement_id: int) -> Any:
    """Write scope of the kommune: the organisation's staff (progress rights) get 403 too."""
    agreement = get_agreement_for_user(request.user, agreement_id, write=True)
    require(
        can_write_meeting(scope_for(request.user), agreement),
        "Kun kommunens sagsbehandlere kan ændre journaloplysningerne.",
    )
    return agreement


# --- construction cases (byggesager, issue 16 with C15) ---------------------------------------


@router.get(
    "/construction/cases/{case_id}/records",
    response=RecordOut,
    summary="Byggesagens journalnummer og KLE-nummer",
)
def construction_record(request: HttpRequest, case_id: ObjectId):
    case = get_construction_case_for_user(request.user, case_id, write=True)
    return _out(record_info(Kind.CONSTRUCTION, case))


@router.put(
    "/construction/cases/{case_id}/records",
    response=RecordOut,
    summary="Ret byggesagens journalnummer og KLE-nummer",
)
def construction_record_update(request: HttpRequest, case_id: ObjectId, payload: RecordIn):
    case = get_construction_case_for_user(request.user, case_id, write=True)
    return _save(Kind.CONSTRUCTION, case, request, payload)


@router.get(
    "/construction/cases/{case_id}/esdh-export",
    response={200: None},
    summary="ESDH-pakke (ZIP) for byggesagen: fakta, milepæle, hændelser og kontrol som PDF/A",
)
def construction_export(request: HttpRequest, case_id: ObjectId):
    case = get_construction_case_for_user(request.user, case_id, write=True)
    return _zip(Kind.CONSTRUCTION, case, request)
