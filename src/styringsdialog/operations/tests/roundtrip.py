"""Helpers run in a subprocess against one installation (``DATABASE_URL``, ``STYRINGSDIALOG_MEDIA_ROOT``).

``python -m styringsdialog.operations.tests.roundtrip snapshot OUT.json`` writes every table's
rows (all columns, read through the ORM, ordered by primary key), the SQLite search index when
there is one, and the sha256 of every stored file. ``... tricky`` puts values into the database
that a careless backup would lose (microseconds, the last cent of a large amount, awkward text,
JSON with floats, big integers and non-ASCII keys).

The values are written in a form of this module's own (not the archive's codecs), so a round trip
compares what the database holds, not what the backup thinks it holds.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any


def canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return "dt:" + value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date | time):
        return f"{type(value).__name__}:{value.isoformat()}"
    if isinstance(value, Decimal):
        return f"dec:{value}"
    if isinstance(value, bytes | memoryview):
        return "bin:" + bytes(value).hex()
    if isinstance(value, timedelta):
        return f"td:{value!r}"
    if isinstance(value, dict | list):
        return "json:" + json.dumps(value, sort_keys=True, ensure_ascii=False)
    if isinstance(value, float):
        return f"float:{value!r}"
    if value is None or isinstance(value, bool | int | str):
        return value
    return f"{type(value).__name__}:{value}"


def snapshot() -> dict[str, Any]:
    from django.apps import apps
    from django.db import connection

    from styringsdialog.lib.storage import iter_files, read_content

    tables: dict[str, Any] = {}
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed or model._meta.proxy:
            continue
        names = [f.attname for f in model._meta.concrete_fields]
        rows = model._base_manager.order_by("pk").values_list(*names)
        tables[model._meta.label_lower] = {
            "columns": names,
            "rows": [[canonical(v) for v in row] for row in rows],
        }
    search: list[Any] = []
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("SELECT rowid, title, body FROM publication_referat_fts ORDER BY rowid")
            search = [list(r) for r in cur.fetchall()]
    files = {name: hashlib.sha256(read_content(name)).hexdigest() for name in iter_files("")}
    return {"vendor": connection.vendor, "tables": tables, "search": search, "files": files}


def add_tricky_values() -> None:
    from django.db import transaction

    from styringsdialog.accounts.models import User
    from styringsdialog.benchmarking.models import BenchmarkRun
    from styringsdialog.registry.models import AccountLine

    with transaction.atomic():
        user = User.objects.order_by("pk").first()
        assert user is not None
        User.objects.filter(pk=user.pk).update(
            first_name="Åse \"Ø\" \\ 'x'\n\ttab 🏠",
            last_login=datetime(2024, 2, 29, 23, 59, 59, 999999, tzinfo=UTC),
            date_joined=datetime(1999, 12, 31, 23, 0, 0, 1, tzinfo=UTC),
        )
        line = AccountLine.objects.order_by("pk").first()
        assert line is not None
        AccountLine.objects.filter(pk=line.pk).update(amount=Decimal("-999999999999.99"))
        second = AccountLine.objects.order_by("pk")[1]
        AccountLine.objects.filter(pk=second.pk).update(amount=Decimal("0.01"))
        run = BenchmarkRun.objects.order_by("pk").first()
        if run is not None:
            BenchmarkRun.objects.filter(pk=run.pk).update(
                parameters={
                    "æøå": [0.1 + 0.2, 1e-300, 2**53 + 1, None, True, "\u2028", {"z": 1, "a": 2}]
                },
                duration_s=0.1 + 0.2,
            )


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styringsdialog.settings")
    import django

    django.setup()
    if argv[0] == "snapshot":
        with open(argv[1], "w", encoding="utf-8") as out:
            json.dump(snapshot(), out, ensure_ascii=False)
    elif argv[0] == "tricky":
        add_tricky_values()
    else:
        raise SystemExit(f"unknown helper {argv[0]!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
