"""Check and load a backup archive into an empty installation: all or nothing.

In order: read the manifest; check every data file and stored file against its sha256 and size;
refuse a database or a file storage that is not empty; migrate an empty database to the schema
of this version and refuse an archive taken at another schema (other migrations); then, in one
transaction, replace the rows Django creates on every migrated database (content types,
permissions) with the archive's own, INSERT every table in dependency order (never an UPDATE:
published versions are immutable in the database), compare the row counts with the manifest,
reset PostgreSQL's sequences and rebuild the search index. The files are stored first and removed
again if the database load fails, so a failed restore leaves the installation as empty as it was.
"""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from tempfile import SpooledTemporaryFile
from typing import IO, Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.migrations.executor import MigrationExecutor

from styringsdialog.lib.storage import iter_files
from styringsdialog.operations.archive import (
    AUTO_FILLED,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    ArchiveError,
    Progress,
    backed_up_models,
    codec,
    derived_fields,
    no_progress,
    sha256_of,
    stored_fields,
    travels_as_is,
)
from styringsdialog.operations.backup import applied_migrations
from styringsdialog.publication.search import rebuild_index

BATCH = 2000
SPOOL = 16 << 20  # a stored file is copied through memory up to this size, then a temporary file
COPY_BLOCK = 1 << 20
SHOW = 5  # how many offending tables or files a message names


@dataclass
class RestoreSummary:
    tables: int
    rows: int
    files: int
    file_bytes: int
    referater_indexed: int
    vendor: str
    created_at: str


def restore_backup(
    path: str | Path, *, migrate: bool = True, progress: Progress = no_progress
) -> RestoreSummary:
    """Restore the archive at ``path``; raises ``ArchiveError`` (Danish) and changes nothing."""
    alias = DEFAULT_DB_ALIAS
    try:
        zf = zipfile.ZipFile(path)
    except FileNotFoundError as exc:
        raise ArchiveError(f"Sikkerhedskopien {path} findes ikke.") from exc
    except (zipfile.BadZipFile, OSError) as exc:
        raise ArchiveError(f"{path} er ikke en sikkerhedskopi fra Styringsdialog.") from exc
    with zf:
        manifest = read_manifest(zf)
        verify_archive(zf, manifest, progress)
        require_empty_database(alias)
        require_empty_storage()
        if migrate:
            _migrate(alias)
        require_same_schema(manifest, alias)
        require_empty_database(alias)
        stored = _store_files(zf, manifest, progress)
        try:
            rows, indexed = _load(zf, manifest, alias, progress)
        except BaseException:
            for name in stored:
                default_storage.delete(name)
            raise
    ContentType.objects.clear_cache()
    return RestoreSummary(
        tables=len(manifest["tables"]),
        rows=rows,
        files=len(stored),
        file_bytes=sum(f["size"] for f in manifest["files"]),
        referater_indexed=indexed,
        vendor=connections[alias].vendor,
        created_at=str(manifest.get("created_at", "")),
    )


# --- Checks ------------------------------------------------------------------------------------


