"""Published versions are immutable in the database itself, not only in the ORM.

``ReferatVersion.save()`` and its QuerySet refuse changes in Python, but ``QuerySet._update``,
the base manager, ``loaddata`` (which saves with ``raw=True``), ``Model.save_base`` and raw SQL
go past them. These triggers refuse every such write on PostgreSQL and SQLite:

* ``publication_referatversion`` — a published version (its snapshot, text and the sha256 of
  its HTML, PDF and DOCX): every UPDATE and DELETE is refused.
* ``publication_referatfile`` — the version's stored files (which file in the storage, its
  sha256 and size): every UPDATE and DELETE is refused. The bytes in the file storage are
  checked against the version's sha256 each time the public portal serves them.
* ``publication_publishedreferat`` — the stable public address of a referat. DELETE is refused.
  Its identity (meeting, kommune, organisations' primary, slug, meeting date, styringsår, first
  publication) never changes. What legitimately changes when a correction is published is the
  pointer ``current`` and the two columns that follow it, ``title`` and ``updated_at``: they may
  only move together to the *newest* version of the *same* referat, with that version's title
  and publication time. ``search_vector`` (the derived PostgreSQL search index) is free.

A refusal is an ``IntegrityError`` with a Danish message. ``TRUNCATE`` (PostgreSQL's flush) is
not a row operation and is not refused; on SQLite, Django's ``flush`` deletes row by row, so the
project's ``flush`` command (``publication/management/commands/flush.py``) lifts the triggers for
the duration of emptying the whole database and puts them back in the same transaction.

Note for later migrations: SQLite rebuilds a table for most ``AlterField`` operations, which
drops its triggers (and a rename may trip over the trigger that reads the other table). A
migration that alters these tables must drop the triggers first and create them again
(``test_immutability_db.py`` checks that they exist after all migrations).
"""

from __future__ import annotations

from django.db import migrations

VERSION_MESSAGE = (
    "Et offentliggjort referat kan ikke ændres eller slettes. "
    "Offentliggør i stedet en rettelse (en ny version med en ændringsnote)."
)
REFERAT_MESSAGE = (
    "Et offentliggjort referat kan ikke ændres eller slettes. Kun henvisningen til den gældende "
    "version flyttes, når en rettelse offentliggøres: til den nyeste version af samme referat, "
    "med dens titel og tidspunkt."
)

VERSION_TABLE = "publication_referatversion"
FILE_TABLE = "publication_referatfile"
REFERAT_TABLE = "publication_publishedreferat"
# Columns of the referat row that never change once it exists.
FROZEN = (
    "id",
    "meeting_id",
    "kommune_id",
    "organisation_id",
    "slug",
    "meeting_date",
    "styringsaar",
    "first_published_at",
)
# The pointer and what follows it: they change together, to the newest version.
POINTER = ("current_id", "title", "updated_at")

# --- PostgreSQL: one plpgsql function per table, a BEFORE UPDATE OR DELETE row trigger each ----

PG_VERSION_FUNCTION = f"""
CREATE OR REPLACE FUNCTION publication_referatversion_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING
        ERRCODE = 'restrict_violation',
        MESSAGE = '{VERSION_MESSAGE}',
        DETAIL = format('%s af %s id=%s er afvist.', TG_OP, TG_TABLE_NAME, OLD.id);
END;
$$
"""

_pg_frozen_new = ", ".join(f"NEW.{c}" for c in FROZEN)
_pg_frozen_old = ", ".join(f"OLD.{c}" for c in FROZEN)
_pg_pointer_new = ", ".join(f"NEW.{c}" for c in POINTER)
_pg_pointer_old = ", ".join(f"OLD.{c}" for c in POINTER)

PG_REFERAT_FUNCTION = f"""
CREATE OR REPLACE FUNCTION publication_publishedreferat_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    target_referat bigint;
    target_number integer;
    target_title varchar;
    target_published timestamptz;
    newest integer;
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION USING ERRCODE = 'restrict_violation', MESSAGE = '{REFERAT_MESSAGE}',
            DETAIL = format('DELETE af offentliggjort referat id=%s er afvist.', OLD.id);
    END IF;
    IF ({_pg_frozen_new}) IS DISTINCT FROM ({_pg_frozen_old}) THEN
        RAISE EXCEPTION USING ERRCODE = 'restrict_violation', MESSAGE = '{REFERAT_MESSAGE}',
            DETAIL = format('Referatets faste oplysninger (id=%s) kan ikke ændres.', OLD.id);
    END IF;
    IF ({_pg_pointer_new}) IS NOT DISTINCT FROM ({_pg_pointer_old}) THEN
        RETURN NEW;
    END IF;
    IF NEW.current_id IS NULL AND OLD.current_id IS NULL THEN
        RETURN NEW;
    END IF;
    SELECT referat_id, number, title, published_at
        INTO target_referat, target_number, target_title, target_published
        FROM {VERSION_TABLE} WHERE id = NEW.current_id;
    SELECT max(number) INTO newest FROM {VERSION_TABLE} WHERE referat_id = NEW.id;
    IF target_referat IS DISTINCT FROM NEW.id
        OR target_number IS DISTINCT FROM newest
        OR target_title IS DISTINCT FROM NEW.title
        OR target_published IS DISTINCT FROM NEW.updated_at THEN
        RAISE EXCEPTION USING ERRCODE = 'restrict_violation', MESSAGE = '{REFERAT_MESSAGE}',
            DETAIL = format('Referat id=%s kan ikke pege på version id=%s.', OLD.id, NEW.current_id);
    END IF;
    RETURN NEW;
END;
$$
"""

