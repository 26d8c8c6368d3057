"""Absurd ``?page=`` values (and years) on every paginated HTML page: a page, never a 500.

Every view that paginates goes through ``lib.pagination`` (checked below), so a 22-digit,
negative or non-numeric page shows the last or the first page.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from styringsdialog.benchmarking.services import run_benchmark
from styringsdialog.meetings import services as meetings
from styringsdialog.publication.services import publish_referat
from styringsdialog.publication.tests.conftest import ItemSpec, make_meeting
from styringsdialog.registers.tests.factories import load_registers

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2]
HUGE = "3851474355451808710656"
BAD_PAGES = [HUGE, "9" * 5000, "-5", "0", "abc", "²", "1e400", "2.5", "%00"]

# name → (url name, args, query, who looks: a persona or None for anonymous)
PAGINATED = {
    "registry kommune, organisations": ("registry:kommune", ["151"], "", "admin"),
    "registry kommune, departments": ("registry:kommune", ["151"], "tab=departments", "admin"),
    "registry organisation": ("registry:organisation", ["0151"], "", "admin"),
    "efficiency, kommune": ("benchmarking:kommune", ["151"], "", "admin"),
    "efficiency, organisation": ("benchmarking:organisation", ["0151"], "", "admin"),
    "meetings, kommune": ("meetings:kommune_meetings", ["151"], "", "caseworker_ballerup"),
    "meetings, organisation": ("meetings:organisation_meetings", ["0151"], "", "admin"),
    "agreements, kommune": ("meetings:kommune_agreements", ["151"], "", "caseworker_ballerup"),
    "cases, kommune": ("meetings:kommune_cases", ["151"], "status=alle", "caseworker_ballerup"),
    "cases, department": ("meetings:department_cases", ["0151", "008"], "", "admin"),
    "reconciliation, department": ("registers:afstemning_afdeling", ["0151", "003"], "", "admin"),
    "reconciliation, unmatched units": ("registers:ukoblede", ["151"], "", "admin"),
    "public portal": ("publication:portal", [], "", None),
    "public portal, kommune": ("publication:kommune", ["151"], "", None),
    "public search": ("publication:portal", [], "q=henlæggelser", None),
    "background jobs": ("jobs:list", [], "", "admin"),
}


@pytest.fixture
def fake_pdf(monkeypatch):
    monkeypatch.setattr(
        "styringsdialog.publication.rendering.render_pdf", lambda doc, body=None: b"%PDF-1.7\n"
    )


@pytest.fixture
def filled(world, fake_pdf):
    """Something on every list: a reconciliation, an efficiency run, a meeting with an agreement,
    a case, and two published referater that the search finds."""
    load_registers()
    run_benchmark(year=2024)
    torben = world.users["caseworker_ballerup"]
    meeting = meetings.create_meeting_from_template(
        kommune=world.ballerup,
        organisation=world.almenbo,
        styringsaar=2024,
        date=date(2024, 5, 27),
        by=torben,
    )
    meetings.add_agreement(
        meeting=meeting, text="Henlæggelserne hæves.", responsible_side="organisation", by=torben
    )
    meetings.open_case(
        department=world.lundebjerg,
        category="byggeri_mangler",
        title="Mangler",
        opened_on=date(2024, 1, 2),
        by=torben,
    )
    minutes: list[ItemSpec] = [("Henlæggelser", "Henlæggelserne drøftet.", [])]
    for on in (date(2021, 5, 27), date(2022, 5, 30)):
        publish_referat(meeting=make_meeting(world, on=on, items=minutes), by=torben)
    return world


def _url(name: str, args: list[str], query: str, page: str) -> str:
    return f"{reverse(name, args=args)}?{query + '&' if query else ''}page={page}"


@pytest.mark.parametrize("page_name", list(PAGINATED))
def test_absurd_page_numbers_give_a_page_not_an_error(filled, client_for, page_name):
    name, args, query, persona = PAGINATED[page_name]
    client = client_for(filled.users[persona] if persona else None)
    client.raise_request_exception = False
    seen = {page: client.get(_url(name, args, query, page)).status_code for page in BAD_PAGES}
    assert seen == dict.fromkeys(BAD_PAGES, 200)


OLDER, NEWER = "almenbo-2021-05-27", "almenbo-2022-05-30"  # the referater's addresses


def test_a_huge_page_is_the_last_page_and_a_negative_one_the_first(filled, client, monkeypatch):
    monkeypatch.setattr("styringsdialog.publication.views.PAGE_SIZE", 1)
    for query in ("", "q=henlæggelser&"):
        last = client.get(f"/offentlig/?{query}page={HUGE}").content.decode()
        first = client.get(f"/offentlig/?{query}page=-5").content.decode()
        assert "Side 2 af 2" in last and OLDER in last and NEWER not in last
        assert "Side 1 af 2" in first and NEWER in first and OLDER not in first


@pytest.mark.parametrize("query", ["year=-112", "year=-112&q=henlæggelser", f"year={HUGE}"])
def test_an_impossible_year_on_the_public_search_is_ignored(filled, client, query):
    response = client.get(f"/offentlig/?{query}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 offentliggjorte referater" in html or "2 referater matcher" in html


def test_a_possible_year_still_filters(filled, client):
    assert "1 offentliggjort referat" in client.get("/offentlig/?year=2021").content.decode()


@pytest.mark.parametrize(
    ("url", "persona"),
    [
        ("/kommune/151/effektivitet/?year=²", "admin"),
        (f"/kommune/151/effektivitet/?year={'9' * 5000}", "admin"),
        ("/kommune/151/moeder/?aar=²", "caseworker_ballerup"),
        (f"/kommune/151/moeder/?aar={HUGE}", "caseworker_ballerup"),
        ("/organisation/0151/briefing/?aar=²", "caseworker_ballerup"),
    ],
)
def test_other_numeric_filters_never_give_a_500(filled, client_for, url, persona):
    client = client_for(filled.users[persona])
    client.raise_request_exception = False
    assert client.get(url).status_code == 200


def test_every_paginating_view_uses_the_shared_helper():
    """A view that builds its own ``Paginator`` would bring the 500s back."""
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if "tests" not in path.parts
        and path.name != "pagination.py"
        and re.search(r"\bPaginator\(|\.get_page\(", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
