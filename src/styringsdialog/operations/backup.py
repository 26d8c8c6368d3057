"""Write a backup archive: the database content, every stored file and a manifest.

The database is read in one transaction (REPEATABLE READ on PostgreSQL, a read snapshot on
SQLite), so the archive is one consistent moment even while the app runs. Files are read through
Django's storage API, so a local ``MEDIA_ROOT`` and an S3 bucket are backed up the same way. The
archive is written next to its target under a temporary name and renamed when complete: a
half-written backup never carries the real name.
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from styringsdialog.lib.storage import iter_files
from styringsdialog.operations.archive import (
    COMPRESSED_EXTENSIONS,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    ArchiveError,
    HashingWriter,
    Progress,
    backed_up_models,
    codec,
    data_member,
    file_member,
    no_progress,
    stored_fields,
    travels_as_is,
)

CHUNK = 2000
COPY_BLOCK = 1 << 20
_encode_line = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


@dataclass
class BackupSummary:
    path: Path
    tables: int
    rows: int
    files: int
    file_bytes: int
    archive_bytes: int
    missing_files: list[str] = field(default_factory=list)


def applied_migrations(alias: str = DEFAULT_DB_ALIAS) -> list[str]:
    """``app.name`` of every migration applied to the database, sorted (the schema version)."""
    recorder = MigrationRecorder(connections[alias])
    if not recorder.has_table():
        return []
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def write_backup(
    path: str | Path, *, overwrite: bool = False, progress: Progress = no_progress
) -> BackupSummary:
    """Write the archive to ``path``; raises ``ArchiveError`` (Danish) when it cannot."""
    target = Path(path)
    if target.exists() and (target.is_dir() or not overwrite):
        raise ArchiveError(
            f"{target} findes allerede. Vælg et andet filnavn (eller brug --overwrite)."
        )
    if not target.parent.is_dir():
        raise ArchiveError(f"Mappen {target.parent} findes ikke.")
    handle, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        summary = _write(tmp, progress)
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    summary.path = target
    summary.archive_bytes = target.stat().st_size
    return summary


def _write(tmp: Path, progress: Progress) -> BackupSummary:
    alias = DEFAULT_DB_ALIAS
    connection = connections[alias]
    tables: list[dict[str, Any]] = []
    files: list[dict[str, Any]] = []
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        with transaction.atomic(using=alias):
            if connection.vendor == "postgresql" and not _inside_transaction(connection):
                with connection.cursor() as cur:
                    cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            migrations = applied_migrations(alias)
            if not migrations:
                raise ArchiveError("Databasen er ikke oprettet (ingen migreringer er kørt).")
            model_list = backed_up_models()
            counts = {m: m._base_manager.using(alias).count() for m in model_list}
            total_rows = sum(counts.values())
            done = 0
            progress("Database", 0, total_rows)
            referenced: set[str] = set()
            for model in model_list:
                entry, done = _dump_model(
                    zf, model, alias, counts[model], done, total_rows, progress
                )
                tables.append(entry)
                referenced |= _file_names(model, alias)
        names = list(iter_files(""))
        sizes = {name: default_storage.size(name) for name in names}
        total_bytes = sum(sizes.values())
        copied = 0
        progress("Filer", 0, total_bytes)
        for name in names:
            entry = _copy_file(zf, name)
            files.append(entry)
            copied += sizes[name]
            progress("Filer", copied, total_bytes)
        missing = sorted(referenced - set(names))
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "source": {
                "vendor": connection.vendor,
                "storage": settings.STORAGES["default"]["BACKEND"],
                "time_zone": settings.TIME_ZONE,
            },
            "schema": {"migrations": migrations},
            "tables": tables,
            "files": files,
            "missing_files": missing,
        }
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=False))
    return BackupSummary(
        path=tmp,
        tables=len(tables),
        rows=sum(t["rows"] for t in tables),
        files=len(files),
        file_bytes=sum(f["size"] for f in files),
        archive_bytes=0,
        missing_files=missing,
    )


def _inside_transaction(connection: Any) -> bool:
    """True when the atomic block just opened is a savepoint in an outer one (e.g. in tests)."""
    return len(connection.atomic_blocks) > 1


def _rows(model: type[models.Model], alias: str) -> Iterator[tuple[Any, ...]]:
    names = [f.attname for f in stored_fields(model)]
    qs = model._base_manager.using(alias).order_by("pk").values_list(*names)
    yield from qs.iterator(chunk_size=CHUNK)


def _dump_model(
    zf: zipfile.ZipFile,
    model: type[models.Model],
    alias: str,
    expected: int,
    done: int,
    total: int,
    progress: Progress,
) -> tuple[dict[str, Any], int]:
    fields = stored_fields(model)
    # Numbers, text and booleans are JSON already; only the other columns are converted.
    special = [(i, codec(f).encode) for i, f in enumerate(fields) if not travels_as_is(f)]
    member = data_member(model)
    rows = 0
    with zf.open(member, "w", force_zip64=True) as raw:
        out = HashingWriter(raw)
        lines: list[str] = []
        for row in _rows(model, alias):
            if special:
                values = list(row)
                for i, encode in special:
                    values[i] = encode(values[i])
                lines.append(_encode_line(values))
            else:
                lines.append(_encode_line(row))
            rows += 1
            if len(lines) >= CHUNK:
                out.write(("\n".join(lines) + "\n").encode("utf-8"))
                lines.clear()
                progress("Database", done + rows, total)
        if lines:
            out.write(("\n".join(lines) + "\n").encode("utf-8"))
    progress("Database", done + rows, total)
    if rows != expected:  # pragma: no cover - the snapshot makes this impossible
        raise ArchiveError(f"{model._meta.db_table} ændrede sig under sikkerhedskopieringen.")
    entry = {
        "model": model._meta.label_lower,
        "table": model._meta.db_table,
        "columns": [f.column for f in fields],
        "rows": rows,
        "data": member,
        "size": out.size,
        "sha256": out.hexdigest,
    }
    return entry, done + rows


def _file_names(model: type[models.Model], alias: str) -> set[str]:
    """Storage names the model's file columns point at."""
    names: set[str] = set()
    for f in model._meta.concrete_fields:
        if isinstance(f, models.FileField):
            qs = model._base_manager.using(alias).exclude(**{f.attname: ""})
            names.update(n for n in qs.values_list(f.attname, flat=True) if n)
    return names


def _copy_file(zf: zipfile.ZipFile, name: str) -> dict[str, Any]:
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    compression = zipfile.ZIP_STORED if ext in COMPRESSED_EXTENSIONS else zipfile.ZIP_DEFLATED
    info = zipfile.ZipInfo(file_member(name), date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = compression
    with default_storage.open(name, "rb") as source, zf.open(info, "w", force_zip64=True) as raw:
        out = HashingWriter(raw)
        while block := source.read(COPY_BLOCK):
            out.write(block)
    return {"name": name, "member": info.filename, "size": out.size, "sha256": out.hexdigest}
