"""The backup archive: what is in it and how every column value is written and read back.

One ZIP file::

    manifest.json                       format, schema (migrations applied), tables, files
    data/<app_label>.<model>.jsonl      one JSON array per row, the columns in manifest order
    files/<storage name>                every stored file, byte for byte

The tables are the concrete models of every installed app (Django's own included, the
auto-created many-to-many tables too) in dependency order: a table comes after the tables its
foreign keys point at, except where a cycle must be broken at a nullable key (a referat points at
its current version). Values are written so that nothing is lost between SQLite and PostgreSQL:
datetimes as ISO 8601 with microseconds and offset, Decimals as strings (every digit kept), binary
as base64, durations as microseconds, JSON as JSON. ``dumpdata`` is not used: it cuts datetimes
to milliseconds.

Derived data is not stored: the search vector of published referater (and SQLite's FTS5 table,
which is no model) is rebuilt by ``restore``.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import IO, Any

from django.apps import apps
from django.contrib.postgres.search import SearchVectorField
from django.db import models

FORMAT = "styringsdialog-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA_DIR = "data/"
FILES_DIR = "files/"
# Filled by Django's post_migrate signal on every migrated database; restore replaces these rows
# with the archive's own (same ids), so references to them (permissions, admin log) still hold.
# Tables a plain ``migrate`` fills (Django's content types and permissions; the shipped kontoplan,
# registry migration 0003), in dependency order: restore replaces their rows with the archive's.
AUTO_FILLED = (
    "contenttypes.contenttype",
    "auth.permission",
    "registry.chartofaccounts",
    "registry.account",
    "construction.maximumrate",  # migration construction.0002 seeds the confirmed rates
)
# Columns whose value is computed from other data; restore rebuilds them.
DERIVED_FIELD_TYPES: tuple[type[models.Field], ...] = (SearchVectorField,)
# Already compressed: stored in the ZIP as they are.
COMPRESSED_EXTENSIONS = frozenset(
    {"pdf", "docx", "xlsx", "pptx", "zip", "gz", "png", "jpg", "jpeg", "gif", "webp"}
)

Progress = Callable[[str, int, int], None]
# the unit of each stage's count, for the progress bars of ``backup`` and ``restore``
ARCHIVE_UNITS = {"Database": "rækker", "Filer": "bytes", "Kontrollerer": "bytes"}


def no_progress(stage: str, done: int, total: int) -> None:
    """The default progress callback: says nothing."""


class ArchiveError(Exception):
    """A problem with a backup or a restore, with a Danish message for the user."""


# --- Which tables, in which order --------------------------------------------------------------


def backed_up_models() -> list[type[models.Model]]:
    """Every concrete, managed model of the installed apps, in dependency order."""
    found = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and not m._meta.swapped
    ]
    return dependency_order(found)


def dependency_order(found: Iterable[type[models.Model]]) -> list[type[models.Model]]:
    """Models sorted so each comes after the models its foreign keys point at.

    Ties are broken by label, so the order is the same on every machine. A cycle is broken at
    a nullable foreign key (the database checks foreign keys at commit, so the load still works).
    """
    by_label = {m._meta.label_lower: m for m in found}
    hard: dict[str, set[str]] = {label: set() for label in by_label}
    soft: dict[str, set[str]] = {label: set() for label in by_label}
    for label, model in by_label.items():
        for field in model._meta.concrete_fields:
            if not field.is_relation or field.related_model is None:
                continue
            related: Any = field.related_model
            target = related._meta.concrete_model._meta.label_lower
            if target == label or target not in by_label:
                continue
            (soft if field.null else hard)[label].add(target)
    order: list[str] = []
    done: set[str] = set()
    remaining = set(by_label)
    while remaining:
        ready = sorted(lab for lab in remaining if not ((hard[lab] | soft[lab]) - done))
        if not ready:  # a cycle: take the first model whose open dependencies are all nullable
            ready = sorted(lab for lab in remaining if not (hard[lab] - done))[:1] or [
                min(remaining)
            ]
        for lab in ready:
            order.append(lab)
            done.add(lab)
            remaining.discard(lab)
    return [by_label[lab] for lab in order]


def stored_fields(model: type[models.Model]) -> list[models.Field]:
    """The columns written to the archive: every concrete field that is not derived data."""
    return [
        f
        for f in model._meta.concrete_fields
        if not isinstance(f, DERIVED_FIELD_TYPES) and f.column is not None
    ]


def derived_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if isinstance(f, DERIVED_FIELD_TYPES)]


def data_member(model: type[models.Model]) -> str:
    return f"{DATA_DIR}{model._meta.label_lower}.jsonl"


def file_member(name: str) -> str:
    return f"{FILES_DIR}{name}"


# --- Values: Python (as the ORM reads them) ⇄ JSON ----------------------------------------------


@dataclass(frozen=True)
class Codec:
    """How one column travels: ``encode`` Python → JSON, ``decode`` JSON → Python."""

    encode: Callable[[Any], Any]
    decode: Callable[[Any], Any]


def _same(value: Any) -> Any:
    return value


def _plain(value: Any) -> Any:
    """JSON-native values as they are; anything else (a file name object, an IP …) as text."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _nullable(func: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def wrapped(value: Any) -> Any:
        return None if value is None else func(value)

    return wrapped


