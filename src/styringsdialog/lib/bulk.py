"""Fast inserts and upserts of many rows with ``executemany``.

``bulk_create`` builds and prepares a model instance per row; for the half a million account
lines of the demo, the 15,000 results of one national efficiency run or a national BBR extract
that is most of the time spent, while the database needs a fraction of it. Here the SQL is built
once per call and each value is adapted by its Python type with the connection's own adapters,
so the same rows load on SQLite and PostgreSQL alike.

Use inside a transaction. No signals are sent, no primary keys are returned, and values are not
validated: callers pass rows they have validated already.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from itertools import islice
from typing import Any

from django.db import connection, models

BATCH = 5000

Progress = Callable[[int], None]


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    batch: int = BATCH,
    progress: Progress | None = None,
) -> int:
    """INSERT every row and return how many were written.

    ``fields`` name model fields or their columns (``"department"`` and ``"department_id"``
    are the same); each row gives the values in that order, foreign keys as ids. Values may be
    numbers, str, bool, None, ``Decimal``, dates and datetimes, and dict/list for JSON fields.
    ``progress`` (optional) is called with the running total after each batch."""
    return _execute(_insert_sql(model, fields), rows, batch=batch, progress=progress)


def upsert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    conflict: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    batch: int = BATCH,
) -> int:
    """INSERT every row; a row whose ``conflict`` fields exist already updates the other fields.

    ``conflict`` must be a unique constraint of the table (ON CONFLICT: SQLite ≥ 3.24, PostgreSQL).
    """
    quote = connection.ops.quote_name
    columns = _columns(model, fields)
    keys = _columns(model, conflict)
    updates = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in columns if c not in keys)
    sql = (
        f"{_insert_sql(model, fields)} ON CONFLICT ({', '.join(quote(c) for c in keys)}) "
        f"DO UPDATE SET {updates}"
    )
    return _execute(sql, rows, batch=batch, progress=None)


def _columns(model: type[models.Model], fields: Sequence[str]) -> list[str]:
    columns = []
    for name in fields:
        field = model._meta.get_field(name)
        if not isinstance(field, models.Field) or field.column is None:
            raise ValueError(f"{model.__name__}.{name} is not a concrete column")
        columns.append(field.column)
    return columns


def _insert_sql(model: type[models.Model], fields: Sequence[str]) -> str:
    quote = connection.ops.quote_name
    columns = _columns(model, fields)
    return "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(c) for c in columns),
        ", ".join(["%s"] * len(columns)),
    )


def _adapters() -> dict[type, Callable[[Any], Any]]:
    ops = connection.ops  # looked up once: the connection proxy is slow per value
    to_json: Callable[[Any], Any] = json.dumps
    if connection.vendor == "postgresql":
        from psycopg.types.json import Jsonb

        to_json = Jsonb
    return {
        datetime: ops.adapt_datetimefield_value,
        date: ops.adapt_datefield_value,
        Decimal: ops.adapt_decimalfield_value,
        dict: to_json,
        list: to_json,
    }


def _execute(
    sql: str, rows: Iterable[Sequence[Any]], *, batch: int, progress: Progress | None
) -> int:
    adapters = _adapters()

    def adapt(value: Any) -> Any:
        adapter = adapters.get(value.__class__)
        return value if adapter is None else adapter(value)

    total = 0
    iterator = iter(rows)
    with connection.cursor() as cursor:
        while chunk := list(islice(iterator, batch)):
            cursor.executemany(sql, [[adapt(v) for v in row] for row in chunk])
            total += len(chunk)
            if progress is not None:
                progress(total)
    return total
