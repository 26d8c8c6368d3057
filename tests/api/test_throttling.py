"""Failed bearer tokens are throttled per client address: past the limit every bearer request
from that address gets 429 in the JSON error shape with ``Retry-After``, until the window ends."""

from __future__ import annotations

import pytest

import styringsdialog.api as api_module

from .conftest import make_token

pytestmark = pytest.mark.django_db

URL = "/api/v1/kommuner"


@pytest.fixture
def small_limit(settings):
    settings.API_TOKEN_FAILURE_LIMIT = 3
    settings.API_TOKEN_FAILURE_WINDOW = 60


def bearer(client, token: str, ip: str = "10.0.0.1", **extra):
    return client.get(URL, HTTP_AUTHORIZATION=f"Bearer {token}", REMOTE_ADDR=ip, **extra)


def test_random_tokens_are_401_until_the_limit_then_429_with_retry_after(
    world, client, small_limit
):
    for i in range(3):
        response = bearer(client, f"gæt-{i}")
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthenticated"
    response = bearer(client, "gæt-3")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["status"] == 429 and error["code"] == "too_many_requests"
    assert set(error) == {"status", "code", "message", "details"}
    assert "Prøv igen om" in error["message"]
    assert 1 <= int(response["Retry-After"]) <= 60


def test_a_blocked_address_is_refused_even_with_a_valid_token(world, client, small_limit):
    valid = make_token(world.users["caseworker_ballerup"])
    for i in range(3):
        bearer(client, f"gæt-{i}")
    assert bearer(client, valid).status_code == 429  # no oracle for a guessing client


def test_other_addresses_and_valid_tokens_are_not_throttled(world, client, small_limit):
    valid = make_token(world.users["caseworker_ballerup"])
    for i in range(3):
        bearer(client, f"gæt-{i}", ip="10.0.0.1")
    assert bearer(client, valid, ip="10.0.0.2").status_code == 200
    for _ in range(10):
        assert bearer(client, valid, ip="10.0.0.3").status_code == 200


def test_a_forged_forwarded_for_header_does_not_escape_the_limit(world, client, small_limit):
    for i in range(3):
        bearer(client, f"gæt-{i}", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
    assert bearer(client, "gæt-3", HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(world, client, settings):
    settings.API_TOKEN_FAILURE_LIMIT = 2
    settings.NINJA_NUM_PROXIES = 1
    for i in range(2):
        bearer(client, f"gæt-{i}", ip="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert (
        bearer(client, "gæt", ip="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7").status_code
        == 429
    )
    assert (
        bearer(client, "gæt", ip="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8").status_code
        == 401
    )


def test_the_block_ends_with_the_window(world, client, small_limit, monkeypatch):
    now = [60 * 16_667 + 20.0]  # 20 s into a 60 s window
    monkeypatch.setattr(api_module.time, "time", lambda: now[0])
    for i in range(3):
        bearer(client, f"gæt-{i}")
    response = bearer(client, "gæt-3")
    assert response.status_code == 429 and response["Retry-After"] == "40"
    now[0] += 40
    assert bearer(client, "gæt-4").status_code == 401
