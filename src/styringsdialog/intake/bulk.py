"""Plain ``executemany`` inserts and upserts for many rows (imports, demo data).

``bulk_create`` spends most of its time building and preparing model instances field by field;
for 18,000 account lines that is seconds, while the database needs a fraction of one. Values are
adapted with the connection's own adapters, so the SQL runs on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection

BATCH = 5000


def _execute(sql: str, rows: Sequence[Sequence[Any]]) -> None:
    ops = connection.ops  # looked up once: the connection proxy is slow per value
    adapters: dict[type, Callable[[Any], Any]] = {
        datetime: ops.adapt_datetimefield_value,
        date: ops.adapt_datefield_value,
        Decimal: ops.adapt_decimalfield_value,
    }

    def adapt(value: Any) -> Any:
        adapter = adapters.get(value.__class__)
        return value if adapter is None else adapter(value)

    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(
                sql, [[adapt(v) for v in row] for row in rows[start : start + BATCH]]
            )


def _insert_sql(model: Any, columns: Sequence[str]) -> str:
    quote = connection.ops.quote_name
    return "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(c) for c in columns),
        ", ".join(["%s"] * len(columns)),
    )


def insert_rows(model: Any, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """INSERT every row (values in the order of ``columns``, which are database column names)."""
    _execute(_insert_sql(model, columns), rows)


def upsert_rows(
    model: Any, columns: Sequence[str], conflict: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """INSERT every row; a row whose ``conflict`` columns exist already updates the other columns.

    ``conflict`` must be a unique constraint of the table (ON CONFLICT: SQLite ≥ 3.24, PostgreSQL).
    """
    quote = connection.ops.quote_name
    updates = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in columns if c not in conflict)
    sql = f"{_insert_sql(model, columns)} ON CONFLICT ({', '.join(quote(c) for c in conflict)}) DO UPDATE SET {updates}"
    _execute(sql, rows)
