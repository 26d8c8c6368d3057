"""Whole-page cache for anonymous visitors of public pages, keyed by a data generation.

``anonymous_page_cache(generation, seconds)`` wraps a view. A request is served from (and may
fill) the cache only when nothing about it can be personal:

* it is a ``GET`` or ``HEAD``;
* it carries neither a session cookie nor a messages cookie — so no login, no pending flash
  message and no session data can be in the page (a visitor who is logged in, or was given a
  message, always gets a freshly rendered page);
* the rendered answer is a 200 that sets no cookie (a page that asked for a CSRF token, a
  session or a message is never stored).

The key is the full path with its query string, whether it is an htmx request (which gets a
fragment), and ``generation()`` — a cheap value the app computes from its data (e.g. the
number of rows and the newest change) so that a data change gives new keys at once in every
process; ``seconds`` bounds how long anything else on the page (names from other apps) may be
stale. Each stored page has an ``ETag`` (sha256 of the body); a matching ``If-None-Match``
gets ``304 Not Modified``. Every answer, cached or not, says ``Vary: Cookie``.

The cache is Django's ``caches["default"]`` (per process with the local-memory backend,
shared with Redis or the database backend).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.utils.cache import patch_vary_headers

MESSAGES_COOKIE = "messages"  # django.contrib.messages' CookieStorage.cookie_name


def _personal(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return (
        request.method not in ("GET", "HEAD")
        or settings.SESSION_COOKIE_NAME in cookies
        or MESSAGES_COOKIE in cookies
    )


def _key(request: HttpRequest, prefix: str, generation: str) -> str:
    htmx = "1" if request.headers.get("HX-Request") == "true" else "0"
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"page:{prefix}:{generation}:{htmx}:{digest}"


def _storable(response: HttpResponseBase) -> bool:
    return (
        response.status_code == 200
        and isinstance(response, HttpResponse)
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")  # the view decided itself
    )


def _not_modified(request: HttpRequest, etag: str) -> bool:
    wanted = request.headers.get("If-None-Match", "")
    return bool(wanted) and (
        wanted.strip() == "*" or etag in [t.strip() for t in wanted.split(",")]
    )


def anonymous_page_cache(
    prefix: str, generation: Callable[[], str], seconds: int
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if _personal(request):
                response = view(request, *args, **kwargs)
                patch_vary_headers(response, ["Cookie"])
                return response
            cache = caches["default"]
            key = _key(request, prefix, generation())
            stored = cache.get(key)
            if stored is None:
                response = view(request, *args, **kwargs)
                patch_vary_headers(response, ["Cookie"])
                if not _storable(response):
                    return response
                assert isinstance(response, HttpResponse)
                response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:40]}"'
                stored = (response.content, response["Content-Type"], response["ETag"])
                cache.set(key, stored, seconds)
            content, content_type, etag = stored
            if _not_modified(request, etag):
                answer: HttpResponseBase = HttpResponseNotModified()
            else:
                answer = HttpResponse(content, content_type=content_type)
            answer["ETag"] = etag
            patch_vary_headers(answer, ["Cookie"])
            return answer

        return wrapper

    return decorator
