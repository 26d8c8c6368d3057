"""The Ballerup caseworker prepares and runs a meeting in the browser: creates it from the
template, writes a minute (saved inline with htmx), reorders the agenda, adds a participant and
an agreement, and follows the agreement to its history.

Publication extends this flow (publish + public search) in ``test_publication_flow.py``; the
place to continue is marked at the end of ``test_caseworker_runs_a_meeting``.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def create_meeting(page, base: str) -> None:
    page.goto(f"{base}/kommune/151/moeder/nyt/")
    page.get_by_label("Boligorganisation").select_option(label="0151 Almenbo")
    page.get_by_label("Styringsår").fill("2021")
    page.get_by_label("Dato").fill("2021-05-27")
    page.get_by_label("Starttidspunkt").fill("10:00")
    page.get_by_role("textbox", name="Sted").fill("Ballerup Rådhus")
    page.get_by_role("button", name="Opret møde").click()
    page.wait_for_load_state("networkidle")


def agenda_titles(page) -> list[str]:
    return [t.strip() for t in page.locator("#dagsorden h3").all_inner_texts()]


def test_caseworker_runs_a_meeting(world, page, login, live_server):
    base = live_server.url
    login("torben")
    create_meeting(page, base)
    assert (
        "Individuelt dialogmøde mellem Almenbo og Ballerup Kommune"
        in page.get_by_role("heading", level=1).inner_text()
    )
    assert agenda_titles(page)[:2] == ["1. Velkomst", "2. Opfølgning på sidste års aftaler"]
    assert "4. Gennemgang af styringsrapport for 2020" in agenda_titles(page)
    url = page.url

    # minutes are saved inline (htmx): the page does not reload, a status says "Gemt"
    item = page.locator("li.app-agenda-item", has_text="Velkomst").first
    item.get_by_role("link", name=re.compile("^Skriv referat")).click()
    item.get_by_label("Drøftelse").fill(
        "Torben bød velkommen.\n\nClaus og Lisbet deltog fra Almenbo."
    )
    item.get_by_role("button", name=re.compile("^Gem referat")).click()
    page.get_by_text(re.compile(r"Gemt kl\.")).wait_for()
    assert page.url == url

    # reorder with htmx: "Årets temaer" moves up to 2.
    temaer = page.locator("li.app-agenda-item", has_text="Årets temaer").first
    temaer.get_by_role("button", name=re.compile("^Op")).click()
    page.wait_for_function("document.querySelector('#dagsorden h3:nth-of-type(1)') !== null")
    page.locator("#dagsorden h3", has_text="2. Årets temaer").wait_for()
    assert agenda_titles(page)[1] == "2. Årets temaer"

    # participant (form behind a disclosure)
    page.locator("summary", has_text="Tilføj deltager").click()
    free_text = page.locator("#deltagere details", has_text="Tilføj deltager")
    free_text.get_by_label("Navn").fill("Claus")
    free_text.get_by_label("Repræsenterer").select_option("organisation")
    free_text.get_by_label("Rolle/stilling").fill("Driftschef")
    free_text.get_by_role("button", name="Tilføj deltager").click()
    page.wait_for_load_state("networkidle")
    assert "Claus, Driftschef" in page.locator("#deltagere").inner_text()

    # agreement under the styringsrapport item
    page.locator("summary", has_text="Ny aftale").click()
    page.get_by_label("Aftale", exact=True).fill(
        "Materialet om energitilskuddet sendes til Ballerup Kommune"
    )
    value = page.locator("#aftaler option", has_text="Status for aktuelle sager").get_attribute(
        "value"
    )
    page.get_by_label("Dagsordenspunkt").select_option(value)
    page.get_by_label("Ansvarlig part").select_option("organisation")
    page.get_by_label("Ansvarlig person").fill("Claus")
    page.get_by_label("Frist").fill("2021-07-01")
    page.get_by_role("button", name="Opret aftale").click()
    page.wait_for_load_state("networkidle")
    assert "Aftalen er oprettet." in page.locator("main").inner_text()

    # the minute survives a reload; the agreement has a history
    page.reload()
    saved = page.locator("li.app-agenda-item", has_text="Velkomst").first.locator(".app-minutes")
    assert "Torben bød velkommen." in saved.inner_text()
    assert "Claus og Lisbet deltog fra Almenbo." in saved.inner_text()
    page.locator("#aftaler").get_by_role(
        "link", name="Materialet om energitilskuddet sendes til Ballerup Kommune"
    ).click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Aftale:")
    assert "Oprettet" in page.locator("main").inner_text()

    # --- publication continues here: hold → send → approve → publish → public search
    # (see tests/browser/test_publication_flow.py)
