"""Agenda items and sub-items (add, rename, move, delete) and their attachments.

Same rules as the meeting page (views_agenda): the kommune's caseworkers write (outsiders 404,
readers 403); a meeting whose referat is approved or published refuses changes (422, as the page
refuses them) until it is reopened. Attachments are read by whoever can see the meeting.
"""

# No ``from __future__ import annotations`` here: django-ninja resolves paginated views at runtime.
from datetime import datetime
from typing import Literal

from django.db.models import F
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from styringsdialog.lib.api_types import Note, ObjectId, ObjectIn, Page
from styringsdialog.meetings import services
from styringsdialog.meetings.models import AgendaItem, Attachment
from styringsdialog.meetings.queries import get_agenda_item, get_attachment, get_meeting_for_user
from styringsdialog.meetings.services.agenda import MAX_ATTACHMENT_BYTES

router = Router(tags=["Dagsorden og bilag"])


class AgendaItemOut(Schema):
    id: int
    meeting_id: int
    parent_id: int | None
    position: int
    key: str
    title: str


class ItemIn(ObjectIn):
    title: Note
    parent_id: ObjectId | None = None


class ItemEditIn(ObjectIn):
    title: Note


class MoveIn(ObjectIn):
    direction: Literal["up", "down"]


class AttachmentOut(Schema):
    id: int
    item_id: int
    original_name: str
    content_type: str
    size: int
    sha256: str
    published: bool
    uploaded_at: datetime


@router.post(
    "/meetings/{meeting_id}/items",
    response={201: AgendaItemOut},
    summary="Tilføj et dagsordenspunkt (med parent_id: et underpunkt) før »Eventuelt«",
)
def add_item(request: HttpRequest, meeting_id: ObjectId, payload: ItemIn):
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    parent = get_agenda_item(meeting, payload.parent_id) if payload.parent_id else None
    item = services.add_agenda_item(
        meeting=meeting, title=payload.title, parent=parent, by=request.user
    )
    return Status(201, item)


@router.patch(
    "/meetings/{meeting_id}/items/{item_id}",
    response=AgendaItemOut,
    summary="Ret et dagsordenspunkts overskrift",
)
def edit_item(request: HttpRequest, meeting_id: ObjectId, item_id: ObjectId, payload: ItemEditIn):
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    item = get_agenda_item(meeting, item_id)
    return services.rename_agenda_item(item=item, title=payload.title, by=request.user)


@router.post(
    "/meetings/{meeting_id}/items/{item_id}/move",
    response=AgendaItemOut,
    summary="Flyt et punkt én plads op eller ned blandt punkterne på samme niveau",
)
def move_item(request: HttpRequest, meeting_id: ObjectId, item_id: ObjectId, payload: MoveIn):
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    item = get_agenda_item(meeting, item_id)
    return services.move_agenda_item(item=item, direction=payload.direction, by=request.user)


@router.delete(
    "/meetings/{meeting_id}/items/{item_id}",
    response={204: None},
    summary="Slet et punkt og dets underpunkter (ikke hvis det har aftaler eller bilag)",
)
def delete_item(request: HttpRequest, meeting_id: ObjectId, item_id: ObjectId):
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    item = get_agenda_item(meeting, item_id)
    services.delete_agenda_item(item=item, by=request.user)
    return Status(204, None)


@router.get(
    "/meetings/{meeting_id}/attachments",
    response=list[AttachmentOut],
    summary="Mødets bilag (i dagsordenens rækkefølge)",
)
@paginate(Page)
def list_attachments(request: HttpRequest, meeting_id: ObjectId):
    meeting = get_meeting_for_user(request.user, meeting_id)
    return (
        Attachment.objects.filter(item__meeting=meeting)
        .annotate(top=Coalesce("item__parent__position", "item__position"))
        .order_by("top", F("item__parent_id").asc(nulls_first=True), "item__position", "pk")
    )


@router.post(
    "/meetings/{meeting_id}/items/{item_id}/attachments",
    response={201: AttachmentOut},
    summary=f"Upload et bilag til et punkt (multipart, feltet file; højst "
    f"{MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB)",
)
def upload_attachment(
    request: HttpRequest, meeting_id: ObjectId, item_id: ObjectId, file: File[UploadedFile]
):
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    item: AgendaItem = get_agenda_item(meeting, item_id)
    attachment = services.add_attachment(item=item, upload=file, by=request.user)
    return Status(201, attachment)


@router.get(
    "/meetings/{meeting_id}/attachments/{attachment_id}",
    response={200: None},
    summary="Hent et bilag (filen, som den blev uploadet)",
    openapi_extra={
        "responses": {
            200: {
                "description": "Bilaget med dets oprindelige filnavn og filtype",
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        }
    },
)
def download_attachment(request: HttpRequest, meeting_id: ObjectId, attachment_id: ObjectId):
    meeting = get_meeting_for_user(request.user, meeting_id)
    row = get_attachment(meeting, attachment_id)
    try:
        with row.file.open("rb") as handle:
            data = handle.read()  # bounded by MAX_ATTACHMENT_BYTES at upload
    except FileNotFoundError as exc:
        raise Http404("Filen findes ikke længere.") from exc
    response = HttpResponse(data, content_type=row.content_type or "application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(True, row.original_name)
    return response


@router.delete(
    "/meetings/{meeting_id}/attachments/{attachment_id}",
    response={204: None},
    summary="Slet et bilag (ikke når det er en del af et offentliggjort referat)",
)
def delete_attachment(request: HttpRequest, meeting_id: ObjectId, attachment_id: ObjectId):
    meeting = get_meeting_for_user(request.user, meeting_id, write=True)
    row = get_attachment(meeting, attachment_id)
    services.remove_attachment(attachment=row, by=request.user)
    return Status(204, None)
