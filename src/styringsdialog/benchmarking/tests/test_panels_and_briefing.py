"""Sections on the registry pages and the briefing points."""

from __future__ import annotations

import pytest
from django.urls import reverse

from styringsdialog.benchmarking import briefing
from styringsdialog.benchmarking.services import run_benchmark
from styringsdialog.benchmarking.tests.conftest import SMALL, YEAR
from styringsdialog.benchmarking.tests.test_views import official
from styringsdialog.registry.briefing import briefing_sources, collect_briefing

pytestmark = pytest.mark.django_db


def test_no_panels_before_the_first_run(bm_world, client_for):
    html = (
        client_for(bm_world.users["caseworker_ballerup"])
        .get(reverse("registry:organisation", args=["0151"]))
        .content.decode()
    )
    assert "Effektivitetstal" not in html


def test_kommune_panel_counts_colours_and_links(bm_run, bm_world, client_for):
    html = (
        client_for(bm_world.users["caseworker_ballerup"])
        .get(reverse("registry:kommune", args=["151"]))
        .content.decode()
    )
    assert f"Regnskabsår {YEAR}: 2 grønne, 4 gule og 2 røde afdelinger." in html
    assert reverse("benchmarking:kommune", args=["151"]) + f"?aar={YEAR}" in html


def test_organisation_panel_shows_the_range_phrase(bm_run, bm_world, client_for):
    official(bm_world.almenbo["014"], YEAR, 75)
    html = (
        client_for(bm_world.users["almenbo_staff"])
        .get(reverse("registry:organisation", args=["0151"]))
        .content.decode()
    )
    assert "Effektivitetstallene ligger fra 67 (rød) til 95 (grøn)" in html
    assert reverse("benchmarking:organisation", args=["0151"]) in html


def test_department_panel_shows_the_figure_with_colour_and_flags(bm_run, bm_world, client_for):
    url = reverse("registry:department", args=["0151", "010"])
    html = client_for(bm_world.users["caseworker_ballerup"]).get(url).content.decode()
    assert (
        '<span class="app-colour app-colour--groen">90 (grøn)</span> <span class="app-muted">beregnet</span>'
        in html
    )
    assert "Henlæggelser under normen pr. m²" in html
    assert reverse("benchmarking:department", args=["0151", "010"]) in html


def test_the_three_sources_are_registered():
    assert {"effektivitet", "henlaeggelser", "husleje"} <= set(briefing_sources())


def test_briefing_uses_the_accounts_of_the_year_before_the_styringsaar(bm_run, bm_world):
    assert briefing.efficiency_range(bm_world.world.almenbo, YEAR) == []
    [point] = briefing.efficiency_range(bm_world.world.almenbo, YEAR + 1)
    assert point.title == "Effektivitetstal: fra 67 (rød) til 95 (grøn)"
    assert point.text.startswith(
        f"Effektivitetstallene ligger fra 67 (rød) til 95 (grøn) (regnskabsår {YEAR}: 2 grønne, 4 gule og 2 røde;"
    )
    assert (
        point.severity == "warning"
        and point.evidence_url
        == reverse("benchmarking:organisation", args=["0151"]) + f"?aar={YEAR}"
    )


def test_provision_points_link_to_department_pages(bm_run, bm_world):
    points = briefing.provisions(bm_world.world.almenbo, YEAR + 1)
    titles = [p.title for p in points]
    assert titles[0] == "Afd. 010 Almenbo 010: henlæggelser 120 kr./m²"
    high = points[titles.index("Afd. 015 Almenbo 015: henlæggelser 270 kr./m²")]
    assert "over den øvre kritiske værdi" in high.text and "under normen" not in high.text
    assert high.severity == "warning"
    first = points[0]
    assert first.text == (
        f"Henlæggelserne (konto 120) var 120 kr. pr. m² i {YEAR}, under normen på 200 kr./m² "
        "(kilde: Ballerup-referatet 2021) og under den nedre kritiske værdi (150 kr./m²)."
    )
    below_norm_only = points[titles.index("Afd. 012 Almenbo 012: henlæggelser 180 kr./m²")]
    assert below_norm_only.severity == "info"
    assert (
        first.evidence_url
        == reverse("benchmarking:department", args=["0151", "010"]) + f"?aar={YEAR}"
    )
    assert first.department_ids == (bm_world.almenbo["010"].pk,)


