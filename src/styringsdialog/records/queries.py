"""Lookups of journal facts. The caller has already looked up the record itself with its own
scoped query (``meetings.queries.get_meeting_for_user`` …), so these only read."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from styringsdialog.records.models import KleDefault, RecordInfo


def default_kle(kommune_id: int, kind: str) -> str:
    row = KleDefault.objects.filter(kommune_id=kommune_id, kind=kind).first()
    return row.kle if row else ""


def kle_defaults(kommune: Any) -> dict[str, KleDefault]:
    return {d.kind: d for d in KleDefault.objects.filter(kommune=kommune)}


def record_info(kind: str, obj: Any) -> RecordInfo:
    """The record's facts; an unsaved one with the kommune's default KLE if none is stored."""
    row = RecordInfo.objects.filter(kind=kind, object_id=obj.pk).first()
    if row is None:
        row = RecordInfo(
            kind=kind,
            object_id=obj.pk,
            kommune_id=obj.kommune_id,
            kle=default_kle(obj.kommune_id, kind),
        )
    return row


def party_names(kind: str, object_ids: Iterable[int]) -> list[str]:
    names: list[str] = []
    for row in RecordInfo.objects.filter(kind=kind, object_id__in=list(object_ids)):
        names.extend(row.party_names)
    return names
