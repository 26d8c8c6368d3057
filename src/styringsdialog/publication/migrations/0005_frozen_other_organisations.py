"""The other organisations of a published referat are frozen in the database too.

``PublishedReferat.other_organisations`` (the joint meeting's further boligorganisationer) is a
many-to-many field, i.e. rows of its own table ``publication_publishedreferat_other_organisations``,
which the triggers of migration 0004 do not see: ``referat.other_organisations.add/remove/set/
clear`` or raw SQL could change which organisations a published referat belongs to (and so which
dataark and search filters show it). These triggers refuse every INSERT, UPDATE and DELETE of such
a row once the referat has a published version. ``services.publish_referat`` sets the rows right
after creating the referat and before storing its first version, so that path is untouched; a
restore (``operations.restore``) inserts this table before ``publication_referatversion`` (the
tables are loaded in dependency order, ties by label), so it is untouched too.

A refusal is an ``IntegrityError`` with the same Danish message as migration 0004. ``TRUNCATE``
(PostgreSQL's flush) is not refused; on SQLite the project's ``flush`` command lifts these
triggers with the others while it empties the whole database.
"""

from __future__ import annotations

from django.db import migrations

MESSAGE = (
    "Et offentliggjort referat kan ikke ændres eller slettes. "
    "Offentliggør i stedet en rettelse (en ny version med en ændringsnote)."
)
THROUGH_TABLE = "publication_publishedreferat_other_organisations"
VERSION_TABLE = "publication_referatversion"

PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION publication_other_organisations_frozen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF (TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (
            SELECT 1 FROM {VERSION_TABLE} WHERE referat_id = OLD.publishedreferat_id))
        OR (TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (
            SELECT 1 FROM {VERSION_TABLE} WHERE referat_id = NEW.publishedreferat_id)) THEN
        RAISE EXCEPTION USING
            ERRCODE = 'restrict_violation',
            MESSAGE = '{MESSAGE}',
            DETAIL = format('%s af %s er afvist: referatet er offentliggjort.', TG_OP, TG_TABLE_NAME);
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$
"""

PG_CREATE = [
    PG_FUNCTION,
    f"CREATE TRIGGER publication_other_organisations_frozen "
    f"BEFORE INSERT OR UPDATE OR DELETE ON {THROUGH_TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION publication_other_organisations_frozen()",
]
PG_DROP = [
    f"DROP TRIGGER IF EXISTS publication_other_organisations_frozen ON {THROUGH_TABLE}",
    "DROP FUNCTION IF EXISTS publication_other_organisations_frozen()",
]


def _published(row: str) -> str:
    return f"EXISTS (SELECT 1 FROM {VERSION_TABLE} WHERE referat_id = {row}.publishedreferat_id)"


SQLITE_CREATE = [
    f"CREATE TRIGGER publication_other_organisations_no_insert BEFORE INSERT ON {THROUGH_TABLE} "
    f"WHEN {_published('NEW')} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    f"CREATE TRIGGER publication_other_organisations_no_update BEFORE UPDATE ON {THROUGH_TABLE} "
    f"WHEN {_published('OLD')} OR {_published('NEW')} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    f"CREATE TRIGGER publication_other_organisations_no_delete BEFORE DELETE ON {THROUGH_TABLE} "
    f"WHEN {_published('OLD')} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
]
SQLITE_TRIGGERS = (
    "publication_other_organisations_no_insert",
    "publication_other_organisations_no_update",
    "publication_other_organisations_no_delete",
)
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]


def create_triggers(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for sql in {"postgresql": PG_CREATE, "sqlite": SQLITE_CREATE}.get(vendor, []):
        schema_editor.execute(sql, params=None)


def drop_triggers(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for sql in {"postgresql": PG_DROP, "sqlite": SQLITE_DROP}.get(vendor, []):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("publication", "0004_immutable_versions")]

    operations = [migrations.RunPython(create_triggers, drop_triggers, elidable=False)]
