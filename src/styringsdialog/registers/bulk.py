"""Fast inserts for large, append-only tables (units, figures): ``executemany`` instead of
``bulk_create``, which builds a model instance per row (~10× slower at 10,000+ rows)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

from django.db import connection, connections, models

# Field types whose Python values go to the database unchanged (no per-value conversion needed).
PLAIN = frozenset(
    {
        "CharField",
        "IntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "PositiveBigIntegerField",
        "BigIntegerField",
        "SmallIntegerField",
        "FloatField",
        "ForeignKey",
    }
)


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    batch: int = 5000,
) -> int:
    """Insert ``rows`` (values in the order of ``fields``, foreign keys as ids) and return the count.
    Values go through the fields' ``get_db_prep_save``, so dates and JSON are stored correctly."""
    meta = model._meta
    columns = [meta.get_field(f) for f in fields]
    sql = (
        f"INSERT INTO {connection.ops.quote_name(meta.db_table)} "
        f"({', '.join(connection.ops.quote_name(c.column) for c in columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    )
    real = connections[connection.alias]
    convert = [None if c.get_internal_type() in PLAIN else c for c in columns]
    total = 0
    iterator = iter(rows)
    with real.cursor() as cursor:
        while chunk := list(islice(iterator, batch)):
            values = [
                [
                    v if f is None else f.get_db_prep_save(v, real)
                    for f, v in zip(convert, row, strict=True)
                ]
                for row in chunk
            ]
            cursor.executemany(sql, values)
            total += len(chunk)
    return total
