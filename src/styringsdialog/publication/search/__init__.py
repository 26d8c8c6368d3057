"""Danish full-text search over published referater, the same call on every database.

``search_referater(query, filters)`` hides the backend: PostgreSQL uses ``to_tsvector('danish', …)``
with the Danish Snowball stemmer and a GIN index (so "henlæggelse" finds "henlæggelserne");
SQLite uses an FTS5 table with prefix matching and bm25 ranking. Only the current version of each
published referat is indexed; nothing unpublished is ever in the index. ``index_referat`` is
called by the publish service in the same transaction as the version is stored.
"""

from __future__ import annotations

from django.db import connection

from styringsdialog.publication.models import PublishedReferat, ReferatVersion
from styringsdialog.publication.search import postgres, sqlite
from styringsdialog.publication.search.types import SearchFilters, SearchHit, SearchPage

__all__ = [
    "SearchFilters",
    "SearchHit",
    "SearchPage",
    "index_referat",
    "rebuild_index",
    "search_referater",
]

MAX_QUERY_LENGTH = 200


def _backend():  # a module
    return postgres if connection.vendor == "postgresql" else sqlite


def search_referater(
    query: str, filters: SearchFilters | None = None, *, limit: int = 20, offset: int = 0
) -> SearchPage:
    """Published referater matching ``query`` (best first), narrowed by ``filters``.

    ``SearchPage.total`` counts all matches; ``hits`` holds at most ``limit`` of them from
    ``offset``, each with a rank (higher is better) and an HTML-safe snippet with ``<mark>``.
    An empty query matches nothing.
    """
    query = (query or "").strip()[:MAX_QUERY_LENGTH]
    filters = filters or SearchFilters()
    if not query:
        return SearchPage(query=query, total=0, hits=[], backend=_backend().NAME)
    base = PublishedReferat.objects.filtered(
        kommune=filters.kommune, organisation=filters.organisation, year=filters.year
    )
    return _backend().search(query, base, limit=max(1, min(limit, 100)), offset=max(0, offset))


def index_referat(referat: PublishedReferat, version: ReferatVersion) -> None:
    """Make ``version`` the searchable text of ``referat`` (replacing any earlier version)."""
    _backend().index(referat, version)


def rebuild_index() -> int:
    """Re-index every published referat from its current version; returns how many."""
    return _backend().rebuild()
