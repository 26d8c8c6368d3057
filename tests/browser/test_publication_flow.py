"""From meeting to public search: the Ballerup caseworker creates a meeting from the template,
writes a minute and an agreement, approves and publishes the referat; then an anonymous visitor
finds it through the public Danish search and downloads the PDF."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

MINUTES = (
    "Der blev drøftet henlæggelser til vedligeholdelse og fornyelse. De opsparede henlæggelserne "
    "er lavere end benchmarktallene.\n\nDer er planer om en ny etape med altaner i afd. Kirstinelund."
)


def _confirm_action(page, link_name: str) -> None:
    page.get_by_role("link", name=link_name).click()
    page.get_by_role("button", name=re.compile(r"^Bekræft")).click()
    page.wait_for_load_state("networkidle")


def _create_meeting(page, base: str) -> None:
    page.goto(f"{base}/kommune/151/moeder/nyt/")
    page.get_by_label("Boligorganisation").select_option(label="0151 Almenbo")
    page.get_by_label("Styringsår").fill("2021")
    page.get_by_label("Dato").fill("2021-05-27")
    page.get_by_label("Starttidspunkt").fill("13:00")
    page.get_by_role("textbox", name="Sted").fill("Ballerup Rådhus")
    page.get_by_role("button", name="Opret møde").click()
    page.wait_for_load_state("networkidle")


def _write_minutes_and_agreement(page) -> None:
    item = page.locator(
        "li.app-agenda-item", has_text="Gennemgang af styringsrapport for 2020"
    ).first
    item.get_by_role("link", name=re.compile("^Skriv referat")).click()
    item.get_by_label("Drøftelse").fill(MINUTES)
    item.get_by_role("button", name=re.compile("^Gem referat")).click()
    page.get_by_text(re.compile(r"Gemt kl\.")).wait_for()
    page.get_by_text("Ny aftale").click()
    page.get_by_label("Aftale", exact=True).fill(
        "Almenbo hæver henlæggelserne mod 200 kr. pr. m² pr. år."
    )
    page.get_by_label("Ansvarlig part").select_option("organisation")
    page.get_by_label("Ansvarlig person").fill("Claus")
    page.get_by_label("Frist").fill("2022-05-01")
    page.get_by_role("button", name="Opret aftale").click()
    page.wait_for_load_state("networkidle")


def test_caseworker_publishes_and_the_public_finds_it(world, page, login, live_server, browser):
    base = live_server.url
    login("torben")
    _create_meeting(page, base)
    _write_minutes_and_agreement(page)
    _confirm_action(page, "Markér mødet som afholdt")
    _confirm_action(page, "Send referat til organisationen")
    _confirm_action(page, "Godkend referat")

    page.get_by_role("link", name="Offentliggør referat").click()
    preview = page.locator("section.app-preview").inner_text()
    assert "Torsdag den 27. maj 2021" in preview and "henlæggelserne" in preview
    # the points nobody wrote about: left out, so the referat has no empty headings
    for choice in page.get_by_label("Udelad punktet af referatet").all():
        choice.check()
    page.get_by_label(re.compile("^Jeg bekræfter")).check()
    page.get_by_role("button", name="Offentliggør").click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{base}/offentlig/referat/151/almenbo-2021-05-27/"
    assert "Referatet er offentliggjort som version 1." in page.locator("main").inner_text()

    visitor = browser.new_context(locale="da-DK").new_page()
    visitor.goto(f"{base}/offentlig/")
    visitor.get_by_label("Søg i referaterne").fill("henlæggelse")
    visitor.get_by_role("button", name="Søg").click()
    visitor.get_by_role("heading", name=re.compile("1 referat matcher")).wait_for()
    visitor.get_by_role(
        "link", name="Referat af dialogmøde mellem Almenbo og Ballerup Kommune"
    ).click()
    visitor.wait_for_load_state("networkidle")
    body = visitor.locator("main").inner_text()
    assert (
        "Torsdag den 27. maj 2021" in body and "Almenbo (Claus)" in body and "1. maj 2022" in body
    )
    assert visitor.get_by_role("heading", level=1).first.inner_text().startswith("Referat")
    pdf = visitor.request.get(f"{base}/offentlig/referat/151/almenbo-2021-05-27/pdf/")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    visitor.context.close()
