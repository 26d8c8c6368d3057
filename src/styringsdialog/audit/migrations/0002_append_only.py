"""The audit log is append-only at the database level (styringsdialog.audit.guard).

UPDATE is always refused; DELETE only of rows older than the cutoff the retention purge set in
its own transaction. PostgreSQL: one trigger function on UPDATE and DELETE. SQLite: two
triggers; the DELETE one asks the function audit_purge_before() that the app registers on its
connections (any other client has none, so its DELETE fails).
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION audit_auditentry_guard() RETURNS trigger AS $$
DECLARE
  cutoff text := current_setting('styringsdialog.audit_purge_before', true);
BEGIN
  IF TG_OP = 'DELETE' AND coalesce(cutoff, '') <> '' AND OLD.at < cutoff::timestamptz THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION USING
    MESSAGE = 'Revisionsloggen kan kun tilføjes til (' || TG_OP || ' afvist).',
    ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditentry_append_only
  BEFORE UPDATE OR DELETE ON audit_auditentry
  FOR EACH ROW EXECUTE FUNCTION audit_auditentry_guard();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS audit_auditentry_append_only ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_auditentry_guard();
"""

SQLITE_FORWARD = [
    """
    CREATE TRIGGER audit_auditentry_no_update BEFORE UPDATE ON audit_auditentry
    BEGIN
      SELECT RAISE(ABORT, 'Revisionsloggen kan kun tilføjes til (UPDATE afvist).');
    END;
    """,
    """
    CREATE TRIGGER audit_auditentry_no_delete BEFORE DELETE ON audit_auditentry
    WHEN audit_purge_before() IS NULL OR OLD.at >= audit_purge_before()
    BEGIN
      SELECT RAISE(ABORT, 'Revisionsloggen kan kun tilføjes til (DELETE afvist).');
    END;
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_auditentry_no_update;",
    "DROP TRIGGER IF EXISTS audit_auditentry_no_delete;",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif vendor == "sqlite":
        for sql in SQLITE_FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif vendor == "sqlite":
        for sql in SQLITE_BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
