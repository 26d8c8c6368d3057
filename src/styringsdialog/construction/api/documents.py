"""Documents (files) in a case: list, upload (the type sniffed from the bytes), download, delete."""

# No ``from __future__ import annotations`` here: django-ninja resolves Query[...] at runtime.
from datetime import datetime
from typing import Annotated

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from styringsdialog.construction import services
from styringsdialog.construction.api.common import _NO_NUL, _detail
from styringsdialog.construction.queries import (
    case_documents,
    get_case_document,
    get_case_event,
    get_case_milestone,
    get_construction_case_for_user,
)
from styringsdialog.lib.api_types import ObjectId, ObjectIn, Page

router = Router(tags=["Byggesager"])


DocumentTitle = Annotated[str, Field(max_length=300, pattern=_NO_NUL)]


class DocumentIn(ObjectIn):
    """The form fields next to the file (multipart)."""

    title: DocumentTitle = ""
    milestone_id: ObjectId | None = None
    event_id: ObjectId | None = None


class DocumentOut(Schema):
    id: int
    original_name: str
    title: str
    content_type: str
    size: int
    sha256: str
    milestone_id: int | None
    event_id: int | None
    uploaded_by: str = Field("", alias="uploaded_by_name")
    uploaded_at: datetime


@router.get(
    "/construction/cases/{case_id}/documents",
    response=list[DocumentOut],
    summary="Byggesagens dokumenter (nyeste først)",
    operation_id="styringsdialog_construction_api_list_documents",
)
@paginate(Page)
def list_documents(request: HttpRequest, case_id: ObjectId):
    return case_documents(_detail(request, case_id))


@router.post(
    "/construction/cases/{case_id}/documents",
    response={201: DocumentOut},
    summary="Upload et dokument (multipart: file, valgfrit title og milestone_id eller event_id; "
    "PDF, DOCX, XLSX, PNG eller JPEG; filtypen bestemmes af indholdet)",
    operation_id="styringsdialog_construction_api_upload_document",
)
def upload_document(
    request: HttpRequest,
    case_id: ObjectId,
    file: File[UploadedFile],
    form: Form[DocumentIn],
):
    case = get_construction_case_for_user(request.user, case_id, event=True)
    document = services.add_document(
        case=case,
        upload=file,
        title=form.title,
        milestone=get_case_milestone(case, form.milestone_id) if form.milestone_id else None,
        event=get_case_event(case, form.event_id) if form.event_id else None,
        by=request.user,
    )
    return Status(201, document)


@router.get(
    "/construction/cases/{case_id}/documents/{document_id}",
    response={200: None},
    summary="Hent et dokument (filen, som den blev uploadet)",
    openapi_extra={
        "responses": {
            200: {
                "description": "Dokumentet med dets oprindelige filnavn og filtype",
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        }
    },
    operation_id="styringsdialog_construction_api_download_document",
)
def download_document(request: HttpRequest, case_id: ObjectId, document_id: ObjectId):
    document = get_case_document(_detail(request, case_id), document_id)
    try:
        with document.file.open("rb") as handle:
            data = handle.read()  # bounded by CONSTRUCTION_DOCUMENT_MAX_BYTES at upload
    except FileNotFoundError as exc:
        raise Http404("Filen findes ikke længere.") from exc
    response = HttpResponse(data, content_type=document.content_type)
    response["Content-Disposition"] = content_disposition_header(True, document.original_name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.delete(
    "/construction/cases/{case_id}/documents/{document_id}",
    response={204: None},
    summary="Slet et dokument (kommunens sagsbehandlere; sletningen står i byggesagens historik)",
    operation_id="styringsdialog_construction_api_delete_document",
)
def delete_document(request: HttpRequest, case_id: ObjectId, document_id: ObjectId):
    case = get_construction_case_for_user(request.user, case_id, write=True)
    document = get_case_document(case, document_id)
    services.delete_document(document=document, by=request.user)
    return Status(204, None)