def test_high_rent_with_low_provisions_is_one_warning(bm_world):
    from styringsdialog.registry.models import Department

    # Almenbo 012 has the highest rent of the fixture; make it clearly high for the region
    Department.objects.filter(pk=bm_world.almenbo["012"].pk).update(rent_per_m2=2000)
    run_benchmark(year=YEAR, params=SMALL)
    points = briefing.high_rent(bm_world.world.almenbo, YEAR + 1)
    assert [p.title for p in points][:1] == [
        "Afd. 012 Almenbo 012: høj husleje og lave henlæggelser"
    ]
    assert points[0].severity == "warning" and "under normen" in points[0].text


def test_collect_briefing_includes_our_points(bm_run, bm_world):
    sources = {p.source for p in collect_briefing(bm_world.world.almenbo, YEAR + 1)}
    assert {"effektivitet", "henlaeggelser"} <= sources


def _kommune_panel_text(client, code: str) -> str:
    html = client.get(reverse("registry:kommune", args=[code])).content.decode()
    return html.split(f"Regnskabsår {YEAR}: ", 1)[1].split(" afdelinger", 1)[0]


def test_cached_kommune_counts_never_cross_scopes(bm_world, client_for):
    """The kommune panel's counts are cached, keyed by the reader's scope: København's housing
    company's staff see only their own department in Ballerup, even right after Ballerup's
    caseworker has filled the cache with all nine."""
    from styringsdialog.benchmarking.tests.conftest import add_lines, costs_for
    from styringsdialog.testing import make_department

    world = bm_world.world
    own = make_department(world.kbhbolig, "090", "Kbh i Ballerup", world.ballerup, dwellings=80)
    add_lines(own, YEAR, costs_for(1.0, 0))
    run_benchmark(year=YEAR, params=SMALL)

    caseworker = _kommune_panel_text(client_for(bm_world.users["caseworker_ballerup"]), "151")
    staff = _kommune_panel_text(client_for(bm_world.users["other_org_staff"]), "151")

    assert sum(int(word) for word in caseworker.split() if word.isdigit()) == 9
    assert staff in {"1 grøn", "1 gul", "1 rød"}


def test_kommune_counts_come_from_the_cache_until_a_new_import(
    bm_run, bm_world, client_for, django_assert_num_queries
):
    from styringsdialog.benchmarking import panels
    from styringsdialog.registry.models import Kommune

    client = client_for(bm_world.users["caseworker_ballerup"])
    assert _kommune_panel_text(client, "151") == "2 grønne, 4 gule og 2 røde"
    request = client.get(reverse("registry:kommune", args=["151"])).wsgi_request
    ballerup = Kommune.objects.get(code="151")
    # newest year, the run, the newest data source; no results are read
    with django_assert_num_queries(3):
        panel = panels.kommune_panel(request, ballerup)
    assert panel is not None and panel.context["counts"].total == 8

    # an import of official scores creates a data source, so the counts are computed again
    official(bm_world.almenbo["010"], YEAR, 50)
    assert _kommune_panel_text(client, "151") == "1 grøn, 4 gule og 3 røde"


def test_colour_summary_counts_the_shown_colours_like_summary(bm_run, bm_world):
    from styringsdialog.benchmarking.queries import pages

    official(bm_world.almenbo["010"], YEAR, 50, "groen")  # an official colour wins
    official(bm_world.almenbo["011"], YEAR, 95)  # no official colour: the run's scale
    departments = bm_world.world.ballerup.departments.all()
    scale = bm_run.colour_scale.as_scale()
    counts = pages.colour_summary(bm_run, departments, scale)
    assert counts == pages.summary(bm_run, departments, scale).counts
    assert counts.total == 8


def test_kommune_panel_charts_departments_per_colour_with_its_table(bm_run, bm_world, client_for):
    html = (
        client_for(bm_world.users["caseworker_ballerup"])
        .get(reverse("registry:kommune", args=["151"]))
        .content.decode()
    )
    start = html.index('aria-labelledby="chart-colours-title')
    svg = html[start : html.index("</svg>", start)]
    assert f"Afdelinger pr. farve, regnskabsår {YEAR}: Grøn: 2; Gul: 4; Rød: 2." in svg
    assert '<th scope="row">Gul</th><td class="num">4</td>' in html  # the table beside it
