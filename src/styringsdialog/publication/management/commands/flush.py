"""styringsdialog flush: Django's ``flush`` (empty every table), which also works on SQLite.

The database refuses to change or delete published referater (triggers from migration
``publication/0003_immutable_versions``). On PostgreSQL ``flush`` is one ``TRUNCATE``, which row
triggers do not see. On SQLite it is ``DELETE FROM`` each table, which they refuse — so here, and
only while the *whole* database is emptied, the triggers on the publication tables are dropped
and then created again from their stored SQL, in the same transaction (if anything fails, nothing
is deleted and the triggers stay). The SQLite search index (an FTS5 table Django does not know
of) is emptied too, so no old referat can be found under a reused id. The test runner's
``TransactionTestCase`` calls this command by name between tests.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush
from django.db import connections, transaction

TABLES = (
    "publication_referatversion",
    "publication_referatfile",
    "publication_publishedreferat",
    "publication_publishedreferat_other_organisations",
)
REFERAT_TABLE = "publication_publishedreferat"
FTS_TABLE = "publication_referat_fts"


class Command(flush.Command):
    help = (
        "Tøm hele databasen (alle tabeller), også offentliggjorte referater og søgeindekset. "
        "Kan ikke fortrydes."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            super().handle(*args, **options)
            return
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cur:
                marks = ", ".join(["%s"] * len(TABLES))
                cur.execute(
                    "SELECT name, sql FROM sqlite_master "
                    f"WHERE type = 'trigger' AND tbl_name IN ({marks}) ORDER BY name",
                    list(TABLES),
                )
                triggers = cur.fetchall()
                for name, _ in triggers:
                    cur.execute(f'DROP TRIGGER "{name}"')
            super().handle(*args, **options)
            with connection.cursor() as cur:
                for _, sql in triggers:
                    cur.execute(sql)
                cur.execute(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = %s",
                    [FTS_TABLE],
                )
                has_index = cur.fetchone()[0] == 1
                if has_index and not _published_rows(cur):
                    cur.execute(f"DELETE FROM {FTS_TABLE}")


def _published_rows(cur: Any) -> bool:
    """False once the referat table is empty (or missing): then the search index must be too."""
    cur.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = %s", [REFERAT_TABLE]
    )
    if cur.fetchone()[0] == 0:
        return False
    cur.execute(f"SELECT EXISTS (SELECT 1 FROM {REFERAT_TABLE})")
    return bool(cur.fetchone()[0])
