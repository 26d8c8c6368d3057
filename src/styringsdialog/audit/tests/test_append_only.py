"""The audit table refuses UPDATE and DELETE at the database level; the purge is the exception."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from styringsdialog.audit.guard import allow_purge
from styringsdialog.audit.models import AuditEntry
from styringsdialog.audit.retention import purge_audit_log
from styringsdialog.audit.services import record

pytestmark = pytest.mark.django_db


def _table_sql(sql: str, params: list | None = None) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params or [])


def test_update_is_refused_by_the_database() -> None:
    entry = record(kind="view", object_label="x")
    with pytest.raises(DatabaseError, match="kun tilføjes"):
        _table_sql("UPDATE audit_auditentry SET username = 'mallory' WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError):
        with transaction.atomic():
            AuditEntry.objects.filter(pk=entry.pk).update(username="mallory")
    entry.refresh_from_db()
    assert entry.username == ""


def test_delete_is_refused_by_the_database() -> None:
    entry = record(kind="view")
    with pytest.raises(DatabaseError, match="kun tilføjes"):
        _table_sql("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError):
        with transaction.atomic():
            AuditEntry.objects.all().delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_purge_deletes_only_entries_older_than_its_cutoff() -> None:
    old = record(kind="view")
    new = record(kind="view")
    # Back-date one entry: an INSERT is allowed, so the test writes an old row directly.
    ancient = AuditEntry(kind="view", at=timezone.now() - timedelta(days=4000))
    ancient.save(force_insert=True)
    cutoff = timezone.now() - timedelta(days=3000)
    assert purge_audit_log(cutoff, True) == 1
    assert purge_audit_log(cutoff, False) == 1
    assert set(AuditEntry.objects.values_list("pk", flat=True)) == {old.pk, new.pk}
    # Inside the purge, a younger row is still refused.
    with pytest.raises(DatabaseError):
        with allow_purge(cutoff):
            AuditEntry.objects.filter(pk=new.pk).delete()
    assert AuditEntry.objects.filter(pk=new.pk).exists()


@pytest.mark.postgres
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs DATABASE_URL=postgres://…",
)
def test_postgresql_trigger_is_installed() -> None:
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgname = 'audit_auditentry_append_only'"
        )
        assert cursor.fetchone()[0] == 1
