"""The kommune overview's content cache: its key and the data fingerprint behind it.

The overview (``/kommune/<code>/``) shows the registry's summary and organisation list and the
panels other apps contribute. Its rendered content (everything but the page frame with the CSRF
token, messages and the user's name) is cached under a key of

* the kommune and the reader's exact scope (``scope_key``: two readers share a value only when
  their scopes are equal, so they see the same departments and the same links),
* the request's query parameters (tab, search, sort, page) and whether it is an htmx request,
* today's date (deadlines and overdue agreements change at midnight), and
* a **data fingerprint**: one SQL query of COUNT(*) and MAX(timestamp or id) over every table
  the content reads (registered per app in ``registry.panels.register_kommune_fingerprint``).
  Any insert, update through ``save()`` or delete in those tables gives a new key at once, with
  no change to the apps' writing services.

The timeout (``STYRINGSDIALOG_OVERVIEW_CACHE_SECONDS``) only bounds memory and edits that
bypass the fingerprint (e.g. ``QuerySet.update`` on a table without a timestamp it covers).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import connection
from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from styringsdialog.accounts.permissions import Scope
from styringsdialog.registry.models import DataSource, Department, Kommune, Organisation
from styringsdialog.registry.panels import (
    FingerprintPart,
    kommune_fingerprint_parts,
    kommune_fingerprint_providers,
)

KEY_VERSION = "1"


def scope_key(scope: Scope) -> str:
    """The reader's whole scope: every rule that decides what the content shows is a function
    of these fields (``accounts.permissions``)."""
    if not scope.authenticated:
        return "anonymous"
    kommuner = ",".join(str(pk) for pk in sorted(scope.kommune_ids))
    organisations = ",".join(str(pk) for pk in sorted(scope.organisation_ids))
    return f"a{int(scope.admin)}n{int(scope.national)}k{kommuner}o{organisations}"


def registry_parts(kommune: Any) -> list[FingerprintPart]:
    """The registry's own part of the page: the kommune's departments (summary, organisation
    list), the organisations (names, numbers) and the data sources (every import creates one)."""
    return [
        (Department.objects.filter(kommune=kommune), ("pk",)),
        (Organisation.objects.all(), ("pk",)),
        (DataSource.objects.all(), ("pk",)),
    ]


def _part_sql(index: int, qs: QuerySet[Any], fields: tuple[str, ...]) -> tuple[str, list[Any]]:
    aliases = {f"fp{index}_{n}": F(name) for n, name in enumerate(fields)}
    inner = qs.order_by().annotate(**aliases).values(*aliases)
    sql, params = inner.query.sql_with_params()
    maxima = "".join(f", MAX(t{index}.{alias})" for alias in aliases)
    return f"(SELECT COUNT(*){maxima} FROM ({sql}) t{index}) s{index}", list(params)


def fingerprint_sql(kommune_id: int) -> tuple[str, list[Any]]:
    """The fingerprint query for a kommune. Compiling about ten querysets costs more than
    running the query, so the SQL is built once per kommune and process (the registered
    providers are fixed once the apps are ready)."""
    key = (connection.alias, kommune_id, kommune_fingerprint_providers())
    cached = _SQL.get(key)
    if cached is None:
        kommune = Kommune(pk=kommune_id)
        parts = registry_parts(kommune) + kommune_fingerprint_parts(kommune)
        pieces, params = [], []
        for index, (qs, fields) in enumerate(parts):
            sql, part_params = _part_sql(index, qs, fields)
            pieces.append(sql)
            params.extend(part_params)
        cached = _SQL[key] = ("SELECT * FROM " + " CROSS JOIN ".join(pieces), params)
    return cached


_SQL: dict[tuple[str, int, int], tuple[str, list[Any]]] = {}


def fingerprint(kommune: Any) -> str:
    """One query over every registered table: counts and maxima, as one string."""
    sql, params = fingerprint_sql(kommune.pk)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return "|".join("" if value is None else str(value) for value in row or ())


def content_cache_key(request: HttpRequest, kommune: Any, scope: Scope, *, htmx: bool) -> str:
    params = sorted((k, v[:200]) for k, values in request.GET.lists() for v in values)
    raw = "\n".join(
        [
            KEY_VERSION,
            str(kommune.pk),
            scope_key(scope),
            "htmx" if htmx else "page",
            repr(params),
            timezone.localdate().isoformat(),
            fingerprint(kommune),
        ]
    )
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"registry:kommune-overview:{kommune.pk}:{digest}"
