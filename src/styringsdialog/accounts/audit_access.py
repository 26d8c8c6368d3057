"""The audit log's entry point for the page, the API and the CLI: one rule (administrators
only, ``permissions.can_read_audit_log``) and the filter built from untrusted input."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

from styringsdialog.accounts.permissions import can_read_audit_log, require, scope_for
from styringsdialog.audit.models import Kind
from styringsdialog.audit.queries import AuditFilter

DENIED = "Kun administratorer kan se revisionsloggen."


def require_audit_reader(user: Any) -> None:
    require(can_read_audit_log(scope_for(user)), DENIED)


def _date(raw: Any, label: str) -> date | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError as exc:
        raise ValidationError(f"{label} skal være en dato på formen ÅÅÅÅ-MM-DD.") from exc


def _id(raw: Any, label: str) -> int | None:
    if raw in (None, ""):
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"{label} skal være et helt tal.") from exc
    if not 1 <= value <= 2**62:
        raise ValidationError(f"{label} skal være et positivt id.")
    return value


def build_filter(
    *,
    text: Any = "",
    username: Any = "",
    kind: Any = "",
    since: Any = None,
    until: Any = None,
    meeting: Any = None,
    case: Any = None,
) -> AuditFilter:
    kind = str(kind or "")
    if kind and kind not in Kind.values:
        raise ValidationError(f"Ukendt handling {kind!r}: brug {', '.join(Kind.values)}.")
    return AuditFilter(
        text=str(text or "")[:200],
        username=str(username or "")[:150],
        kind=kind,
        since=_date(since, "Fra-dato"),
        until=_date(until, "Til-dato"),
        meeting_id=_id(meeting, "Møde-id"),
        case_id=_id(case, "Sags-id"),
    )
