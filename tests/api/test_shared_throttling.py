"""The failed-token counter is shared between server processes when the cache is (Redis or the
database, ``STYRINGSDIALOG_CACHE_URL``): two cache clients, as two gunicorn workers would have,
see one counter. The demo's per-process memory cache is the default outside production."""

from __future__ import annotations

import math
import time
import uuid

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

import styringsdialog.api as api_module
from styringsdialog.api import TokenFailures
from styringsdialog.jobs.apps import create_cache_table
from styringsdialog.settings import CACHE_TABLE, _cache_config

REDIS_URL = "redis://127.0.0.1:6379/0"
URL = "/api/v1/kommuner"


def redis_reachable() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except Exception:
        return False


needs_redis = pytest.mark.skipif(
    not redis_reachable(), reason="Redis is not reachable on 127.0.0.1:6379"
)


@pytest.mark.parametrize(
    ("url", "production", "backend"),
    [
        ("", False, "locmem.LocMemCache"),
        ("", True, "db.DatabaseCache"),
        ("locmem://", True, "locmem.LocMemCache"),
        ("db://", False, "db.DatabaseCache"),
        ("redis://cache.internal:6379/1", False, "redis.RedisCache"),
        ("rediss://:hemmelig@cache.internal:6380/0", True, "redis.RedisCache"),
    ],
)
def test_the_cache_url_chooses_the_backend(url, production, backend):
    config = _cache_config(url, production=production)
    assert config["BACKEND"] == f"django.core.cache.backends.{backend}"
    if backend.startswith("redis"):
        assert config["LOCATION"] == url
    if backend.startswith("db"):
        assert config["LOCATION"] == CACHE_TABLE


def test_an_unknown_cache_url_is_refused_in_danish():
    with pytest.raises(ImproperlyConfigured, match="skal begynde med redis://"):
        _cache_config("memcached://127.0.0.1:11211", production=False)


def two_processes(settings, config: dict) -> tuple[TokenFailures, TokenFailures]:
    """Two throttles on two separate cache clients of one configuration (two server processes)."""
    settings.CACHES = {"default": config}
    return TokenFailures(caches.create_connection("default")), TokenFailures(
        caches.create_connection("default")
    )


def assert_one_counter(first: TokenFailures, second: TokenFailures, settings, monkeypatch) -> None:
    # Fixed windows: stay inside one window, whatever the clock says.
    settings.API_TOKEN_FAILURE_LIMIT = 3
    settings.API_TOKEN_FAILURE_WINDOW = 60
    ip = f"203.0.113.{uuid.uuid4().int % 250}-{uuid.uuid4().hex[:8]}"
    start = math.floor(time.time() / 60) * 60 + 1.0  # the current window, 1 s in
    monkeypatch.setattr(api_module.time, "time", lambda: start)
    first.record(ip)
    second.record(ip)
    assert first.blocked_for(ip) is None and second.blocked_for(ip) is None
    first.record(ip)
    assert second.blocked_for(ip) is not None  # the third failure, counted by the other one
    assert first.blocked_for(ip) is not None
    assert second.blocked_for("203.0.113.251") is None


@needs_redis
def test_two_processes_share_one_counter_in_redis(settings, monkeypatch):
    config = _cache_config(REDIS_URL, production=True)
    config["KEY_PREFIX"] = f"styringsdialog-test-{uuid.uuid4().hex}"
    first, second = two_processes(settings, config)
    try:
        assert_one_counter(first, second, settings, monkeypatch)
    finally:
        client = first.cache._cache.get_client(write=True)
        for key in client.scan_iter(f"{config['KEY_PREFIX']}:*"):
            client.delete(key)


@needs_redis
@pytest.mark.django_db
def test_the_api_blocks_an_address_counted_by_another_process_in_redis(world, client, settings):
    config = _cache_config(REDIS_URL, production=True)
    config["KEY_PREFIX"] = f"styringsdialog-test-{uuid.uuid4().hex}"
    other, _ = two_processes(settings, config)
    settings.API_TOKEN_FAILURE_LIMIT = 3
    settings.API_TOKEN_FAILURE_WINDOW = 60
    ip = "198.51.100.23"
    try:
        for _ in range(3):
            other.record(ip)  # three bad tokens seen by another gunicorn worker
        response = client.get(URL, HTTP_AUTHORIZATION="Bearer gæt", REMOTE_ADDR=ip)
        assert response.status_code == 429
    finally:
        redis_client = other.cache._cache.get_client(write=True)
        for key in redis_client.scan_iter(f"{config['KEY_PREFIX']}:*"):
            redis_client.delete(key)


@pytest.mark.django_db
def test_two_processes_share_one_counter_in_the_database_cache(settings, monkeypatch):
    first, second = two_processes(settings, _cache_config("db://", production=False))
    create_cache_table(sender=None)
    assert CACHE_TABLE in connection.introspection.table_names()
    assert_one_counter(first, second, settings, monkeypatch)


@pytest.mark.django_db
def test_the_api_blocks_an_address_counted_by_another_process_in_the_database(
    world, client, settings
):
    other, _ = two_processes(settings, _cache_config("db://", production=False))
    create_cache_table(sender=None)
    settings.API_TOKEN_FAILURE_LIMIT = 2
    for _ in range(2):
        other.record("198.51.100.24")
    response = client.get(URL, HTTP_AUTHORIZATION="Bearer gæt", REMOTE_ADDR="198.51.100.24")
    assert response.status_code == 429
    assert (
        client.get(URL, HTTP_AUTHORIZATION="Bearer gæt", REMOTE_ADDR="198.51.100.25").status_code
        == 401
    )
