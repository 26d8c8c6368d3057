"""PDFs kept in Django's cache under a digest of the exact HTML and CSS they are made from.

WeasyPrint takes 0.1–0.5 s for a meeting's agenda or folder; the HTML and CSS take a few ms.
The same HTML and CSS give the same PDF, so a download whose document has not changed since
the last one (the printed time in the header is to the minute, so within that minute, or any
document without a time) is served from the cache; any change in what the PDF shows changes
the digest at once in every process. Nothing else is cached: the permission check and the
HTML are made on every request."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import cache

PDF_CACHE_VERSION = 1
PDF_CACHE_SECONDS = 3600
MAX_CACHED_BYTES = 5 * 1024 * 1024  # a larger PDF is rendered each time, not cached


def cached_pdf(html: str, css: str, render: Callable[[], bytes]) -> bytes:
    digest = hashlib.sha256(f"{PDF_CACHE_VERSION}\0{len(html)}\0{html}\0{css}".encode()).hexdigest()
    key = f"pdf-{digest}"
    pdf: bytes | None = cache.get(key)
    if pdf is None:
        pdf = render()
        if len(pdf) <= MAX_CACHED_BYTES:
            cache.set(key, pdf, PDF_CACHE_SECONDS)
    return pdf
