"""Named reads of the audit log: the search the page, the API, the CLI and the akteindsigt
export share. Who may read it is decided above this app (``accounts.permissions``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from styringsdialog.audit.models import AuditEntry, Kind


@dataclass(frozen=True)
class AuditFilter:
    text: str = ""  # in the address, the object or the changed fields
    username: str = ""
    kind: str = ""
    since: date | None = None
    until: date | None = None  # inclusive
    meeting_id: int | None = None
    case_id: int | None = None


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def search_entries(f: AuditFilter) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.all()
    if f.username:
        qs = qs.filter(username=f.username)
    if f.kind:
        if f.kind not in Kind.values:
            return qs.none()
        qs = qs.filter(kind=f.kind)
    if f.since:
        qs = qs.filter(at__gte=_start(f.since))
    if f.until:
        qs = qs.filter(at__lt=_start(f.until + timedelta(days=1)))
    if f.meeting_id is not None:
        qs = qs.filter(meeting_id=f.meeting_id)
    if f.case_id is not None:
        qs = qs.filter(case_id=f.case_id)
    if f.text:
        qs = qs.filter(
            Q(path__icontains=f.text)
            | Q(object_label__icontains=f.text)
            | Q(object_type__icontains=f.text)
            | Q(fields__icontains=f.text)
        )
    return qs.order_by("-at", "-pk")
