"""Sortable table headers: the view declares the columns, the template only renders them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpRequest


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    field: str | None  # None: not sortable
    numeric: bool = False


@dataclass(frozen=True)
class Header:
    label: str
    query: str | None  # querystring that sorts by this column (None: not sortable)
    aria_sort: str
    numeric: bool


def apply_sort(
    request: HttpRequest, qs: QuerySet, columns: list[Column], default: str
) -> tuple[QuerySet, list[Header]]:
    """Order ``qs`` by the ``sort`` parameter (``-key`` descending) and build the headers."""
    fields = {c.key: c.field for c in columns if c.field}
    key = request.GET.get("sort", default)
    desc = key.startswith("-")
    if key.lstrip("-") not in fields:
        key, desc = default, default.startswith("-")
    name = key.lstrip("-")
    field = fields[name]
    qs = qs.order_by(f"-{field}" if desc else field, "pk")
    headers = []
    for c in columns:
        if not c.field:
            headers.append(Header(c.label, None, "none", c.numeric))
            continue
        active = c.key == name
        params = request.GET.copy()
        params["sort"] = f"-{c.key}" if active and not desc else c.key
        params.pop("page", None)
        aria = ("descending" if desc else "ascending") if active else "none"
        headers.append(Header(c.label, params.urlencode(), aria, c.numeric))
    return qs, headers
