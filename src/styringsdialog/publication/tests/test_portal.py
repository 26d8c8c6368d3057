"""The public list: filters, paging, htmx partial, bounded queries, and the reindex command."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from styringsdialog.publication.search import search_referater
from styringsdialog.publication.tests.conftest import make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def several(world, publish):
    for month in (1, 2, 3):
        publish(make_meeting(world, on=date(2022, month, 10)))
    publish(make_meeting(world, on=date(2021, 5, 27)))
    kbh = make_meeting(world, on=date(2022, 4, 4), kommune=world.kbh, org=world.kbhbolig)
    publish(kbh, by=world.users["caseworker_kbh"])
    return world


def test_the_list_is_newest_first_and_filters(client, several):
    html = client.get("/offentlig/").content.decode()
    assert "5 offentliggjorte referater" in html
    assert html.index("04.04.2022") < html.index("10.03.2022") < html.index("27.05.2021")
    assert "1 offentliggjort referat" in client.get("/offentlig/?year=2021").content.decode()
    assert "4 offentliggjorte referater" in client.get("/offentlig/kommune/151/").content.decode()
    html = client.get("/offentlig/?organisation=0101").content.decode()
    assert "1 offentliggjort referat" in html and "Københavns Boligselskab" in html


def test_unknown_filter_values_are_ignored(client, several):
    for query in (
        "?year=abc",
        "?kommune=xyz",
        "?organisation=%3Cscript%3E",
        "?page=-3",
        "?page=zz",
    ):
        response = client.get(f"/offentlig/{query}")
        assert (
            response.status_code == 200
            and "5 offentliggjorte referater" in response.content.decode()
        )


def test_an_unknown_kommune_page_is_404(client, world):
    assert client.get("/offentlig/kommune/999/").status_code == 404


def test_htmx_gets_only_the_results(client, several):
    html = client.get("/offentlig/?q=Covid", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and "5 referater matcher" in html


@pytest.mark.parametrize(
    "url", ["/offentlig/", "/offentlig/?q=henlæggelse", "/offentlig/kommune/151/"]
)
def test_list_pages_use_a_bounded_number_of_queries(
    client, several, django_assert_max_num_queries, url
):
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


def test_the_reindex_command(several):
    out = StringIO()
    call_command("reindex_referater", stdout=out)
    assert "5 referater" in out.getvalue()
    assert search_referater("Covid").total == 5
