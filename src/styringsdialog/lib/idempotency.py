"""``Idempotency-Key`` for unsafe API requests: a client that retries gets the first answer again.

A client sends ``Idempotency-Key: <its own unique value>`` with a POST/PUT/PATCH/DELETE under
``/api/``. The first answer (any status below 500 except 401, 403 and 429, whose cause may pass)
is kept in Django's cache (``STYRINGSDIALOG_CACHE_URL``: Redis or the database in production)
for ``IDEMPOTENCY_TTL`` seconds, keyed by the caller (a digest of its bearer token or session)
and the key. Sending the same key again:

- with the same method, path, query and body → the stored answer, with
  ``Idempotent-Replayed: true``, and nothing is done twice;
- with another request → 422 ``idempotency_key_reused``;
- while the first is still being answered → 409 ``idempotency_in_progress``.

For multipart uploads the request is identified by its size and content type, not its bytes, so
a large upload is not read into memory twice. Without the header nothing changes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse

HEADER = "HTTP_IDEMPOTENCY_KEY"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
NOT_KEPT = frozenset({401, 403, 429})
MAX_KEY_LENGTH = 200
MAX_KEPT_BYTES = 1_000_000
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Location", "Retry-After")


def _error(status: int, code: str, message: str) -> HttpResponse:
    body = {"error": {"status": status, "code": code, "message": message, "details": []}}
    return HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type="application/json; charset=utf-8",
    )


def _caller(request: HttpRequest) -> str | None:
    """Who is asking: the bearer token or the session cookie, as a digest; None if neither."""
    auth = request.META.get("HTTP_AUTHORIZATION", "")
    if auth:
        return "a:" + hashlib.sha256(auth.encode()).hexdigest()
    session = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if session:
        return "s:" + hashlib.sha256(session.encode()).hexdigest()
    return None


def _fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    digest.update(
        f"{request.method} {request.path}?{request.META.get('QUERY_STRING', '')}".encode()
    )
    content_type = request.META.get("CONTENT_TYPE", "")
    if content_type.startswith("multipart/"):
        digest.update(f"|{request.META.get('CONTENT_LENGTH', '')}".encode())
    else:
        digest.update(b"|")
        digest.update(request.body)
    return digest.hexdigest()


def _valid_key(key: str) -> bool:
    return 0 < len(key) <= MAX_KEY_LENGTH and key.isprintable() and key.isascii()


class IdempotencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.META.get(HEADER)
        if key is None or request.method not in UNSAFE or not request.path.startswith("/api/"):
            return self.get_response(request)
        if not _valid_key(key):
            return _error(
                422,
                "invalid_idempotency_key",
                f"Idempotency-Key skal være 1–{MAX_KEY_LENGTH} synlige ASCII-tegn.",
            )
        caller = _caller(request)
        if caller is None:  # not signed in: the API answers 401, nothing to keep
            return self.get_response(request)
        name = "idempotency:" + hashlib.sha256(f"{caller}|{key}".encode()).hexdigest()
        try:
            fingerprint = _fingerprint(request)
        except RequestDataTooBig:
            return _error(413, "too_large", "Forespørgslen er for stor.")
        kept: dict[str, Any] | None = cache.get(name)
        if kept is not None:
            return self._replay(kept, fingerprint)
        lock = name + ":lock"
        if not cache.add(lock, 1, timeout=300):
            return _error(
                409,
                "idempotency_in_progress",
                "En forespørgsel med samme Idempotency-Key er ved at blive behandlet. Prøv igen.",
            )
        try:
            response = self.get_response(request)
            self._keep(name, fingerprint, response)
            return response
        finally:
            cache.delete(lock)

    @staticmethod
    def _replay(kept: dict[str, Any], fingerprint: str) -> HttpResponse:
        if kept["fingerprint"] != fingerprint:
            return _error(
                422,
                "idempotency_key_reused",
                "Idempotency-Key er allerede brugt til en anden forespørgsel.",
            )
        response = HttpResponse(kept["content"], status=kept["status"])
        for header, value in kept["headers"].items():
            response[header] = value
        response["Idempotent-Replayed"] = "true"
        return response

    @staticmethod
    def _keep(name: str, fingerprint: str, response: HttpResponse) -> None:
        if response.status_code >= 500 or response.status_code in NOT_KEPT:
            return
        if getattr(response, "streaming", False) or len(response.content) > MAX_KEPT_BYTES:
            return
        kept = {
            "fingerprint": fingerprint,
            "status": response.status_code,
            "content": response.content,
            "headers": {h: response[h] for h in KEPT_HEADERS if h in response},
        }
        cache.set(name, kept, timeout=int(settings.IDEMPOTENCY_TTL))
