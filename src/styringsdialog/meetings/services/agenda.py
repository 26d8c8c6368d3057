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
from styringsdialog.meetings.history import Subject, record
from styringsdialog.meetings.models import AgendaItem, Attachment, Meeting
from styringsdialog.meetings.services.invitation import agenda_changed
from styringsdialog.meetings.services.meetings import _clean_text, require_editable
from styringsdialog.meetings.text import normalise_paragraphs

MAX_MINUTES_CHARS = 50_000
MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
LAST_ITEM_KEY = "eventuelt"  # new top-level points go in before "Eventuelt"
NO_REMARKS = "Ingen bemærkninger."


class MinutesConflict(ValidationError):
    """Someone else saved the point's minutes after ``version``: nothing was written.

    Carries both texts, so the page and the API can show them side by side and let the writer
    choose (save again with ``version=stored.minutes_version``)."""

    def __init__(self, *, stored: AgendaItem, minutes: str, decision: str) -> None:
        who = stored_by(stored)
        super().__init__(
            "Punktet er blevet gemt af en anden"
            + (f" ({who})" if who else "")
            + ", mens du skrev. Din tekst er ikke gemt. Sammenlign de to tekster, og vælg hvilken "
            "der skal gælde (du kan også rette i din egen og gemme den igen)."
        )
        self.stored, self.minutes, self.decision = stored, minutes, decision


def stored_by(item: AgendaItem) -> str:
    """Who saved the item's minutes last (from the history), for the conflict message."""
    change = item.changes.filter(subject=Subject.MINUTES).order_by("-updated_at", "-pk").first()
    return change.by_name if change else ""


def _label(item: AgendaItem) -> str:
    return item.title


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
    by: Any = None,
) -> AgendaItem:
    """Append an item (or a sub-item under ``parent``) at the end of its level; a new top-level
    item goes in before "Eventuelt" (the template item with key ``eventuelt``) if it is last."""
    require_editable(meeting)
    title = _clean_text(title, "Overskriften", 300)
    if parent is not None:
        if parent.meeting_id != meeting.pk:
            raise ValidationError("Det overordnede punkt hører til et andet møde.")
        if parent.parent_id is not None:
            raise ValidationError("Et underpunkt kan ikke have egne underpunkter.")
    siblings = AgendaItem.objects.filter(meeting=meeting, parent=parent)
    position = (siblings.aggregate(m=Max("position"))["m"] or 0) + 1
    last = None
    if parent is None and key != LAST_ITEM_KEY:
        ordered = list(siblings.select_for_update().order_by("position", "pk"))
        if ordered and ordered[-1].key == LAST_ITEM_KEY:
            last = ordered[-1]
            position = last.position
    item = AgendaItem.objects.create(
        meeting=meeting,
        parent=parent,
        position=position,
        title=title,
        minutes=_clean_minutes(minutes),
        key=key,
    )
    if last is not None:
        last.position = position + 1
        last.save(update_fields=["position", "updated_at"])
    record(meeting=meeting, by=by, subject=Subject.ITEM, action="added", label=title, item=item)
    agenda_changed(meeting=meeting, by=by)  # i10-invite
    return item


@transaction.atomic
def rename_agenda_item(*, item: AgendaItem, title: str, by: Any = None) -> AgendaItem:
    require_editable(item.meeting)
    old, item.title = item.title, _clean_text(title, "Overskriften", 300)
    if old == item.title:
        return item
    item.save(update_fields=["title", "updated_at"])
    record(
        meeting=item.meeting,
        by=by,
        subject=Subject.ITEM,
        action="renamed",
        label=item.title,
        item=item,
        field="title",
        old=old,
        new=item.title,
    )
    agenda_changed(meeting=item.meeting, by=by)  # i10-invite
    return item


@transaction.atomic
def move_agenda_item(*, item: AgendaItem, direction: str, by: Any = None) -> AgendaItem:
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
    record(
        meeting=item.meeting,
        by=by,
        subject=Subject.ITEM,
        action="moved",
        label=item.title,
        item=item,
        field="position",
        old=str(index + 1),
        new=str(target + 1),
    )
    agenda_changed(meeting=item.meeting, by=by)  # i10-invite
    return item


@transaction.atomic
def delete_agenda_item(*, item: AgendaItem, by: Any = None) -> None:
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
    record(
        meeting=item.meeting,
        by=by,
        subject=Subject.ITEM,
        action="deleted",
        label=item.title,
        old="\n\n".join(t for t in (item.minutes, item.decision) if t),
    )
    item.delete()  # sub-items, comments and case links go with it
    _renumber(siblings)
    agenda_changed(meeting=item.meeting, by=by)  # i10-invite