def _b64(value: Any) -> str:
    return base64.b64encode(bytes(value)).decode("ascii")


def _duration_out(value: timedelta) -> int:
    return (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds


CODECS: dict[str, Codec] = {
    "datetime": Codec(_nullable(datetime.isoformat), _nullable(datetime.fromisoformat)),
    "date": Codec(_nullable(date.isoformat), _nullable(date.fromisoformat)),
    "time": Codec(_nullable(time.isoformat), _nullable(time.fromisoformat)),
    "decimal": Codec(_nullable(str), _nullable(Decimal)),
    "binary": Codec(_nullable(_b64), _nullable(base64.b64decode)),
    "uuid": Codec(_nullable(str), _nullable(uuid.UUID)),
    "duration": Codec(
        _nullable(_duration_out), _nullable(lambda us: timedelta(microseconds=int(us)))
    ),
    "json": Codec(_same, _same),
    "plain": Codec(_plain, _same),
}


def value_kind(field: models.Field) -> str:
    """Which codec a column uses (a foreign key travels as the key it points at)."""
    target: Any = field
    while target.is_relation and getattr(target, "target_field", None) is not None:
        target = target.target_field
    if isinstance(target, models.DateTimeField):  # before DateField: it is a subclass
        return "datetime"
    kinds: tuple[tuple[type[models.Field], str], ...] = (
        (models.DateField, "date"),
        (models.TimeField, "time"),
        (models.DecimalField, "decimal"),
        (models.BinaryField, "binary"),
        (models.UUIDField, "uuid"),
        (models.DurationField, "duration"),
        (models.JSONField, "json"),
    )
    for cls, kind in kinds:
        if isinstance(target, cls):
            return kind
    return "plain"


def codec(field: models.Field) -> Codec:
    return CODECS[value_kind(field)]


_AS_IS = (
    models.IntegerField,  # AutoField and BigAutoField too
    models.BooleanField,
    models.CharField,  # SlugField, EmailField …
    models.TextField,
    models.FloatField,
)


def travels_as_is(field: models.Field) -> bool:
    """Whether the column's value is JSON as the ORM reads it and as the database driver takes it
    (numbers, text, booleans), so neither side needs to convert it.

    Only Django's own field classes: a project field may prepare its value differently.
    """
    target: Any = field
    while target.is_relation and getattr(target, "target_field", None) is not None:
        target = target.target_field
    return isinstance(target, _AS_IS) and type(target).__module__.startswith("django.db.models")


# --- Checksums -----------------------------------------------------------------------------------


class HashingWriter:
    """A binary file wrapper that counts and hashes what is written through it."""

    def __init__(self, target: IO[bytes]) -> None:
        self.target = target
        self.sha = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.sha.update(data)
        self.size += len(data)
        self.target.write(data)
        return len(data)

    @property
    def hexdigest(self) -> str:
        return self.sha.hexdigest()


def sha256_of(stream: IO[bytes], chunk: int = 1 << 20) -> tuple[str, int]:
    """(sha256, size) of everything left in ``stream``."""
    sha, size = hashlib.sha256(), 0
    while block := stream.read(chunk):
        sha.update(block)
        size += len(block)
    return sha.hexdigest(), size
