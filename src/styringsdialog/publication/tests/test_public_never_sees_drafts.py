"""Nothing unpublished reaches any public surface, whoever asks: pages, search, API and feed."""

from __future__ import annotations

from datetime import date

import pytest

from styringsdialog.publication.search import search_referater
from styringsdialog.publication.tests.conftest import RS, ItemSpec, make_meeting

pytestmark = pytest.mark.django_db

PERSONAS = [
    None,
    "caseworker_ballerup",
    "caseworker_kbh",
    "almenbo_staff",
    "other_org_staff",
    "analyst",
    "admin",
    "no_role",
]
SECRET = "zebrafinke"


@pytest.fixture
def published_and_drafts(world, seed_meeting, draft_meeting, publish):
    publish(seed_meeting)
    items: list[ItemSpec] = [("Godkendt men ikke offentliggjort", f"Også {SECRET} her.", [])]
    make_meeting(world, on=date(2022, 9, 1), status=RS.APPROVED, items=items)
    make_meeting(world, on=date(2022, 10, 1), status=RS.SENT, items=items)
    return world


def _get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_show_published_referater_only(published_and_drafts, client_for, persona):
    world = published_and_drafts
    client = client_for(world.users[persona] if persona else None)
    for url in (
        "/offentlig/",
        "/offentlig/kommune/151/",
        "/offentlig/?year=2022",
        "/offentlig/organisation/0151/",
    ):
        html = _get(client, url)
        assert SECRET not in html and "Fortroligt udkast" not in html
    assert "almenbo-2021-05-27" in _get(client, "/offentlig/")
    for draft_date in ("2022-06-02", "2022-09-01", "2022-10-01"):
        assert client.get(f"/offentlig/referat/151/almenbo-{draft_date}/").status_code == 404
        assert client.get(f"/offentlig/referat/151/almenbo-{draft_date}/pdf/").status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_search_finds_published_referater_only(published_and_drafts, client_for, persona):
    world = published_and_drafts
    client = client_for(world.users[persona] if persona else None)
    assert "0 referater matcher" in _get(client, f"/offentlig/?q={SECRET}")
    html = _get(client, "/offentlig/?q=henlæggelse")
    assert "1 referat matcher" in html and "Fortroligt" not in html


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_and_feed_show_published_referater_only(published_and_drafts, client_for, persona):
    world = published_and_drafts
    client = client_for(world.users[persona] if persona else None)
    listing = client.get("/api/v1/referater").json()
    assert listing["count"] == 1 and listing["items"][0]["meeting_date"] == "2021-05-27"
    assert client.get(f"/api/v1/referater/search?q={SECRET}").json()["total"] == 0
    assert client.get("/api/v1/referater/search?q=henlæggelse").json()["total"] == 1
    feed = _get(client, "/offentlig/kommune/151/feed/")
    assert feed.count("<entry>") == 1 and SECRET not in feed and "Fortroligt" not in feed


def test_the_search_index_holds_published_text_only(published_and_drafts):
    assert search_referater(SECRET).total == 0
    assert search_referater("Fortroligt udkast").total == 0
    assert search_referater("Covid").total == 1


@pytest.mark.parametrize("persona", [None, "almenbo_staff", "analyst"])
def test_edits_to_a_reopened_referat_stay_private_until_republished(
    world, seed_meeting, publish, caseworker, client_for, persona
):
    from styringsdialog.meetings.services.referat import reopen_referat_for_correction

    version = publish(seed_meeting)
    reopen_referat_for_correction(meeting=seed_meeting, by=caseworker, reason="Rettelse")
    seed_meeting.items.filter(parent=None, position=1).update(minutes=f"Ny tekst med {SECRET}.")
    client = client_for(world.users[persona] if persona else None)
    assert SECRET not in _get(client, version.referat.get_absolute_url())
    assert client.get(f"/api/v1/referater/search?q={SECRET}").json()["total"] == 0
    assert SECRET not in client.get(f"/api/v1/referater/{version.referat_id}").content.decode()
