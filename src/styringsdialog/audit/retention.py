"""The audit log's retention rule: entries older than ``AUDIT_RETENTION_DAYS`` are deleted,
through the one exception the database allows (``guard.allow_purge``)."""

from __future__ import annotations

from datetime import datetime

from styringsdialog.audit.guard import allow_purge
from styringsdialog.audit.models import AuditEntry
from styringsdialog.lib.retention import register_retention_rule


def purge_audit_log(cutoff: datetime, dry_run: bool) -> int:
    old = AuditEntry.objects.filter(at__lt=cutoff)
    if dry_run:
        return old.count()
    with allow_purge(cutoff):
        deleted, _ = old.delete()
    return deleted


def register() -> None:
    register_retention_rule(
        name="revisionslog",
        description="poster i revisionsloggen slettet",
        setting="AUDIT_RETENTION_DAYS",
        apply=purge_audit_log,
    )
