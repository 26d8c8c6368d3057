"""CSRF on every unsafe API operation: a logged-in browser session must send the CSRF token;
a bearer token needs none.

The operations are read from the OpenAPI schema, so an operation added later is covered without
touching this file. Each is sent with a body that would change something (where this file knows
the operation) from a client that enforces CSRF like a browser does.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from styringsdialog.api import UNSAFE_METHODS, api

from .conftest import make_token

pytestmark = pytest.mark.django_db

ACCOUNTS_CSV = "afdeling;aar;konto;beloeb\n008;2024;109;1000\n"

# A request body per known operation that changes something when it is let through.
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("post", "/api/v1/agreements/{agreement_id}/status"): {
        "json": {"status": "i_gang", "note": "Vi er gået i gang."}
    },
    ("post", "/api/v1/organisations/{number}/packages/{year}/status"): {
        "json": {"action": "submit"}
    },
    ("post", "/api/v1/organisations/{number}/packages/{year}/imports"): {"multipart": True},
    ("put", "/api/v1/organisations/{number}/packages/{year}/answers"): {
        "json": {"answers": [{"question": "LED2", "value": "En ny beskrivelse.", "version": 1}]}
    },
}


def unsafe_operations() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return sorted(
        (method, path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in UNSAFE_METHODS
    )


UNSAFE = unsafe_operations()


def test_the_schema_has_unsafe_operations_to_check():
    assert len(UNSAFE) >= 3
    assert set(BODIES) <= set(UNSAFE), "BODIES names an operation that no longer exists"


def _url(path: str, data) -> str:
    values = {
        "agreement_id": data.agreement.pk,
        "number": data.package.organisation.number,
        "year": data.package.styringsaar,
    }
    return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), 1)), path)


def _send(client: Client, method: str, path: str, data, **extra) -> Any:
    body = BODIES.get((method, path), {"json": {}})
    url = _url(path, data)
    if body.get("multipart"):
        upload = SimpleUploadedFile("regnskab.csv", ACCOUNTS_CSV.encode())
        return getattr(client, method)(url, {"kind": "accounts", "file": upload}, **extra)
    return getattr(client, method)(url, body["json"], content_type="application/json", **extra)


def fingerprint() -> str:
    """A digest of every row of the project's own tables."""
    digest = hashlib.sha256()
    for model in apps.get_models():
        if model.__module__.startswith("styringsdialog."):
            digest.update(repr(list(model.objects.order_by("pk").values_list())).encode())
    return digest.hexdigest()


def session_client(user) -> tuple[Client, str]:
    """A browser-like client (CSRF enforced) logged in as ``user``, and its CSRF token."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/log-ind/")  # a page with a form sets the CSRF cookie
    return client, client.cookies["csrftoken"].value


@pytest.mark.parametrize(("method", "path"), UNSAFE)
def test_a_session_without_the_csrf_token_is_refused_and_changes_nothing(
    world, api_data, method, path
):
    client, _ = session_client(world.users["admin"])
    before = fingerprint()
    response = _send(client, method, path, api_data)
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["status"] == 403 and error["code"] == "csrf_failed"
    assert set(error) == {"status", "code", "message", "details"}
    assert fingerprint() == before


@pytest.mark.parametrize(("method", "path"), UNSAFE)
def test_a_session_with_the_csrf_token_passes_the_check(world, api_data, method, path):
    client, token = session_client(world.users["admin"])
    before = fingerprint()
    response = _send(client, method, path, api_data, HTTP_X_CSRFTOKEN=token)
    assert response.status_code < 500
    if response.status_code >= 400:
        assert response.json()["error"]["code"] != "csrf_failed"
    if (method, path) in BODIES:
        assert response.status_code in (200, 201), response.content
        assert fingerprint() != before


@pytest.mark.parametrize(("method", "path"), UNSAFE)
def test_a_session_with_the_token_from_a_foreign_origin_is_refused(world, api_data, method, path):
    client, token = session_client(world.users["admin"])
    before = fingerprint()
    response = _send(
        client,
        method,
        path,
        api_data,
        HTTP_X_CSRFTOKEN=token,
        HTTP_ORIGIN="https://angriber.example",
    )
    assert response.status_code == 403 and response.json()["error"]["code"] == "csrf_failed"
    assert fingerprint() == before


@pytest.mark.parametrize(("method", "path"), UNSAFE)
def test_a_bearer_token_needs_no_csrf_token(world, api_data, method, path):
    client = Client(enforce_csrf_checks=True)
    raw = make_token(world.users["admin"])
    before = fingerprint()
    response = _send(client, method, path, api_data, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code < 500
    if response.status_code >= 400:
        assert response.json()["error"]["code"] != "csrf_failed"
    if (method, path) in BODIES:
        assert response.status_code in (200, 201), response.content
        assert fingerprint() != before


def test_without_session_or_token_an_unsafe_request_is_401_not_a_csrf_failure(api_data):
    method, path = UNSAFE[0]
    response = _send(Client(enforce_csrf_checks=True), method, path, api_data)
    assert response.status_code == 401 and response.json()["error"]["code"] == "unauthenticated"
