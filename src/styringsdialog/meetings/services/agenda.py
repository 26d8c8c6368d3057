"""Agenda items and sub-items, minutes and attachments."""

from __future__ import annotations

import hashlib
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import Max
from django.utils.text import get_valid_filename

from almen.formatting import format_number
from styringsdialog.meetings.models import AgendaItem, Attachment, Meeting
from styringsdialog.meetings.services.invitation import agenda_changed
from styringsdialog.meetings.services.meetings import _clean_text, require_editable
from styringsdialog.meetings.text import normalise_paragraphs

MAX_MINUTES_CHARS = 50_000
MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024


def _siblings(item: AgendaItem) -> list[AgendaItem]:
    qs = AgendaItem.objects.select_for_update().filter(
        meeting_id=item.meeting_id, parent_id=item.parent_id
    )
    return list(qs.order_by("position", "pk"))


def _renumber(items: list[AgendaItem]) -> None:
    """Dense positions 1..n in list order (only rows whose position changes are written)."""
    for n, sibling in enumerate(items, start=1):
        if sibling.position != n:
            sibling.position = n
            sibling.save(update_fields=["position", "updated_at"])


@transaction.atomic
def add_agenda_item(
    *,
    meeting: Meeting,
    title: str,
    parent: AgendaItem | None = None,
    minutes: str = "",
    key: str = "",
) -> AgendaItem:
    """Append an item (or a sub-item under ``parent``) at the end of its level."""
    require_editable(meeting)
    title = _clean_text(title, "Overskriften", 300)
    if parent is not None:
        if parent.meeting_id != meeting.pk:
            raise ValidationError("Det overordnede punkt hører til et andet møde.")
        if parent.parent_id is not None:
            raise ValidationError("Et underpunkt kan ikke have egne underpunkter.")
    siblings = AgendaItem.objects.filter(meeting=meeting, parent=parent)
    position = (siblings.aggregate(m=Max("position"))["m"] or 0) + 1
    item = AgendaItem.objects.create(
        meeting=meeting,
        parent=parent,
        position=position,
        title=title,
        minutes=_clean_minutes(minutes),
        key=key,
    )
    agenda_changed(meeting=meeting)  # i10-invite
    return item


@transaction.atomic
def rename_agenda_item(*, item: AgendaItem, title: str) -> AgendaItem:
    require_editable(item.meeting)
    item.title = _clean_text(title, "Overskriften", 300)
    item.save(update_fields=["title", "updated_at"])
    agenda_changed(meeting=item.meeting)  # i10-invite
    return item


@transaction.atomic
def move_agenda_item(*, item: AgendaItem, direction: str) -> AgendaItem:
    """Swap the item with its neighbour above (``"up"``) or below (``"down"``)."""
    require_editable(item.meeting)
    if direction not in ("up", "down"):
        raise ValidationError("Retningen skal være op eller ned.")
    siblings = _siblings(item)
    index = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if target < 0:
        raise ValidationError("Punktet er allerede det første.")
    if target >= len(siblings):
        raise ValidationError("Punktet er allerede det sidste.")
    siblings[index], siblings[target] = siblings[target], siblings[index]
    _renumber(siblings)
    item.refresh_from_db()
    agenda_changed(meeting=item.meeting)  # i10-invite
    return item


@transaction.atomic
def delete_agenda_item(*, item: AgendaItem) -> None:
    """Delete an item (and its sub-items) that carries no agreements, cases or attachments."""
    require_editable(item.meeting)
    family = [item.pk, *item.children.values_list("pk", flat=True)]
    if AgendaItem.objects.filter(pk__in=family, agreements__isnull=False).exists():
        raise ValidationError(
            "Punktet har aftaler og kan ikke slettes. Flyt eller slet aftalerne først."
        )
    if Attachment.objects.filter(item_id__in=family).exists():
        raise ValidationError("Punktet har bilag og kan ikke slettes. Slet bilagene først.")
    siblings = [s for s in _siblings(item) if s.pk != item.pk]
    item.delete()  # sub-items, comments and case links go with it
    _renumber(siblings)
    agenda_changed(meeting=item.meeting)  # i10-invite


def _clean_minutes(text: str) -> str:
    text = normalise_paragraphs(text or "")
    if len(text) > MAX_MINUTES_CHARS:
        raise ValidationError(
            f"Referatet af et punkt må højst være {format_number(MAX_MINUTES_CHARS)} tegn."
        )
    return text


@transaction.atomic
def write_minutes(*, item: AgendaItem, text: str) -> AgendaItem:
    """Replace the minutes of one item (plain text; a blank line starts a new paragraph)."""
    require_editable(item.meeting)
    item.minutes = _clean_minutes(text)
    item.save(update_fields=["minutes", "updated_at"])
    return item


def _sha256(upload: File) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def add_attachment(*, item: AgendaItem, upload: File, by: Any) -> Attachment:
    """Store a file on an item with its sha256 and original name."""
    require_editable(item.meeting)
    size = upload.size or 0
    if size == 0:
        raise ValidationError("Filen er tom.")
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            f"Filen er for stor (højst {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB)."
        )
    original = os.path.basename(upload.name or "bilag")[:255]
    attachment = Attachment(
        item=item,
        original_name=original,
        size=size,
        sha256=_sha256(upload),
        uploaded_by=by,
        content_type=(getattr(upload, "content_type", "") or "")[:120],
    )
    attachment.file.save(get_valid_filename(original) or "bilag", upload, save=False)
    attachment.save()
    agenda_changed(meeting=item.meeting, by=by)  # i10-invite
    return attachment


@transaction.atomic
def remove_attachment(*, attachment: Attachment) -> None:
    if attachment.published:
        raise ValidationError("Bilaget er en del af et offentliggjort referat og kan ikke slettes.")
    require_editable(attachment.item.meeting)
    storage, name = attachment.file.storage, attachment.file.name
    assert name is not None  # the file column is NOT NULL
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))
    agenda_changed(meeting=attachment.item.meeting)  # i10-invite