def read_manifest(zf: zipfile.ZipFile) -> dict[str, Any]:
    """The archive's manifest, checked for shape; ``ArchiveError`` when it is not one of ours."""
    try:
        manifest = json.loads(zf.read(MANIFEST))
    except KeyError as exc:
        raise ArchiveError(
            "Filen er ikke en sikkerhedskopi fra Styringsdialog (manifest.json mangler)."
        ) from exc
    except (ValueError, zipfile.BadZipFile) as exc:
        raise ArchiveError("Sikkerhedskopiens manifest.json kan ikke læses.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError("Filen er ikke en sikkerhedskopi fra Styringsdialog.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ArchiveError(
            f"Sikkerhedskopien har formatversion {manifest.get('format_version')!r}; denne "
            f"version af Styringsdialog læser formatversion {FORMAT_VERSION}."
        )
    try:
        tables, files = manifest["tables"], manifest["files"]
        migrations = manifest["schema"]["migrations"]
        for t in tables:
            _ = (t["model"], t["table"], t["columns"], t["rows"], t["data"], t["sha256"])
            _ = t["size"]
        for f in files:
            _ = (f["name"], f["member"], f["size"], f["sha256"])
        if not isinstance(migrations, list):
            raise TypeError
    except (KeyError, TypeError) as exc:
        raise ArchiveError("Sikkerhedskopiens manifest.json er ufuldstændigt.") from exc
    return manifest


def verify_archive(zf: zipfile.ZipFile, manifest: dict[str, Any], progress: Progress) -> None:
    """Every data file and stored file is there, with the size and sha256 of the manifest."""
    members = [(t["data"], t["size"], t["sha256"]) for t in manifest["tables"]]
    members += [(f["member"], f["size"], f["sha256"]) for f in manifest["files"]]
    total = sum(int(size) for _, size, _ in members)
    done = 0
    bad: list[str] = []
    progress("Kontrollerer", 0, total)
    for member, size, sha in members:
        try:
            with zf.open(member) as handle:
                actual_sha, actual_size = sha256_of(handle)
        except KeyError:
            bad.append(f"{member} mangler")
            continue
        except (zipfile.BadZipFile, OSError, EOFError):
            bad.append(f"{member} kan ikke læses")
            continue
        if (actual_sha, actual_size) != (sha, size):
            bad.append(f"{member} har en forkert kontrolsum")
        done += int(size)
        progress("Kontrollerer", done, total)
    if bad:
        raise ArchiveError(
            "Sikkerhedskopien er beskadiget, og intet er gendannet: "
            + "; ".join(bad[:SHOW])
            + (f" (og {len(bad) - SHOW} til)" if len(bad) > SHOW else "")
            + "."
        )


def require_empty_database(alias: str) -> None:
    """Refuse a database with rows in any table (besides what ``migrate`` itself creates)."""
    connection = connections[alias]
    existing = set(connection.introspection.table_names())
    filled = []
    for model in backed_up_models():
        if model._meta.label_lower in AUTO_FILLED or model._meta.db_table not in existing:
            continue
        n = model._base_manager.using(alias).count()
        if n:
            filled.append(f"{model._meta.db_table} ({n})")
    if filled:
        raise ArchiveError(
            "Databasen er ikke tom, så sikkerhedskopien gendannes ikke (intet er ændret). "
            "Gendan kun i en ny, tom database. Tabeller med rækker: "
            + ", ".join(filled[:SHOW])
            + (f" og {len(filled) - SHOW} til" if len(filled) > SHOW else "")
            + "."
        )


def require_empty_storage() -> None:
    names = list(islice(iter_files(""), SHOW + 1))
    if names:
        raise ArchiveError(
            "Fillageret er ikke tomt, så sikkerhedskopien gendannes ikke (intet er ændret). "
            "Gendan kun til et tomt fillager (MEDIA_ROOT eller S3-bucket). Fx: "
            + ", ".join(names[:SHOW])
            + "."
        )


def _migrate(alias: str) -> None:
    executor = MigrationExecutor(connections[alias])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", database=alias, interactive=False, verbosity=0)


def require_same_schema(manifest: dict[str, Any], alias: str) -> None:
    """The archive was taken at this database schema: the same migrations, tables and columns."""
    theirs = set(manifest["schema"]["migrations"])
    ours = set(applied_migrations(alias))
    if theirs != ours:
        newer = sorted(theirs - ours)
        older = sorted(ours - theirs)
        detail = []
        if newer:
            detail.append("kun i sikkerhedskopien: " + ", ".join(newer[:SHOW]))
        if older:
            detail.append("kun i denne installation: " + ", ".join(older[:SHOW]))
        raise ArchiveError(
            "Sikkerhedskopien er taget med en anden version af databasens skema end denne "
            "installations, så den gendannes ikke (intet er indlæst). Gendan med samme version "
            "af Styringsdialog, og opdatér derefter med 'styringsdialog migrate'. Migreringer "
            + "; ".join(detail)
            + "."
        )
    ours_tables = {m._meta.label_lower: m for m in backed_up_models()}
    theirs_tables = {t["model"]: t for t in manifest["tables"]}
    if set(ours_tables) != set(theirs_tables):
        missing = sorted(set(ours_tables) ^ set(theirs_tables))
        raise ArchiveError(
            "Sikkerhedskopiens tabeller passer ikke til denne installation (forskel: "
            + ", ".join(missing[:SHOW])
            + "). Intet er indlæst."
        )
    for label, model in ours_tables.items():
        if [f.column for f in stored_fields(model)] != theirs_tables[label]["columns"]:
            raise ArchiveError(
                f"Kolonnerne i {model._meta.db_table} passer ikke til sikkerhedskopien. "
                "Intet er indlæst."
            )


# --- Loading ------------------------------------------------------------------------------------


def _store_files(zf: zipfile.ZipFile, manifest: dict[str, Any], progress: Progress) -> list[str]:
    """Every archived file into the (empty) storage under its own name."""
    files = manifest["files"]
    total = sum(int(f["size"]) for f in files)
    done = 0
    stored: list[str] = []
    progress("Filer", 0, total)
    try:
        for entry in files:
            name = entry["name"]
            with zf.open(entry["member"]) as handle, SpooledTemporaryFile(SPOOL) as spool:
                shutil.copyfileobj(handle, spool, COPY_BLOCK)
                spool.seek(0)
                saved = default_storage.save(name, File(spool, name=name))
            stored.append(saved)
            if saved != name:
                raise ArchiveError(f"Filen {name} kunne ikke gemmes under sit eget navn.")
            done += int(entry["size"])
            progress("Filer", done, total)
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
    return stored


def _lines(handle: IO[bytes]) -> Iterator[list[Any]]:
    for line in io.TextIOWrapper(handle, encoding="utf-8"):
        if line.strip():
            yield json.loads(line)


def _load(
    zf: zipfile.ZipFile, manifest: dict[str, Any], alias: str, progress: Progress
) -> tuple[int, int]:
    connection = connections[alias]
    by_label = {m._meta.label_lower: m for m in backed_up_models()}
    total = sum(int(t["rows"]) for t in manifest["tables"])
    done = 0
    progress("Database", 0, total)
    try:
        with transaction.atomic(using=alias):
            with connection.cursor() as cur:
                for label in reversed(
                    AUTO_FILLED
                ):  # children first (permissions before content types)
                    cur.execute(f"DELETE FROM {connection.ops.quote_name(_table(by_label, label))}")
            for entry in manifest["tables"]:
                model = by_label[entry["model"]]
                with zf.open(entry["data"]) as handle:
                    n = _insert(model, _lines(handle), alias)
                if n != entry["rows"]:
                    raise ArchiveError(
                        f"{entry['table']}: {n} rækker i datafilen, {entry['rows']} i manifestet."
                    )
                actual = model._base_manager.using(alias).count()
                if actual != entry["rows"]:
                    raise ArchiveError(
                        f"{entry['table']}: {actual} rækker efter indlæsning, "
                        f"{entry['rows']} i sikkerhedskopien."
                    )
                done += n
                progress("Database", done, total)
            _reset_sequences(alias, list(by_label.values()))
            connection.check_constraints()
            progress("Søgeindeks", 0, 1)
            indexed = rebuild_index()
            progress("Søgeindeks", 1, 1)
    except DatabaseError as exc:
        raise ArchiveError(
            f"Databasen afviste indlæsningen, og intet er gendannet: {str(exc).strip()}"
        ) from exc
    except (ValueError, TypeError, KeyError, UnicodeDecodeError) as exc:
        raise ArchiveError(
            f"Sikkerhedskopiens data kan ikke læses, og intet er gendannet: {exc}"
        ) from exc
    return total, indexed


def _table(by_label: dict[str, type[models.Model]], label: str) -> str:
    return by_label[label]._meta.db_table


def _insert(model: type[models.Model], rows: Iterator[list[Any]], alias: str) -> int:
    """INSERT the rows (PostgreSQL: one COPY, which is many times faster); returns how many."""
    connection = connections[alias]
    fields = stored_fields(model)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [str(f.column) for f in fields]
    prepared = _prepared_rows(model, fields, rows, connection)
    count = 0
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            # Derived columns are left out: they stay NULL until the index is rebuilt.
            copy_sql = f"COPY {table} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
            with cur.cursor.copy(copy_sql) as copy:
                for params in prepared:
                    copy.write_row(params)
                    count += 1
            return count
        derived = [str(f.column) for f in derived_fields(model)]
        sql = "INSERT INTO {} ({}) VALUES ({})".format(
            table,
            ", ".join(quote(c) for c in [*columns, *derived]),
            ", ".join(["%s"] * len(columns) + ["NULL"] * len(derived)),
        )
        while chunk := list(islice(prepared, BATCH)):
            cur.executemany(sql, chunk)
            count += len(chunk)
    return count


def _prepared_rows(
    model: type[models.Model],
    fields: list[models.Field],
    rows: Iterator[list[Any]],
    connection: Any,
) -> Iterator[list[Any]]:
    """Each archived row as the database driver takes it (decoded, then Django's own prep)."""
    special = [
        (i, codec(f).decode, f.get_db_prep_save)
        for i, f in enumerate(fields)
        if not travels_as_is(f)
    ]
    width = len(fields)
    for row in rows:
        if not isinstance(row, list) or len(row) != width:
            raise ArchiveError(f"{model._meta.db_table}: en række har forkert antal felter.")
        for i, decode, prep in special:
            if row[i] is not None:
                row[i] = prep(decode(row[i]), connection)
        yield row


def _reset_sequences(alias: str, model_list: list[type[models.Model]]) -> None:
    """PostgreSQL: every id sequence continues after the highest restored id."""
    connection = connections[alias]
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    if statements:
        with connection.cursor() as cur:
            for sql in statements:
                cur.execute(sql)