PG_CREATE = [
    PG_VERSION_FUNCTION,
    f"CREATE TRIGGER publication_referatversion_immutable BEFORE UPDATE OR DELETE ON {VERSION_TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION publication_referatversion_immutable()",
    f"CREATE TRIGGER publication_referatfile_immutable BEFORE UPDATE OR DELETE ON {FILE_TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION publication_referatversion_immutable()",
    PG_REFERAT_FUNCTION,
    f"CREATE TRIGGER publication_publishedreferat_guard BEFORE UPDATE OR DELETE ON {REFERAT_TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION publication_publishedreferat_guard()",
]
PG_DROP = [
    f"DROP TRIGGER IF EXISTS publication_publishedreferat_guard ON {REFERAT_TABLE}",
    "DROP FUNCTION IF EXISTS publication_publishedreferat_guard()",
    f"DROP TRIGGER IF EXISTS publication_referatfile_immutable ON {FILE_TABLE}",
    f"DROP TRIGGER IF EXISTS publication_referatversion_immutable ON {VERSION_TABLE}",
    "DROP FUNCTION IF EXISTS publication_referatversion_immutable()",
]

# --- SQLite: RAISE(ABORT, …) in BEFORE triggers (SQLITE_CONSTRAINT_TRIGGER → IntegrityError) ----

_lite_frozen_changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in FROZEN)
_lite_pointer_changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in POINTER)

SQLITE_CREATE = [
    f"CREATE TRIGGER publication_referatversion_no_update BEFORE UPDATE ON {VERSION_TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{VERSION_MESSAGE}'); END",
    f"CREATE TRIGGER publication_referatversion_no_delete BEFORE DELETE ON {VERSION_TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{VERSION_MESSAGE}'); END",
    f"CREATE TRIGGER publication_referatfile_no_update BEFORE UPDATE ON {FILE_TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{VERSION_MESSAGE}'); END",
    f"CREATE TRIGGER publication_referatfile_no_delete BEFORE DELETE ON {FILE_TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{VERSION_MESSAGE}'); END",
    f"CREATE TRIGGER publication_publishedreferat_no_delete BEFORE DELETE ON {REFERAT_TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{REFERAT_MESSAGE}'); END",
    f"CREATE TRIGGER publication_publishedreferat_frozen BEFORE UPDATE ON {REFERAT_TABLE} "
    f"WHEN {_lite_frozen_changed} "
    f"BEGIN SELECT RAISE(ABORT, '{REFERAT_MESSAGE}'); END",
    f"CREATE TRIGGER publication_publishedreferat_pointer BEFORE UPDATE ON {REFERAT_TABLE} "
    f"WHEN ({_lite_pointer_changed}) AND NOT ("
    "(NEW.current_id IS NULL AND OLD.current_id IS NULL) "
    f"OR EXISTS (SELECT 1 FROM {VERSION_TABLE} v WHERE v.id = NEW.current_id "
    "AND v.referat_id = NEW.id AND v.title = NEW.title AND v.published_at = NEW.updated_at "
    f"AND v.number = (SELECT max(w.number) FROM {VERSION_TABLE} w WHERE w.referat_id = NEW.id))) "
    f"BEGIN SELECT RAISE(ABORT, '{REFERAT_MESSAGE}'); END",
]
SQLITE_TRIGGERS = (
    "publication_referatversion_no_update",
    "publication_referatversion_no_delete",
    "publication_referatfile_no_update",
    "publication_referatfile_no_delete",
    "publication_publishedreferat_no_delete",
    "publication_publishedreferat_frozen",
    "publication_publishedreferat_pointer",
)
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]


def create_triggers(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": PG_CREATE, "sqlite": SQLITE_CREATE}.get(vendor, [])
    for sql in statements:
        schema_editor.execute(sql, params=None)


def drop_triggers(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": PG_DROP, "sqlite": SQLITE_DROP}.get(vendor, [])
    for sql in statements:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("publication", "0003_referat_files_in_storage")]

    operations = [migrations.RunPython(create_triggers, drop_triggers, elidable=False)]
