"""The Ballerup caseworker logs in, opens Almenbo and the Lundebjerg department."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_caseworker_finds_lundebjerg_through_almenbo(world, page, login, live_server):
    login("torben")
    page.goto(f"{live_server.url}/kommune/151/")
    assert page.get_by_role("heading", level=1).inner_text() == "Ballerup Kommune"
    page.get_by_label("Søg på navn eller nummer").fill("Almenbo")
    page.get_by_role("button", name="Søg").click()
    page.locator("#results").get_by_role("link", name="Almenbo", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Almenbo"
    page.get_by_role("link", name="Lundebjerg").click()
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == "Afd. 008 Lundebjerg"
    body = page.locator("main").inner_text()
    assert "1. august 2020" in body  # taken into use, Danish date
    assert "5.400" in body  # m², Danish thousands separator
    assert "114 Renholdelse" in body
    # the caseworker cannot reach another kommune's department
    response = page.goto(f"{live_server.url}/organisation/0101/afdeling/001/")
    assert response is not None and response.status == 404
    assert "Siden findes ikke" in page.locator("main").inner_text()
