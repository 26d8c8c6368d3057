"""Fast inserts of many result rows.

``bulk_create`` spends most of its time building model instances and preparing each value
(about 7 s for the 15,000 rows of one national run on a small machine). Results are plain
numbers, strings and JSON, so they are prepared here once and written with ``executemany``,
the same approach as the registry's account-line loader.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models

BATCH = 5000


def _json_adapter() -> Any:
    if connection.vendor == "postgresql":
        from psycopg.types.json import Jsonb

        return Jsonb
    return json.dumps


def fast_insert(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert ``rows`` (values in ``fields`` order: Python numbers, str, bool, None, dates, and
    dict/list for JSON fields) into ``model``'s table; returns the number of rows written.
    Use inside a transaction; no signals are sent and no primary keys are returned."""
    meta = model._meta
    columns = [meta.get_field(f) for f in fields]
    if not all(isinstance(f, models.Field) for f in columns):
        raise ValueError("fast_insert takes concrete fields only")
    json_positions = [i for i, f in enumerate(columns) if isinstance(f, models.JSONField)]
    prepared = [
        (i, f)
        for i, f in enumerate(columns)
        if isinstance(f, models.DateTimeField | models.DateField)
    ]
    adapt = _json_adapter()
    quote = connection.ops.quote_name
    names = ", ".join(quote(str(f.column)) for f in columns)  # type: ignore[union-attr]
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
    )
    total = 0
    batch: list[list[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            values = list(row)
            for i in json_positions:
                values[i] = adapt(values[i])
            for i, f in prepared:
                values[i] = f.get_db_prep_save(values[i], connection)
            batch.append(values)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                total += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            total += len(batch)
    return total
