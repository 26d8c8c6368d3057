"""Documents (files) in a construction case: the type sniffed from the bytes, the size bounded,
the upload in the case's history; removing one (the removal in the history, the file deleted
after the commit)."""

from __future__ import annotations

import hashlib
import logging
import os
import zipfile
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import Storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename

from styringsdialog.accounts.permissions import (
    can_add_construction_event,
    can_write_construction,
    scope_for,
)
from styringsdialog.construction.models import CaseDocument, ConstructionCase, Event, Milestone
from styringsdialog.construction.services.common import _log, _name, _text

DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpg": "image/jpeg",
}
ALLOWED_DOCUMENTS = "PDF, Word (DOCX), Excel (XLSX), PNG eller JPEG"
logger = logging.getLogger(__name__)

_ZIP_MEMBERS = 10_000  # a DOCX/XLSX has a few dozen parts; more is not an Office file


def max_document_bytes() -> int:
    return int(getattr(settings, "CONSTRUCTION_DOCUMENT_MAX_BYTES", 25 * 1024 * 1024))


def sniff_document(upload: File) -> str:
    """The file's type from its bytes (never from its name or the browser's content type):
    a key of ``DOCUMENT_TYPES``, or ``ValidationError``."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    kind = ""
    if head.startswith(b"%PDF-"):
        kind = "pdf"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "png"
    elif head.startswith(b"\xff\xd8\xff"):
        kind = "jpg"
    elif head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                infos = archive.infolist()
                names = {i.filename for i in infos[:_ZIP_MEMBERS]}
            if len(infos) <= _ZIP_MEMBERS and "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    kind = "docx"
                elif "xl/workbook.xml" in names:
                    kind = "xlsx"
        except (zipfile.BadZipFile, OSError, ValueError):
            kind = ""
        upload.seek(0)
    if not kind:
        raise ValidationError(f"Filtypen er ikke tilladt. Upload {ALLOWED_DOCUMENTS}.")
    return kind


def _sha256(upload: File) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def add_document(
    *,
    case: ConstructionCase,
    upload: File,
    by: Any,
    title: str = "",
    milestone: Milestone | None = None,
    event: Event | None = None,
) -> CaseDocument:
    """Store a file in the case (optionally on one of its milestones or events). The kommune
    and the organisation's staff may add documents; the type is sniffed, the size bounded by
    ``CONSTRUCTION_DOCUMENT_MAX_BYTES``; the upload is written to the case's history."""
    if by is not None and not can_add_construction_event(scope_for(by), case):
        raise PermissionDenied("Du har ikke ret til at tilføje dokumenter til byggesagen.")
    if milestone is not None and milestone.case_id != case.pk:
        raise ValidationError("Milepælen hører ikke til byggesagen.")
    if event is not None and event.case_id != case.pk:
        raise ValidationError("Hændelsen hører ikke til byggesagen.")
    if milestone is not None and event is not None:
        raise ValidationError("Vælg enten en milepæl eller en hændelse, ikke begge.")
    title = _text(title, "Beskrivelsen", 300, required=False)
    size = upload.size or 0
    if size == 0:
        raise ValidationError("Filen er tom.")
    limit = max_document_bytes()
    if size > limit:
        raise ValidationError(f"Filen er for stor (højst {limit // (1024 * 1024)} MB).")
    kind = sniff_document(upload)
    original = _text(os.path.basename(upload.name or "") or "dokument", "Filnavnet", 255)
    stem = get_valid_filename(os.path.splitext(original)[0])[:100] or "dokument"
    document = CaseDocument(
        case=case,
        milestone=milestone,
        event=event,
        title=title,
        original_name=original,
        content_type=DOCUMENT_TYPES[kind],
        size=size,
        sha256=_sha256(upload),
        uploaded_by=by,
        uploaded_by_name=_name(by),
    )
    document.file.save(f"{stem}.{kind}", upload, save=False)
    document.save()
    on = f" ({milestone})" if milestone else f" ({event})" if event else ""
    _log(case, by, f"Dokument tilføjet{on}", new=original)
    ConstructionCase.objects.filter(pk=case.pk).update(updated_at=timezone.now())
    return document


def _remove_stored_file(storage: Storage, name: str) -> None:
    """After the commit: the file of a deleted document, unless another row still uses it."""
    if not name or CaseDocument.objects.filter(file=name).exists():
        return
    try:
        storage.delete(name)
    except OSError:
        # the row is gone and the removal is in the history; a file left behind is only space
        logger.warning("Byggesagsdokumentet %s kunne ikke slettes fra lageret", name, exc_info=True)


@transaction.atomic
def delete_document(*, document: CaseDocument, by: Any) -> None:
    """Remove a document from its case (one uploaded by mistake). Only those who may write the
    case — the kommune's caseworkers (``can_write_construction``); organisation staff add
    documents but do not remove them. The removal is written to the case's history (who and
    when, the file name, sha256 and size), and the stored file is deleted once the transaction
    has committed, so a rollback leaves both the row and the file in place."""
    case = document.case
    if by is not None and not can_write_construction(scope_for(by), case):
        raise PermissionDenied("Kun kommunens sagsbehandlere kan slette dokumenter i byggesagen.")
    on = f" ({document.milestone})" if document.milestone_id else ""
    on = on or (f" ({document.event})" if document.event_id else "")
    _log(
        case,
        by,
        f"Dokument slettet{on}",
        old=f"{document.original_name} (sha256 {document.sha256}, {document.size} bytes)",
    )
    storage, name = document.file.storage, document.file.name or ""
    document.delete()
    transaction.on_commit(lambda: _remove_stored_file(storage, name))
    ConstructionCase.objects.filter(pk=case.pk).update(updated_at=timezone.now())
