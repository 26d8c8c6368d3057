"""Breadcrumbs: Overblik › kommune › organisation › afdeling on the department and efficiency
pages too, and never a link to a kommune page the user cannot open (it would be a 404)."""

from __future__ import annotations

import re

import pytest

from styringsdialog.testing import make_department

pytestmark = pytest.mark.django_db


def _crumbs(html: str) -> list[str]:
    nav = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S)
    assert nav, "no breadcrumbs"
    return re.findall(r'href="([^"]+)"', nav.group(0))


@pytest.mark.parametrize(
    "path",
    [
        "/organisation/0151/afdeling/003/",
        "/organisation/0151/afdeling/003/effektivitet/",
        "/organisation/0151/effektivitet/",
    ],
)
def test_department_and_efficiency_pages_have_the_kommune_level(world, client_for, path):
    for persona in ("caseworker_ballerup", "almenbo_staff", "analyst"):
        response = client_for(world.users[persona]).get(path)
        assert response.status_code == 200, (persona, path)
        crumbs = _crumbs(response.content.decode())
        assert "/kommune/151/" in crumbs, (persona, crumbs)
        for href in crumbs:
            assert client_for(world.users[persona]).get(href.split("?")[0]).status_code == 200


def test_no_breadcrumb_to_a_kommune_the_caseworker_cannot_open(world, client_for):
    # Almenbo (home Ballerup) also has a department in København: Karin may see the organisation
    make_department(world.almenbo, "020", "Amagerhuse", world.kbh, dwellings=40, area=3000)
    karin = client_for(world.users["caseworker_kbh"])
    response = karin.get("/organisation/0151/")
    assert response.status_code == 200
    crumbs = _crumbs(response.content.decode())
    assert "/kommune/151/" not in crumbs
    for href in crumbs:
        assert karin.get(href.split("?")[0]).status_code == 200
