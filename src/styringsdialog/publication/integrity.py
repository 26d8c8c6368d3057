"""Served only while intact: the sha256 check of a published version, remembered per version.

A published version's HTML, PDF and DOCX live in the file storage, where no database trigger
reaches; each has the sha256 recorded at publication (``ReferatVersion.verified_file``). Every
public path that serves a version — the referat page, the downloads, the API and the Atom feed —
checks it first and refuses to serve it on a mismatch (``ChecksumMismatchError``), logged as an
error for the operators.

Re-hashing the files on every request costs a file read per file, so a successful check is
remembered in Django's cache (``caches["default"]``) for ``VERIFIED_SECONDS`` under a key of the
version's id, publication time and the three recorded sha256 (a version never changes, so the key
never goes stale; a changed file is noticed at the latest when the entry expires). The page's
verified HTML is cached the same way, so a page view reads neither the ``ReferatFile`` row nor
the file.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.core.cache import caches

from styringsdialog.publication.models import ChecksumMismatchError, ReferatFile, ReferatVersion

logger = logging.getLogger(__name__)

VERIFIED_SECONDS = 300
KINDS = (ReferatFile.Kind.HTML, ReferatFile.Kind.PDF, ReferatFile.Kind.DOCX)


def _cache():  # type: ignore[no-untyped-def]
    return caches["default"]


def _key(prefix: str, version: ReferatVersion) -> str:
    stamp = int(version.published_at.timestamp() * 1_000_000)
    sums = version.html_sha256[:16] + version.pdf_sha256[:16] + version.docx_sha256[:16]
    return f"publication:{prefix}:{version.pk}:{stamp}:{sums}"


def verify_versions(versions: Iterable[ReferatVersion]) -> None:
    """Raise ``ChecksumMismatchError`` unless every stored file of these versions is intact."""
    keyed = {_key("verified", v): v for v in versions}
    if not keyed:
        return
    known = _cache().get_many(list(keyed))
    fresh = {}
    for key, version in keyed.items():
        if key in known:
            continue
        for kind in KINDS:
            version.verified_file(kind)
        fresh[key] = True
    if fresh:
        _cache().set_many(fresh, VERIFIED_SECONDS)


def verified_html(version: ReferatVersion) -> str:
    """The version's stored HTML, checked against its sha256 (cached once checked)."""
    key = _key("html", version)
    html = _cache().get(key)
    if html is None:
        html = version.verified_file(ReferatFile.Kind.HTML).decode("utf-8")
        _cache().set(key, html, VERIFIED_SECONDS)
    return html


def log_mismatch(exc: ChecksumMismatchError, path: str) -> None:
    """One error line per refused request, with the version and file kind for the operators."""
    logger.error(
        "Published referat file failed its sha256 check, not served: %s (requested at %s)",
        exc,
        path,
        extra={"referat_version": exc.version.pk, "file_kind": exc.kind},
    )
