"""The kvarterprofil page per persona: indicators over the years with diskretionering, SVG
charts against the thresholds, and the area's classification with the criteria met."""

from __future__ import annotations

import pytest
from django.urls import reverse

from styringsdialog.registers.tests.factories import load_residents

pytestmark = pytest.mark.django_db


def profile(org: str, dept: str) -> str:
    return reverse("registers:kvarterprofil", args=[org, dept])


@pytest.fixture
def residents(world):
    load_residents()


def test_anonymous_is_sent_to_login(residents, client_for):
    assert client_for(None).get(profile("0151", "003")).status_code == 302


SCOPE = {
    ("caseworker_ballerup", "0151", "003"): 200,
    ("almenbo_staff", "0151", "003"): 200,
    ("analyst", "0151", "003"): 200,
    ("admin", "0101", "001"): 200,
    ("caseworker_kbh", "0151", "003"): 404,
    ("other_org_staff", "0151", "003"): 404,
    ("no_role", "0151", "003"): 404,
    ("caseworker_ballerup", "0101", "001"): 404,
}


def test_scope(residents, world, client_for):
    seen = {
        key: client_for(world.users[key[0]]).get(profile(key[1], key[2])).status_code
        for key in SCOPE
    }
    assert seen == SCOPE


def test_classification_with_criteria_values_and_thresholds(residents, world, client_for):
    html = (
        client_for(world.users["caseworker_ballerup"]).get(profile("0151", "003")).content.decode()
    )
    assert "Kirstinelund-området" in html
    assert "Liste 2024 (regelsæt 2021): <strong>Forebyggelsesområde</strong>" in html
    assert "Kriterier for forebyggelsesområder (lavere grænser)" in html
    assert "mindst 2 × landsgennemsnittet" in html and "under 65 %" in html
    assert "32,5 %" in html  # non-Western share in the criteria table
    assert html.count("<svg") == 5 and 'aria-hidden="true"' not in html
    assert "Diskretioneret" not in html


def test_years_below_the_discretion_limits_are_hidden(residents, world, client_for):
    html = (
        client_for(world.users["caseworker_ballerup"]).get(profile("0151", "008")).content.decode()
    )
    assert "Diskretioneret" in html  # 2023: 90 residents, 40 households
    assert "20,0" not in html  # the 2023 non-Western share is suppressed
    assert "21,0" in html  # 2024 (140 residents, 62 households) is shown
    assert "indgår ikke i et boligområde" in html


def test_a_department_without_data(world, client_for):
    html = client_for(world.users["caseworker_kbh"]).get(profile("0101", "001")).content.decode()
    assert "Der er ikke indlæst beboerdata for afdelingen" in html


def test_every_chart_has_a_text_alternative_starts_at_zero_and_sits_by_its_table(
    residents, world, client_for
):
    import re

    html = (
        client_for(world.users["caseworker_ballerup"]).get(profile("0151", "003")).content.decode()
    )
    charts = re.findall(r"<svg\b.*?</svg>", html, re.S)
    assert len(charts) == 5
    for svg in charts:
        ids = re.search(r'aria-labelledby="([^"]+)"', svg)
        assert ids and 'role="img"' in svg
        for ref in ids.group(1).split():
            assert f'id="{ref}"' in svg
        assert re.search(r"<title [^>]*>Linjediagram: .+ pr\. år</title>", svg)
        desc = re.search(r"<desc [^>]*>(.*?)</desc>", svg, re.S)
        assert (
            desc and "Afdelingen: " in desc.group(1) and "Y-aksen starter ved 0." in desc.group(1)
        )
        lowest = re.search(r'<g id="ytick_1">.*?<text[^>]*>([^<]+)</text>', svg, re.S)
        assert lowest and lowest.group(1).strip() in {"0", "0,0", "0,00"}
    # one id per chart on the page
    assert len(set(re.findall(r'id="(chart-[a-z_]+-title)"', html))) == 5
    assert "Y-aksen i hvert diagram starter ved 0." in html
    assert html.index('id="indicators"') < html.index("<svg")


@pytest.fixture
def count_renders(monkeypatch):
    """Count the charts matplotlib draws (the cache is emptied first)."""
    from django.core.cache import cache

    from styringsdialog.registers import charts

    cache.clear()
    calls: list[str] = []
    real = charts.render_indicator_svg

    def counted(**kwargs):
        calls.append(kwargs["chart_id"])
        return real(**kwargs)

    monkeypatch.setattr(charts, "render_indicator_svg", counted)
    yield calls
    cache.clear()


def test_an_unchanged_profile_renders_no_chart_the_second_time(
    residents, world, client_for, count_renders
):
    client = client_for(world.users["caseworker_ballerup"])
    first = client.get(profile("0151", "003")).content.decode()
    assert len(count_renders) == 5
    second = client.get(profile("0151", "003")).content.decode()
    assert len(count_renders) == 5  # all five served from the cache
    import re

    svgs = re.compile(r"<svg.*?</svg>", re.S)
    assert len(svgs.findall(second)) == 5 and svgs.findall(first) == svgs.findall(second)


def test_changed_data_gives_a_new_chart(residents, world, client_for, count_renders):
    from styringsdialog.registers.models import ResidentIndicator

    client = client_for(world.users["caseworker_ballerup"])
    client.get(profile("0151", "003"))
    assert len(count_renders) == 5
    record = ResidentIndicator.objects.filter(department__number="003").latest("year")
    record.unemployed_pct = 41.5
    record.save()
    html = client.get(profile("0151", "003")).content.decode()
    assert count_renders[5:] == ["chart-unemployed_pct"]  # only the changed chart is redrawn
    assert "41,5 %" in html


def test_the_chart_version_is_part_of_the_key(monkeypatch):
    from styringsdialog.registers import charts

    before = charts.chart_key(years=[2024], values=[1.0])
    monkeypatch.setattr(charts, "CHART_VERSION", charts.CHART_VERSION + 1)
    assert charts.chart_key(years=[2024], values=[1.0]) != before
    assert charts.chart_key(years=[2024], values=[1.5]) != charts.chart_key(
        years=[2024], values=[1.0]
    )
