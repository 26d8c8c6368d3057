"""SQLite backend: an FTS5 table (rowid = PublishedReferat.id) with prefix matching and bm25.

SQLite has no Danish stemmer, so every word of the query is matched as a prefix: "henlæggelse"
finds "henlæggelser" and "henlæggelserne". The table is created by migration 0002 and kept in
step by the publish service.
"""

from __future__ import annotations

import re

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.db.models import QuerySet

from styringsdialog.publication.models import PublishedReferat, ReferatVersion
from styringsdialog.publication.search.types import (
    START,
    STOP,
    SearchHit,
    SearchPage,
    marked_snippet,
)

NAME = "sqlite-fts5"
TABLE = "publication_referat_fts"
# bm25 column weights: a word in the title counts five times a word in the text.
WEIGHTS = "5.0, 1.0"
_WORD = re.compile(r"\w+")

CREATE_SQL = f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 0')"
DROP_SQL = f"DROP TABLE IF EXISTS {TABLE}"


def match_expression(query: str) -> str:
    """'Henlæggelse Lundebjerg' → '"henlæggelse"* "lundebjerg"*' (all words, each as a prefix)."""
    return " ".join(f'"{w}"*' for w in _WORD.findall(query.lower()))


def index(referat: PublishedReferat, version: ReferatVersion) -> None:
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [referat.pk])
        cur.execute(
            f"INSERT INTO {TABLE}(rowid, title, body) VALUES (%s, %s, %s)",
            [referat.pk, version.title, version.text],
        )


def rebuild() -> int:
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {TABLE}")
        cur.execute(
            f"INSERT INTO {TABLE}(rowid, title, body) SELECT p.id, v.title, v.text "
            "FROM publication_publishedreferat p JOIN publication_referatversion v ON v.id = p.current_id"
        )
        return cur.rowcount


def search(query: str, base: QuerySet[PublishedReferat], *, limit: int, offset: int) -> SearchPage:
    expression = match_expression(query)
    if not expression:
        return SearchPage(query=query, total=0, hits=[], backend=NAME)
    try:
        scope_sql, scope_params = base.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # a filter no row can match, e.g. a year outside the field's range
        return SearchPage(query=query, total=0, hits=[], backend=NAME)
    # "+rowid": without the unary plus FTS5 runs the whole MATCH once per rowid of the IN list
    # (quadratic: 10 s for 2,000 referater); with it, the match runs once and is then filtered.
    where = f"{TABLE} MATCH %s AND +rowid IN ({scope_sql})"
    params = [expression, *scope_params]
    with connection.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {TABLE} WHERE {where}", params)
        total = cur.fetchone()[0]
        cur.execute(
            f"SELECT rowid, bm25({TABLE}, {WEIGHTS}) AS score FROM {TABLE} WHERE {where} "
            "ORDER BY score, rowid DESC LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        rows = cur.fetchall()
        snippets = _snippets(cur, expression, [pk for pk, _ in rows])
    referater = PublishedReferat.objects.with_related().in_bulk([r[0] for r in rows])
    # bm25 is lower-is-better and negative; report it as higher-is-better like PostgreSQL's rank.
    hits = [
        SearchHit(referater[pk], -float(score), marked_snippet(snippets.get(pk, "")))
        for pk, score in rows
        if pk in referater
    ]
    return SearchPage(query=query, total=total, hits=hits, backend=NAME)


def _snippets(cur: CursorWrapper, expression: str, ids: list[int]) -> dict[int, str]:
    """Snippets for the shown page only: SQLite would compute them for every match before sorting."""
    if not ids:
        return {}
    marks = ", ".join(["%s"] * len(ids))
    cur.execute(
        f"SELECT rowid, snippet({TABLE}, 1, %s, %s, ' … ', 18) FROM {TABLE} WHERE {TABLE} MATCH %s AND +rowid IN ({marks})",
        [START, STOP, expression, *ids],
    )
    return dict(cur.fetchall())
