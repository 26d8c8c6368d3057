"""The database refuses to change or delete audit entries; the retention purge is the one
controlled exception (docs/reference/audit.md, "Kun tilføjelse").

Triggers (migration 0002) refuse every UPDATE of ``audit_auditentry`` and every DELETE unless
the deleting transaction has said, through ``allow_purge(before)``, that it deletes entries older
than ``before`` — and then only those:

* PostgreSQL: ``allow_purge`` sets the transaction-local setting
  ``styringsdialog.audit_purge_before``; the trigger function compares each row's ``at`` with it.
* SQLite: the trigger calls the SQL function ``audit_purge_before()``, which this module registers
  on each of the app's connections; it answers the cutoff while ``allow_purge`` is active and NULL
  otherwise. Any other SQLite client (the ``sqlite3`` shell) has no such function, so its DELETE
  fails too.

A database superuser can still drop the triggers: the guard protects the log from the
application's own mistakes and from edits through it, not from the database's owner.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from django.db import connection, transaction

_purge_before: str | None = None


def _sqlite_text(moment: datetime) -> str:
    """``moment`` as Django stores a datetime in SQLite (UTC, ``YYYY-MM-DD HH:MM:SS[.ffffff]``)."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")


def _purge_before_sqlite() -> str | None:
    return _purge_before


def install_sqlite_function(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created``: give each SQLite connection the trigger's function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "audit_purge_before", 0, _purge_before_sqlite, deterministic=False
        )


@contextmanager
def allow_purge(before: datetime) -> Iterator[None]:
    """Inside one transaction: DELETE of entries with ``at < before`` is allowed; nothing else."""
    global _purge_before
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('styringsdialog.audit_purge_before', %s, true)",
                    [before.astimezone(UTC).isoformat()],
                )
        previous, _purge_before = _purge_before, _sqlite_text(before)
        try:
            yield
        finally:
            _purge_before = previous
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT set_config('styringsdialog.audit_purge_before', '', true)"
                    )


@contextmanager
def allow_flush() -> Iterator[None]:
    """For tests that empty the whole database between tests (``transactional_db``, the live
    server): Django's flush deletes every row on SQLite (on PostgreSQL it truncates, which no
    row trigger sees)."""
    global _purge_before
    previous, _purge_before = _purge_before, "9999-12-31"
    try:
        yield
    finally:
        _purge_before = previous
