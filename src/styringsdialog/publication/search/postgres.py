"""PostgreSQL backend: a stored tsvector (Danish stemmer, title weighted A) with a GIN index."""

from __future__ import annotations

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db.models import F, OuterRef, QuerySet, Subquery

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


def _vector(title: object, text: object) -> SearchVector:
    return SearchVector(title, weight="A", config=CONFIG) + SearchVector(text, weight="B", config=CONFIG)


def index(referat: PublishedReferat, version: ReferatVersion) -> None:
    PublishedReferat.objects.filter(pk=referat.pk).update(search_vector=_vector(_current("title"), _current("text")))


def rebuild() -> int:
    return PublishedReferat.objects.filter(current__isnull=False).update(search_vector=_vector(_current("title"), _current("text")))


def _current(field: str) -> Subquery:
    return Subquery(ReferatVersion.objects.filter(pk=OuterRef("current_id")).order_by().values(field)[:1])


def search(query: str, base: QuerySet[PublishedReferat], *, limit: int, offset: int) -> SearchPage:
    tsquery = SearchQuery(query, config=CONFIG, search_type="websearch")
    matches = base.filter(search_vector=tsquery)
    total = matches.count()
    ranked = (
        matches.annotate(rank=SearchRank(F("search_vector"), tsquery))
        .order_by("-rank", "-meeting_date", "-pk")
        .with_related()[offset : offset + limit]
    )
    rows = list(ranked)
    snippets = _headlines([r.current_id for r in rows], tsquery)
    hits = [SearchHit(r, float(r.rank), marked_snippet(snippets.get(r.current_id, ""))) for r in rows]
    return SearchPage(query=query, total=total, hits=hits, backend=NAME)


def _headlines(version_ids: list[int | None], tsquery: SearchQuery) -> dict[int, str]:
    """ts_headline only for the page shown (it re-parses the text, so never for all matches)."""
    if not version_ids:
        return {}
    headline = SearchHeadline(
        "text", tsquery, config=CONFIG, start_sel=START, stop_sel=STOP,
        max_fragments=2, min_words=8, max_words=22, fragment_delimiter=" … ",
    )
    rows = ReferatVersion.objects.filter(pk__in=version_ids).annotate(headline=headline).values_list("pk", "headline")
    return dict(rows)
