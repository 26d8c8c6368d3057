"""Writes to the audit log: one INSERT per entry, nothing else (the table is append-only)."""

from __future__ import annotations

from typing import Any

from styringsdialog.audit.models import AuditEntry, Kind
from styringsdialog.lib.client_ip import client_ip


def record(
    *,
    kind: str,
    user: Any = None,
    request: Any = None,
    status: int | None = None,
    object_type: str = "",
    object_id: Any = "",
    object_label: str = "",
    fields: list[str] | tuple[str, ...] = (),
    meeting_id: int | None = None,
    case_id: int | None = None,
) -> AuditEntry:
    """Add one entry. ``user`` is the actor (None: nobody known); ``request`` gives address,
    method and path when the entry comes from a request."""
    if kind not in Kind.values:
        raise ValueError(f"Ukendt handling i revisionsloggen: {kind!r}")
    entry = AuditEntry(
        kind=kind,
        user_id=getattr(user, "pk", None),
        username=(getattr(user, "username", "") or "")[:150],
        status=status,
        object_type=object_type[:100],
        object_id=str(object_id)[:64],
        object_label=(object_label or "")[:300],
        fields=",".join(fields)[:500],
        meeting_id=meeting_id,
        case_id=case_id,
    )
    if request is not None:
        entry.ip = client_ip(request)
        entry.method = (request.method or "")[:8]
        entry.path = request.get_full_path()[:500]
    entry.save(force_insert=True)
    return entry
