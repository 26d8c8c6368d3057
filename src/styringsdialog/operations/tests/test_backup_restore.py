"""backup → restore loses nothing: SQLite→SQLite, SQLite→PostgreSQL and PostgreSQL→PostgreSQL.

Each installation is a subprocess of the real CLI with its own ``DATABASE_URL`` and
``STYRINGSDIALOG_MEDIA_ROOT``. The source is the small national demo (``demo-data --scale
small``) plus values a careless backup would lose; after a restore every table's rows (all
columns, exact) and every stored file's sha256 are compared with the source. PostgreSQL uses its
own databases ``backup_src`` and ``backup_dst`` (never the shared ``test`` database) and is
skipped with a reason when the server does not answer.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="the round trips use their own databases and run once, in the SQLite pass",
)
PG_SERVER = os.environ.get("STYRINGSDIALOG_BACKUP_TEST_PG", "postgres://postgres@127.0.0.1:5432")
SEARCH_VECTOR = ("publication.publishedreferat", "search_vector")


# --- running installations -------------------------------------------------------------------


class Installation:
    """One installation: a database URL and a media folder, driven through the CLI."""

    def __init__(self, base: Path, name: str, database_url: str) -> None:
        self.name = name
        self.database_url = database_url
        self.media = base / f"{name}-media"
        self.var = base / f"{name}-var"
        self.var.mkdir(parents=True, exist_ok=True)

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("STYRINGSDIALOG_S3_")}
        env.update(
            DATABASE_URL=self.database_url,
            STYRINGSDIALOG_MEDIA_ROOT=str(self.media),
            STYRINGSDIALOG_VAR_DIR=str(self.var),
            DJANGO_SETTINGS_MODULE="styringsdialog.settings",
        )
        return env

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=900,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
            )
        return result

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run("-m", "styringsdialog.cli", *args, check=check)

    def snapshot(self, out: Path) -> dict[str, Any]:
        self.run("-m", "styringsdialog.operations.tests.roundtrip", "snapshot", str(out))
        return json.loads(out.read_text(encoding="utf-8"))


def _without(snapshot: dict[str, Any], model: str, column: str) -> dict[str, Any]:
    """The snapshot's tables with one column left out (derived data that differs per vendor)."""
    tables = json.loads(json.dumps(snapshot["tables"]))
    table = tables[model]
    i = table["columns"].index(column)
    table["columns"].pop(i)
    for row in table["rows"]:
        row.pop(i)
    return tables


def assert_same_tables(source: dict[str, Any], target: dict[str, Any]) -> None:
    assert set(source) == set(target), "the same tables"
    for label in sorted(source):
        assert source[label]["columns"] == target[label]["columns"], label
        assert len(source[label]["rows"]) == len(target[label]["rows"]), f"{label}: row count"
        assert source[label]["rows"] == target[label]["rows"], f"{label}: rows differ"


@pytest.fixture(scope="session")
def ops_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("backup-restore")


@pytest.fixture(scope="session")
def source(ops_dir) -> dict[str, Any]:
    """The small demo with tricky values, its snapshot and its backup archive."""
    src = Installation(ops_dir, "source", f"sqlite:///{ops_dir / 'source.sqlite3'}")
    src.cli("migrate", "-v0")
    src.cli("demo-data", "--scale", "small", "-v0")
    src.run("-m", "styringsdialog.operations.tests.roundtrip", "tricky")
    archive = ops_dir / "source.zip"
    out = src.cli("backup", str(archive))
    assert "Sikkerhedskopi skrevet til" in out.stdout
    return {"installation": src, "archive": archive, "snapshot": src.snapshot(ops_dir / "s.json")}


@pytest.fixture(scope="session")
def empty_sqlite(ops_dir) -> Path:
    """A migrated, empty SQLite database to copy (saves a migrate per test)."""
    path = ops_dir / "empty.sqlite3"
    Installation(ops_dir, "template", f"sqlite:///{path}").cli("migrate", "-v0")
    return path


def fresh_sqlite(ops_dir: Path, empty_sqlite: Path, name: str) -> Installation:
    target = ops_dir / f"{name}.sqlite3"
    shutil.copy(empty_sqlite, target)
    return Installation(ops_dir, name, f"sqlite:///{target}")


