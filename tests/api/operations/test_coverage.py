"""The table and the schema cover the whole API: every operation has exactly one row, and every
URL Django serves under /api/v1/ is an operation of the OpenAPI document."""

from __future__ import annotations

import re
from collections import Counter

from django.urls import URLPattern, URLResolver, get_resolver

from styringsdialog.api import api
from tests.api.operations.test_operations import OPERATIONS

SCHEMA = api.get_openapi_schema()
SCHEMA_OPERATIONS = {
    (method, path)
    for path, operations in SCHEMA["paths"].items()
    for method in operations
    if method not in {"head", "options"}
}


def test_every_operation_in_the_schema_has_exactly_one_row():
    rows = Counter(op.key for op in OPERATIONS)
    missing = sorted(SCHEMA_OPERATIONS - set(rows))
    twice = sorted(key for key, n in rows.items() if n > 1)
    unknown = sorted(set(rows) - SCHEMA_OPERATIONS)
    assert not missing, f"operations without a row in tests/api/operations: {missing}"
    assert not twice, f"operations with more than one row: {twice}"
    assert not unknown, f"rows for operations that are not in the schema: {unknown}"


def _routes(patterns, prefix: str = "") -> list[str]:
    out: list[str] = []
    for p in patterns:
        if isinstance(p, URLResolver):
            out += _routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            out.append(prefix + str(p.pattern))
    return out


def _template(route: str) -> str:
    """Django's route (``api/v1/meetings/<int:meeting_id>``) as an OpenAPI path."""
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def test_every_url_under_api_v1_is_in_the_schema():
    served = {
        _template(route)
        for route in _routes(get_resolver().url_patterns)
        if route.startswith("api/v1/")
    }
    documented = set(SCHEMA["paths"])
    # The interactive documentation, the schema itself and ninja's root are pages, not operations.
    pages = {"/api/v1/", "/api/v1/docs", "/api/v1/openapi.json", "/api/v1/docs/"}
    undocumented = sorted(served - documented - pages)
    assert served & documented, "no API route found: the walk over the URL patterns is broken"
    assert not undocumented, (
        f"served under /api/v1/ but not in the OpenAPI document: {undocumented}"
    )
