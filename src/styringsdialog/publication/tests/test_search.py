"""Danish full-text search: stemming on PostgreSQL, prefix matching on SQLite, one function."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from styringsdialog.publication.search import SearchFilters, rebuild_index, search_referater
from styringsdialog.publication.search.sqlite import match_expression
from styringsdialog.publication.tests.conftest import make_meeting

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="Dansk stemming kræver PostgreSQL"
)
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 findes kun på SQLite")


def _publish_text(world, publish, on: date, title: str, minutes: str, **kw):
    by = world.users["caseworker_kbh"] if kw.get("kommune") == world.kbh else None
    return publish(make_meeting(world, on=on, items=[(title, minutes, [])], **kw), by=by)


@pytest.fixture
def corpus(world, publish):
    _publish_text(
        world,
        publish,
        date(2021, 5, 27),
        "Henlæggelser",
        "De opsparede henlæggelserne er lavere end benchmarktallene.",
    )
    _publish_text(
        world,
        publish,
        date(2022, 5, 30),
        "Altaner",
        "Ny etape med opsætning af altaner i afd. Kirstinelund.",
    )
    _publish_text(
        world,
        publish,
        date(2022, 6, 1),
        "Nørrebro",
        "Henlæggelser drøftet i København.",
        kommune=world.kbh,
        org=world.kbhbolig,
    )
    return world


def test_it_finds_henlaeggelserne_when_searching_henlaeggelse(corpus):
    page = search_referater("henlæggelse")
    assert page.total == 2
    assert {h.referat.meeting_date for h in page.hits} == {date(2021, 5, 27), date(2022, 6, 1)}


@postgres_only
def test_postgres_stems_danish_words(corpus):
    assert search_referater("henlæggelserne").total == 2  # stem "henlæg" matches "henlæggelser" too
    assert search_referater("altan").total == 1
    assert search_referater("benchmarktal").total == 1


@sqlite_only
def test_sqlite_matches_word_prefixes(corpus):
    assert search_referater("henlæg").total == 2
    assert search_referater("altan").total == 1
    assert match_expression('Henlæggelse "DROP" 2.a') == '"henlæggelse"* "drop"* "2"* "a"*'


def test_all_words_must_match(corpus):
    assert search_referater("henlæggelse Kirstinelund").total == 0
    assert search_referater("altaner Kirstinelund").total == 1


def test_filters_narrow_the_search(corpus):
    assert search_referater("henlæggelse", SearchFilters(kommune="151")).total == 1
    assert search_referater("henlæggelse", SearchFilters(organisation="0101")).total == 1
    assert search_referater("henlæggelse", SearchFilters(year=2022)).total == 1
    assert search_referater("henlæggelse", SearchFilters(kommune="999")).total == 0


def test_hits_carry_a_safe_snippet_with_marks(world, publish):
    _publish_text(
        world, publish, date(2023, 1, 5), "Sikkerhed", "Teksten <b>henlæggelser</b> & mere."
    )
    hit = search_referater("henlæggelser").hits[0]
    assert "<mark>henlæggelser</mark>" in hit.snippet
    assert (
        "<b>" not in hit.snippet and "&amp; mere" in hit.snippet
    )  # PostgreSQL drops tags, SQLite escapes them


def test_a_match_in_the_title_ranks_first(world, publish):
    _publish_text(world, publish, date(2023, 1, 5), "Diverse", "Kirstinelund blev nævnt.")
    _publish_text(
        world,
        publish,
        date(2023, 2, 5),
        "Kirstinelund",
        "Kirstinelund, Kirstinelund og Kirstinelund.",
        org=world.kbhbolig,
    )
    ranks = search_referater("Kirstinelund").hits
    assert ranks[0].referat.organisation == world.kbhbolig  # the org name is in the referat's title
    assert ranks[0].rank >= ranks[1].rank


def test_empty_and_odd_queries_match_nothing_and_do_not_fail(corpus):
    for q in ("", "   ", '"', "*", "AND OR NOT", "(", "-", "'; DROP TABLE x; --"):
        assert search_referater(q).total == 0


def test_paging(corpus):
    first = search_referater("henlæggelse", limit=1)
    second = search_referater("henlæggelse", limit=1, offset=1)
    assert first.total == second.total == 2
    assert first.hits[0].referat != second.hits[0].referat


def test_a_correction_replaces_the_indexed_text(world, publish, caseworker):
    from styringsdialog.publication.services import publish_correction
    from styringsdialog.publication.tests.conftest import reapprove

    version = _publish_text(world, publish, date(2023, 4, 4), "Punkt", "Skrevet om kogeplader.")
    meeting = version.meeting
    reapprove(meeting, caseworker)
    meeting.items.update(minutes="Skrevet om varmt vand.")
    publish_correction(meeting=meeting, by=caseworker, change_note="Rettet emne.")
    assert search_referater("kogeplader").total == 0
    assert search_referater("varmt vand").total == 1


def test_the_index_can_be_rebuilt(corpus):
    assert rebuild_index() == 3
    assert search_referater("henlæggelse").total == 2