@pytest.fixture(scope="session")
def sqlite_restored(ops_dir, source) -> dict[str, Any]:
    """The archive restored into a new SQLite file (restore runs migrate itself)."""
    dst = Installation(ops_dir, "sqlite-dst", f"sqlite:///{ops_dir / 'sqlite-dst.sqlite3'}")
    out = dst.cli("restore", str(source["archive"]))
    return {"installation": dst, "stdout": out.stdout, "snapshot": dst.snapshot(ops_dir / "d.json")}


# --- PostgreSQL ----------------------------------------------------------------------------------


def _pg_available() -> str:
    probe = subprocess.run(
        [sys.executable, "-m", "styringsdialog.web.pgcheck", f"{PG_SERVER}/postgres"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return "" if probe.returncode == 0 else (probe.stderr.strip() or "no answer")


def _new_pg_database(name: str) -> str:
    """Drop and create our own database ``name`` (never the shared ``test`` database)."""
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres".replace("postgres://", "postgresql://")) as conn:
        conn.autocommit = True
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{PG_SERVER}/{name}"


@pytest.fixture(scope="session")
def postgres() -> None:
    reason = _pg_available()
    if reason:
        pytest.skip(f"PostgreSQL at {PG_SERVER} is not reachable: {reason}")


@pytest.fixture(scope="session")
def pg_restored(ops_dir, source, postgres) -> dict[str, Any]:
    """The SQLite archive restored into PostgreSQL database backup_src."""
    dst = Installation(ops_dir, "pg-src", _new_pg_database("backup_src"))
    dst.cli("restore", str(source["archive"]))
    return {"installation": dst, "snapshot": dst.snapshot(ops_dir / "pg-src.json")}


# --- the round trips -----------------------------------------------------------------------------


def test_sqlite_to_sqlite_keeps_every_row_every_file_and_the_search_index(source, sqlite_restored):
    before, after = source["snapshot"], sqlite_restored["snapshot"]
    assert_same_tables(before["tables"], after["tables"])
    assert after["files"] == before["files"] and before["files"], "every file, same sha256"
    assert after["search"] == before["search"] and before["search"], "search index rebuilt"
    assert "søgeindekset er genopbygget" in sqlite_restored["stdout"]


def test_values_a_careless_backup_would_lose_survive(source, sqlite_restored):
    users = sqlite_restored["snapshot"]["tables"]["accounts.user"]
    first = dict(zip(users["columns"], users["rows"][0], strict=True))
    assert first["last_login"] == "dt:2024-02-29T23:59:59.999999+00:00"
    assert first["date_joined"] == "dt:1999-12-31T23:00:00.000001+00:00"
    assert first["first_name"] == "Åse \"Ø\" \\ 'x'\n\ttab 🏠"
    lines = sqlite_restored["snapshot"]["tables"]["registry.accountline"]
    amount = lines["columns"].index("amount")
    assert [r[amount] for r in lines["rows"][:2]] == ["dec:-999999999999.99", "dec:0.01"]


def test_restore_continues_the_ids_after_the_restored_rows(source, sqlite_restored):
    users = source["snapshot"]["tables"]["accounts.user"]["rows"]
    new_pk = _create_user(sqlite_restored["installation"])
    assert new_pk == max(row[0] for row in users) + 1


@pytest.mark.postgres
def test_sqlite_to_postgresql_keeps_every_row_and_file(source, pg_restored):
    before, after = source["snapshot"], pg_restored["snapshot"]
    assert after["vendor"] == "postgresql"
    assert_same_tables(_without(before, *SEARCH_VECTOR), _without(after, *SEARCH_VECTOR))
    assert after["files"] == before["files"]
    referater = after["tables"]["publication.publishedreferat"]
    vector = referater["columns"].index("search_vector")
    assert referater["rows"] and all(row[vector] for row in referater["rows"]), "index rebuilt"


@pytest.mark.postgres
def test_postgresql_to_postgresql_keeps_everything_and_resets_sequences(
    ops_dir, source, pg_restored
):
    archive = ops_dir / "pg.zip"
    pg_restored["installation"].cli("backup", str(archive))
    dst = Installation(ops_dir, "pg-dst", _new_pg_database("backup_dst"))
    dst.cli("restore", str(archive))
    after = dst.snapshot(ops_dir / "pg-dst.json")
    assert_same_tables(pg_restored["snapshot"]["tables"], after["tables"])
    assert after["files"] == source["snapshot"]["files"]
    users = after["tables"]["accounts.user"]["rows"]
    assert _create_user(dst) == max(row[0] for row in users) + 1, "sequence reset"


def _create_user(installation: Installation) -> int:
    code = (
        "import django; django.setup(); "
        "from styringsdialog.accounts.models import User; "
        "print(User.objects.create(username='efter-gendannelse').pk)"
    )
    return int(installation.run("-c", code).stdout.strip())


# --- the manifest ------------------------------------------------------------------------------


def test_the_manifest_has_schema_row_counts_and_checksums(source):
    snapshot = source["snapshot"]
    with zipfile.ZipFile(source["archive"]) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        assert "publication.0003_referat_files_in_storage" in manifest["schema"]["migrations"]
        counts = {t["model"]: t["rows"] for t in manifest["tables"]}
        assert counts == {m: len(t["rows"]) for m, t in snapshot["tables"].items()}
        for table in manifest["tables"]:
            assert hashlib.sha256(zf.read(table["data"])).hexdigest() == table["sha256"]
        files = {f["name"]: f["sha256"] for f in manifest["files"]}
        assert files == snapshot["files"]
        for f in manifest["files"]:
            assert hashlib.sha256(zf.read(f["member"])).hexdigest() == f["sha256"]
    order = [t["model"] for t in manifest["tables"]]
    assert order.index("registry.kommune") < order.index("registry.organisation")
    assert order.index("publication.referatversion") < order.index("publication.referatfile")


# --- refusals: nothing is changed ---------------------------------------------------------------


def test_restore_refuses_a_database_that_is_not_empty(ops_dir, source, sqlite_restored):
    dst = sqlite_restored["installation"]
    before = dst.snapshot(ops_dir / "before-again.json")
    result = dst.cli("restore", str(source["archive"]), check=False)
    assert result.returncode != 0
    assert "Databasen er ikke tom" in result.stderr and "Traceback" not in result.stderr
    assert dst.snapshot(ops_dir / "again.json") == before


def test_restore_refuses_a_file_storage_that_is_not_empty(ops_dir, source, empty_sqlite):
    dst = fresh_sqlite(ops_dir, empty_sqlite, "busy-storage")
    (dst.media / "imports").mkdir(parents=True)
    (dst.media / "imports" / "old.csv").write_bytes(b"a;b\n")
    result = dst.cli("restore", str(source["archive"]), check=False)
    assert result.returncode != 0
    assert "Fillageret er ikke tomt" in result.stderr and "imports/old.csv" in result.stderr
    assert _row_total(dst, ops_dir) == 0
    assert sorted(p.name for p in dst.media.rglob("*") if p.is_file()) == ["old.csv"]


def test_a_damaged_archive_is_refused_before_anything_is_touched(ops_dir, source, empty_sqlite):
    damaged = ops_dir / "damaged.zip"
    member = "data/accounts.user.jsonl"
    _rewrite(source["archive"], damaged, {member: lambda data: data.replace(b"torben", b"torbex")})
    dst = fresh_sqlite(ops_dir, empty_sqlite, "damaged")
    result = dst.cli("restore", str(damaged), check=False)
    assert result.returncode != 0
    assert "beskadiget" in result.stderr and member in result.stderr
    assert _row_total(dst, ops_dir) == 0 and not dst.media.exists()


def test_a_load_that_fails_late_leaves_the_installation_empty(ops_dir, source, empty_sqlite):
    """A duplicated row in one of the last tables: everything before it is rolled back too."""
    broken = ops_dir / "broken.zip"
    member = "data/publication.referatfile.jsonl"

    def duplicate_first_row(data: bytes) -> bytes:
        first = data.split(b"\n", 1)[0]
        return data + first + b"\n"

    _rewrite(source["archive"], broken, {member: duplicate_first_row}, fix_manifest=True)
    dst = fresh_sqlite(ops_dir, empty_sqlite, "broken")
    result = dst.cli("restore", str(broken), check=False)
    assert result.returncode != 0
    assert "afviste indlæsningen" in result.stderr and "intet er gendannet" in result.stderr
    assert "Traceback" not in result.stderr
    assert _row_total(dst, ops_dir) == 0
    assert not [p for p in dst.media.rglob("*") if p.is_file()], "stored files removed again"


def test_an_archive_from_another_schema_version_is_refused(ops_dir, source, empty_sqlite):
    other = ops_dir / "other-schema.zip"

    def future(manifest: dict[str, Any]) -> None:
        manifest["schema"]["migrations"].append("registry.9999_from_the_future")

    _rewrite(source["archive"], other, {}, edit_manifest=future)
    dst = fresh_sqlite(ops_dir, empty_sqlite, "other-schema")
    result = dst.cli("restore", str(other), check=False)
    assert result.returncode != 0
    assert "anden version af databasens skema" in result.stderr
    assert "registry.9999_from_the_future" in result.stderr
    assert _row_total(dst, ops_dir) == 0


def test_backup_will_not_overwrite_an_existing_file(source, ops_dir):
    result = source["installation"].cli("backup", str(source["archive"]), check=False)
    assert result.returncode != 0 and "findes allerede" in result.stderr


def _row_total(installation: Installation, ops_dir: Path) -> int:
    """Rows in the SQLite database's tables, besides the ones migrate fills itself."""
    skip = {
        "django_migrations",
        "django_content_type",
        "auth_permission",
        "sqlite_sequence",
        "registry_chartofaccounts",  # the shipped kontoplan (registry migration 0003)
        "registry_account",
        "construction_maximumrate",  # the confirmed maksimumbeløb rates (construction 0002)
    }
    path = installation.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        tables = [
            name
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if name not in skip and not name.startswith("publication_referat_fts")
        ]
        assert "accounts_user" in tables, "the database is migrated"
        return sum(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables)


def _rewrite(
    source: Path,
    target: Path,
    changes: dict[str, Any],
    *,
    fix_manifest: bool = False,
    edit_manifest: Any = None,
) -> None:
    """Copy an archive, changing members; optionally make the manifest match the changes."""
    with zipfile.ZipFile(source) as zin:
        manifest = json.loads(zin.read("manifest.json"))
        members = {name: zin.read(name) for name in zin.namelist() if name != "manifest.json"}
    for name, change in changes.items():
        members[name] = change(members[name])
        if fix_manifest:
            for table in manifest["tables"]:
                if table["data"] == name:
                    table["sha256"] = hashlib.sha256(members[name]).hexdigest()
                    table["size"] = len(members[name])
                    table["rows"] = members[name].count(b"\n")
    if edit_manifest is not None:
        edit_manifest(manifest)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zout:
        for name, data in members.items():
            zout.writestr(name, data)
        zout.writestr("manifest.json", json.dumps(manifest))


# --- the move of referat files into the storage (publication migration 0003) --------------------


def test_migration_0003_moves_the_referat_files_out_of_the_database_and_back(ops_dir, source):
    """Backwards the files go into the version's columns; forwards out again, byte for byte."""
    src = source["installation"]
    copy = Installation(ops_dir, "migrated", f"sqlite:///{ops_dir / 'migrated.sqlite3'}")
    shutil.copy(ops_dir / "source.sqlite3", ops_dir / "migrated.sqlite3")
    shutil.copytree(src.media, copy.media)
    copy.cli("migrate", "publication", "0002", "-v0")
    with sqlite3.connect(ops_dir / "migrated.sqlite3") as conn:
        blobs = conn.execute(
            "SELECT length(html), length(pdf), length(docx) FROM publication_referatversion"
        ).fetchall()
    assert blobs and all(min(row) > 0 for row in blobs), "the bytes are back in the columns"
    shutil.rmtree(copy.media)  # forwards, the files must come from the database alone
    copy.cli("migrate", "-v0")
    after = copy.snapshot(ops_dir / "migrated.json")
    assert after["files"] == source["snapshot"]["files"]

    def file_rows(snapshot: dict[str, Any]) -> list[list[Any]]:
        return [row[1:] for row in snapshot["tables"]["publication.referatfile"]["rows"]]

    assert file_rows(after) == file_rows(source["snapshot"]) and file_rows(after)
