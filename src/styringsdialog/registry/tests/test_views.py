"""Registry pages per persona: who sees what, and nothing leaks across kommuner."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def kommune_url(code: str, **params: str) -> str:
    from urllib.parse import urlencode

    return reverse("registry:kommune", args=[code]) + ("?" + urlencode(params) if params else "")


def test_anonymous_is_sent_to_login(world, client_for):
    response = client_for(None).get(kommune_url("151"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize(
    ("persona", "code", "status"),
    [
        ("caseworker_ballerup", "151", 200),
        ("caseworker_ballerup", "101", 404),
        ("caseworker_kbh", "151", 404),
        ("caseworker_kbh", "101", 200),
        ("almenbo_staff", "151", 200),
        ("almenbo_staff", "101", 404),
        ("other_org_staff", "151", 404),
        ("analyst", "151", 200),
        ("analyst", "999", 404),
        ("admin", "101", 200),
        ("no_role", "151", 404),
    ],
)
def test_kommune_overview_scope(world, client_for, persona, code, status):
    assert client_for(world.users[persona]).get(kommune_url(code)).status_code == status


def test_kommune_overview_lists_only_its_departments(world, client_for):
    html = (
        client_for(world.users["caseworker_ballerup"])
        .get(kommune_url("151", tab="departments"))
        .content.decode()
    )
    assert "Lundebjerg" in html and "Kirstinelund" in html
    assert "Nørrebroparken" not in html


def test_kommune_overview_search_and_sort(world, client_for):
    c = client_for(world.users["caseworker_ballerup"])
    html = c.get(kommune_url("151", tab="departments", q="lunde")).content.decode()
    assert "Lundebjerg" in html and "Kirstinelund" not in html
    html = c.get(kommune_url("151", tab="departments", sort="-dwellings")).content.decode()
    assert html.index("Kirstinelund") < html.index("Lundebjerg")
    html = c.get(kommune_url("151", tab="departments", sort="nonsense")).content.decode()
    assert "Lundebjerg" in html  # unknown sort key falls back to the default


def test_kommune_overview_formats_numbers_the_danish_way(world, client_for):
    html = client_for(world.users["caseworker_ballerup"]).get(kommune_url("151")).content.decode()
    assert "14.400 m²" in html  # 5.400 + 9.000


def test_kommune_overview_lists_each_organisation_with_its_departments_in_that_kommune(
    world, client_for
):
    """A København organisation with one department in Ballerup is listed in Ballerup with that
    department's figures only; organisation staff see only their own organisation."""
    from styringsdialog.testing import make_department

    make_department(
        world.kbhbolig, "002", "Ballerupgården", world.ballerup, dwellings=30, area=2000
    )
    response = client_for(world.users["caseworker_ballerup"]).get(kommune_url("151"))
    rows = {
        o.number: (o.n_departments, o.n_dwellings, o.n_area) for o in response.context["page_obj"]
    }
    assert rows == {"0151": (2, 180, 14400), "0101": (1, 30, 2000)}
    assert response.context["n_departments"] == 3
    assert response.context["totals"]["dwellings"] == 210
    # (950 kr. × 5.400 m² + 1.100 kr. × 9.000 m² + 950 kr. × 2.000 m²) / 16.400 m²
    assert round(float(response.context["mean_rent"]), 2) == 1032.32

    staff = client_for(world.users["almenbo_staff"]).get(kommune_url("151"))
    assert [o.number for o in staff.context["page_obj"]] == ["0151"]
    assert staff.context["n_departments"] == 2


def _count_queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_kommune_overview_query_count_is_bounded(world, client_for, django_assert_max_num_queries):
    """The page's queries do not grow with the number of rows (panels from other apps included)."""
    from styringsdialog.testing import make_department

    c = client_for(world.users["caseworker_ballerup"])
    urls = [kommune_url("151", tab=tab) for tab in ("organisations", "departments")]
    before = [_count_queries(c, url) for url in urls]
    assert max(before) <= 40
    for i in range(10):
        make_department(world.almenbo, f"1{i:02d}", f"Ekstra {i}", world.ballerup)
    assert [_count_queries(c, url) for url in urls] == before


@pytest.mark.parametrize(
    ("persona", "number", "status"),
    [
        ("caseworker_ballerup", "0151", 200),
        ("caseworker_ballerup", "0101", 404),
        ("almenbo_staff", "0151", 200),
        ("almenbo_staff", "0101", 404),
        ("other_org_staff", "0151", 404),
        ("caseworker_kbh", "0151", 404),
        ("analyst", "0101", 200),
        ("no_role", "0151", 404),
    ],
)
def test_organisation_page_scope(world, client_for, persona, number, status):
    url = reverse("registry:organisation", args=[number])
    assert client_for(world.users[persona]).get(url).status_code == status


@pytest.mark.parametrize(
    ("persona", "org", "dept", "status"),
    [
        ("caseworker_ballerup", "0151", "008", 200),
        ("caseworker_ballerup", "0101", "001", 404),
        ("almenbo_staff", "0151", "003", 200),
        ("other_org_staff", "0151", "008", 404),
        ("caseworker_kbh", "0151", "008", 404),
        ("analyst", "0151", "008", 200),
        ("admin", "0101", "001", 200),
        ("caseworker_ballerup", "0151", "999", 404),
    ],
)
def test_department_page_scope(world, client_for, persona, org, dept, status):
    url = reverse("registry:department", args=[org, dept])
    assert client_for(world.users[persona]).get(url).status_code == status


def test_department_page_shows_facts_and_five_years_of_accounts(world, client_for):
    url = reverse("registry:department", args=["0151", "008"])
    html = client_for(world.users["caseworker_ballerup"]).get(url).content.decode()
    assert "Lundebjerg" in html and "1. august 2020" in html
    for year in range(2020, 2025):
        assert f">{year}<" in html
    assert "114 Renholdelse" in html
    assert "243.000" in html  # 45 kr./m² × 5.400 m² on konto 114


def test_404_page_is_danish(world, client_for):
    response = client_for(world.users["caseworker_ballerup"]).get("/findes-ikke/")
    assert response.status_code == 404
    assert "Siden findes ikke" in response.content.decode()


def test_department_page_charts_five_years_of_accounts_beside_the_table(world, client_for):
    url = reverse("registry:department", args=["0151", "008"])
    html = client_for(world.users["caseworker_ballerup"]).get(url).content.decode()
    figure = html[html.index('id="accounts-chart"') :]
    svg = figure[figure.index("<svg") : figure.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg
    desc = svg[svg.index("<desc") : svg.index("</desc>")]
    assert "114 Renholdelse" in desc and "2024: 243.000 kr." in desc  # the table's number
    assert ">2020<" in svg and ">2024<" in svg  # a legend entry per year
    assert len(svg) < 60_000  # inline in the page: patterns of lines, not of dots


def test_kommune_overview_charts_packages_by_status(world, client_for):
    html = client_for(world.users["caseworker_ballerup"]).get(kommune_url("151")).content.decode()
    start = html.index('aria-labelledby="chart-packages-title')
    svg = html[start : html.index("</svg>", start)]
    assert "efter status: Ikke oprettet:" in svg
    assert "Tallene bag diagrammet" in html
