"""Every API operation, as its owner (2xx), a read-only persona (403) and an outsider (404)."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client

from tests.api import operations as package
from tests.api.conftest import make_token
from tests.api.operations import Ctx, Op

pytestmark = pytest.mark.django_db


def all_operations() -> list[Op]:
    rows: list[Op] = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("rows_"):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            rows.extend(module.OPERATIONS)
    return rows


OPERATIONS = all_operations()


def send(op: Op, ctx: Ctx, persona: str | None) -> Any:
    if op.prepare is not None:
        op.prepare(ctx)
    url, query = op.url(ctx)
    if query:
        url = f"{url}?{urlencode(query, doseq=True)}"
    headers = {}
    if persona is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {make_token(ctx.user(persona))}"
    client = Client()
    method = getattr(client, op.method.lower())
    if op.files is not None:
        return method(url, op.files(ctx), **headers)
    if op.body is not None:
        return method(url, op.body(ctx), content_type="application/json", **headers)
    return method(url, **headers)


def cases() -> list[Any]:
    out = []
    for op in OPERATIONS:
        name = f"{op.method.upper()} {op.path}"
        out.append(pytest.param(op, "owner", id=f"{name} owner"))
        if op.read_only:
            out.append(pytest.param(op, "read_only", id=f"{name} read-only"))
        if op.outsider:
            out.append(pytest.param(op, "outsider", id=f"{name} outsider"))
    return out


@pytest.mark.parametrize(("op", "role"), cases())
def test_operation_per_persona(world, api_data, op: Op, role: str):
    ctx = Ctx(world=world, data=api_data)
    persona = {"owner": op.owner, "read_only": op.read_only, "outsider": op.outsider}[role]
    expected = {"owner": op.expect, "read_only": 403, "outsider": 404}[role]
    response = send(op, ctx, persona)
    body = b"(streamed)" if response.streaming else response.content[:500]
    assert response.status_code == expected, f"{persona}: {response.status_code} {body!r}"
    if role != "owner":
        assert response.json()["error"]["status"] == expected
