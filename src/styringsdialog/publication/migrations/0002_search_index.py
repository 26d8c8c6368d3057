"""Full-text search structures, per database.

PostgreSQL: a GIN index on the stored Danish tsvector (``PublishedReferat.search_vector``).
SQLite: an FTS5 virtual table ``publication_referat_fts`` (rowid = PublishedReferat.id).
Each is created only on its own database; the other vendor skips the step.
"""

from __future__ import annotations

from django.db import migrations

PG_INDEX = "publication_referat_search_gin"
FTS_TABLE = "publication_referat_fts"


def create_search(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON publication_publishedreferat USING gin (search_vector)"
        )
    elif vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} "
            "USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 0')"
        )


def drop_search(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("publication", "0001_initial")]

    operations = [migrations.RunPython(create_search, drop_search, elidable=False)]
