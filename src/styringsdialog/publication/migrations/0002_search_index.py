"""Full-text search structures, per database.

PostgreSQL: a GIN index on the stored Danish tsvector (``PublishedReferat.search_vector``), kept
in the table row (STORAGE MAIN: compressed, not moved out to TOAST). Ranking reads every matching
vector, and fetching 10,000 vectors from TOAST made a broad search four times slower.
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
            "ALTER TABLE publication_publishedreferat ALTER COLUMN search_vector SET STORAGE MAIN"
        )
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
        schema_editor.execute(
            "ALTER TABLE publication_publishedreferat ALTER COLUMN search_vector SET STORAGE EXTENDED"
        )
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("publication", "0001_initial")]

    operations = [migrations.RunPython(create_search, drop_search, elidable=False)]