def _clean_minutes(text: str) -> str:
    text = normalise_paragraphs(text or "")
    if len(text) > MAX_MINUTES_CHARS:
        raise ValidationError(
            f"Referatet af et punkt må højst være {format_number(MAX_MINUTES_CHARS)} tegn."
        )
    return text


@transaction.atomic
def write_minutes(
    *,
    item: AgendaItem,
    text: str,
    decision: str | None = None,
    version: int | None = None,
    by: Any = None,
) -> AgendaItem:
    """Replace the minutes of one item: ``text`` is the Drøftelse, ``decision`` the Beslutning
    (None: unchanged). Plain text; a blank line starts a new paragraph.

    Optimistic locking: ``version`` is the ``minutes_version`` the writer started from. If
    someone saved in between, nothing is written and ``MinutesConflict`` (a ValidationError
    with both texts) is raised. ``version=None`` (imports, demo data) skips the check. Each
    real change bumps the version and is kept in the history (autosaves folded, see history).
    """
    meeting = item.meeting
    require_editable(meeting)
    fresh = AgendaItem.objects.select_for_update().get(pk=item.pk)
    minutes = _clean_minutes(text)
    new_decision = fresh.decision if decision is None else _clean_minutes(decision)
    if version is not None and version != fresh.minutes_version:
        if (fresh.minutes, fresh.decision) == (minutes, new_decision):
            _copy_minutes(fresh, item)  # the same text: nothing to choose between
            return item
        raise MinutesConflict(stored=fresh, minutes=minutes, decision=new_decision)
    changed = [
        (name, old, new)
        for name, old, new in (
            ("minutes", fresh.minutes, minutes),
            ("decision", fresh.decision, new_decision),
        )
        if old != new
    ]
    if not changed:
        _copy_minutes(fresh, item)
        return item
    fresh.minutes, fresh.decision = minutes, new_decision
    fresh.minutes_version += 1
    if minutes or new_decision:
        fresh.in_referat = True  # left out while empty; written now, so it belongs in again
    fresh.save(update_fields=["minutes", "decision", "minutes_version", "in_referat", "updated_at"])
    for name, old, new in changed:
        record(
            meeting=meeting,
            by=by,
            subject=Subject.MINUTES,
            action="changed",
            label=fresh.title,
            item=fresh,
            field=name,
            old=old,
            new=new,
            fold=True,
        )
    _copy_minutes(fresh, item)
    return item


def _copy_minutes(source: AgendaItem, target: AgendaItem) -> None:
    target.minutes, target.decision = source.minutes, source.decision
    target.in_referat = source.in_referat
    target.minutes_version, target.updated_at = source.minutes_version, source.updated_at


@transaction.atomic
def settle_empty_items(*, meeting: Meeting, decisions: dict[int, str], by: Any) -> None:
    """Before publishing: for each point without text, ``"omit"`` leaves it out of the referat,
    ``"no_remarks"`` publishes it with the text "Ingen bemærkninger." (allowed while the
    referat is approved, since it is part of publishing it)."""
    items = {i.pk: i for i in meeting.items.select_for_update().filter(pk__in=list(decisions))}
    for pk, choice in decisions.items():
        row = items.get(pk)
        if row is None:
            raise ValidationError("Punktet hører til et andet møde.")
        if choice == "omit":
            row.in_referat = False
            row.save(update_fields=["in_referat", "updated_at"])
        elif choice == "no_remarks":
            row.minutes, row.in_referat = NO_REMARKS, True
            row.minutes_version += 1
            row.save(update_fields=["minutes", "in_referat", "minutes_version", "updated_at"])
        else:
            raise ValidationError(f"Vælg, hvad der skal ske med punktet »{row.title}«.")
        record(
            meeting=meeting,
            by=by,
            subject=Subject.MINUTES,
            action="omitted" if choice == "omit" else "no_remarks",
            label=row.title,
            item=row,
            field="minutes",
            new=row.minutes if choice == "no_remarks" else "",
        )


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
    record(
        meeting=item.meeting,
        by=by,
        subject=Subject.ATTACHMENT,
        action="added",
        label=original,
        item=item,
        new=original,
    )
    agenda_changed(meeting=item.meeting, by=by)  # i10-invite
    return attachment


@transaction.atomic
def remove_attachment(*, attachment: Attachment, by: Any = None) -> None:
    if attachment.published:
        raise ValidationError("Bilaget er en del af et offentliggjort referat og kan ikke slettes.")
    require_editable(attachment.item.meeting)
    storage, name = attachment.file.storage, attachment.file.name
    assert name is not None  # the file column is NOT NULL
    record(
        meeting=attachment.item.meeting,
        by=by,
        subject=Subject.ATTACHMENT,
        action="deleted",
        label=attachment.original_name,
        item=attachment.item,
        old=attachment.original_name,
    )
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))
    agenda_changed(meeting=attachment.item.meeting, by=by)  # i10-invite
