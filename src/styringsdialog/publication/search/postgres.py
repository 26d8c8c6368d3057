"""PostgreSQL backend: a stored tsvector (Danish stemmer, title weighted A) with a GIN index."""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.expressions import CombinedExpression

from styringsdialog.publication.models import PublishedReferat, ReferatVersion
from styringsdialog.publication.search.types import (
    START,
    STOP,
    SearchHit,
    SearchPage,
    marked_snippet,
)

NAME = "postgresql"
CONFIG = "danish"


def _vector(title: Any, text: Any) -> CombinedExpression:
    return SearchVector(title, weight="A", config=CONFIG) + SearchVector(
        text, weight="B", config=CONFIG
    )


def index(referat: PublishedReferat, version: ReferatVersion) -> None:
    PublishedReferat.objects.filter(pk=referat.pk).update(
        search_vector=_vector(_current("title"), _current("text"))
    )


def rebuild() -> int:
    return PublishedReferat.objects.filter(current__isnull=False).update(
        search_vector=_vector(_current("title"), _current("text"))
    )


def _current(field: str) -> Subquery:
    return Subquery(
        ReferatVersion.objects.filter(pk=OuterRef("current_id")).order_by().values(field)[:1]
    )


def search(query: str, base: QuerySet[PublishedReferat], *, limit: int, offset: int) -> SearchPage:
    tsquery = SearchQuery(query, config=CONFIG, search_type="websearch")
    matches = base.filter(search_vector=tsquery)
    total = matches.count()
    # Rank on the referat table alone, then fetch the page's objects: joining first would drag
    # every match's related rows through the sort.
    rows = list(
        matches.annotate(rank=SearchRank(F("search_vector"), tsquery))
        .order_by("-rank", "-meeting_date", "-pk")
        .values_list("pk", "rank", "current_id")[offset : offset + limit]
    )
    referater = PublishedReferat.objects.with_related().in_bulk([pk for pk, _, _ in rows])
    snippets = _headlines(
        [version_id for _, _, version_id in rows if version_id is not None], tsquery
    )
    hits = [
        SearchHit(referater[pk], float(rank), marked_snippet(snippets.get(vid, "")))
        for pk, rank, vid in rows
        if pk in referater
    ]
    return SearchPage(query=query, total=total, hits=hits, backend=NAME)


def _headlines(version_ids: list[int], tsquery: SearchQuery) -> dict[int, str]:
    """ts_headline only for the page shown (it re-parses the text, so never for all matches)."""
    if not version_ids:
        return {}
    headline = SearchHeadline(
        "text",
        tsquery,
        config=CONFIG,
        start_sel=START,
        stop_sel=STOP,
        max_fragments=2,
        min_words=8,
        max_words=22,
        fragment_delimiter=" … ",
    )
    rows = (
        ReferatVersion.objects.filter(pk__in=version_ids)
        .annotate(headline=headline)
        .values_list("pk", "headline")
    )
    return dict(rows)
