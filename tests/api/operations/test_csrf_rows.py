"""CSRF on every unsafe operation of the table, as its owner in a browser session.

``tests/api/test_csrf.py`` sends each unsafe operation of the schema as an administrator; this
file sends each row of the operation table as the row's own owner, after the row's ``prepare``,
with the row's own body: without the CSRF token the answer is 403 ``csrf_failed`` and nothing
in the database changes; with it the answer is the row's ``expect``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client

from styringsdialog.api import UNSAFE_METHODS
from tests.api.operations import Ctx, Op
from tests.api.operations.test_operations import OPERATIONS
from tests.api.test_csrf import fingerprint
from tests.api.test_csrf import session_client as browser

pytestmark = pytest.mark.django_db

UNSAFE_ROWS = [op for op in OPERATIONS if op.method.lower() in UNSAFE_METHODS and op.owner]


def send(op: Op, ctx: Ctx, client: Client, **headers: Any) -> Any:
    url, query = op.url(ctx)
    if query:
        url = f"{url}?{urlencode(query, doseq=True)}"
    method = getattr(client, op.method.lower())
    if op.files is not None:
        return method(url, op.files(ctx), **headers)
    if op.body is not None:
        return method(url, op.body(ctx), content_type="application/json", **headers)
    return method(url, **headers)


def test_the_table_has_unsafe_rows():
    assert len(UNSAFE_ROWS) >= 10


@pytest.mark.parametrize("op", UNSAFE_ROWS, ids=lambda op: f"{op.method.upper()} {op.path}")
def test_a_session_without_the_token_is_refused_and_changes_nothing(world, api_data, op: Op):
    ctx = Ctx(world=world, data=api_data)
    if op.prepare is not None:
        op.prepare(ctx)
    client, _ = browser(ctx.user(op.owner or ""))
    before = fingerprint()
    response = send(op, ctx, client)
    assert response.status_code == 403, response.content[:300]
    assert response.json()["error"]["code"] == "csrf_failed"
    assert fingerprint() == before


@pytest.mark.parametrize("op", UNSAFE_ROWS, ids=lambda op: f"{op.method.upper()} {op.path}")
def test_a_session_with_the_token_does_what_the_row_expects(world, api_data, op: Op):
    ctx = Ctx(world=world, data=api_data)
    if op.prepare is not None:
        op.prepare(ctx)
    client, token = browser(ctx.user(op.owner or ""))
    response = send(op, ctx, client, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == op.expect, response.content[:300]
