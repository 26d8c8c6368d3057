"""Key figures per year from what was imported: the year's rent fact, accumulated provisions
from the balance konti, past years without today's rent, and efficiency figures withheld when
there are too few comparable departments."""

from __future__ import annotations

from decimal import Decimal

import pytest

from styringsdialog.benchmarking import briefing
from styringsdialog.benchmarking.models import DepartmentResult, KeyFigureResult
from styringsdialog.benchmarking.services import run_benchmark
from styringsdialog.benchmarking.tests.conftest import (
    ALMENBO_FACTORS,
    SMALL,
    YEAR,
    add_lines,
    costs_for,
)
from styringsdialog.registry.models import AccountLine, DataSource, DepartmentFact
from styringsdialog.registry.services import ensure_chart_of_accounts

pytestmark = pytest.mark.django_db


def _source() -> DataSource:
    return DataSource.objects.create(kind="import", name="Dokumentationspakke 2025")


def _fact(dept, year: int, code: str, value: str) -> None:
    DepartmentFact.objects.create(
        department=dept, year=year, code=code, value=Decimal(value), unit="", source=_source()
    )


def _key(run, dept) -> KeyFigureResult:
    return KeyFigureResult.objects.get(run=run, department=dept)


def test_the_imported_rent_of_the_year_is_the_key_figure(bm_world):
    dept = bm_world.almenbo["010"]  # master rent 900
    _fact(dept, YEAR, "rent_per_m2", "1450")
    run = run_benchmark(year=YEAR, params=SMALL)
    key = _key(run, dept)
    assert key.rent_per_m2 == 1450.0 and key.rent_from_fact
    other = _key(run, bm_world.almenbo["011"])
    assert other.rent_per_m2 == 940.0 and not other.rent_from_fact  # newest year: master rent


def test_imported_area_and_dwellings_of_the_year_are_used(bm_world):
    dept = bm_world.almenbo["010"]  # 60 dwellings, 4,800 m², 120 kr./m² provisions
    _fact(dept, YEAR, "area_total", "5760")
    _fact(dept, YEAR, "dwellings_total", "72")
    key = _key(run_benchmark(year=YEAR, params=SMALL), dept)
    assert key.provisions == pytest.approx(120 * 4800)
    assert key.provisions_per_m2 == pytest.approx(100.0)  # 576,000 / 5,760
    assert key.provisions_per_dwelling == pytest.approx(8000.0)  # 576,000 / 72


def test_a_past_year_does_not_show_todays_rent(bm_world):
    past = YEAR - 1
    for i, (number, factor) in enumerate(ALMENBO_FACTORS.items()):
        add_lines(bm_world.almenbo[number], past, costs_for(factor, i))
    _fact(bm_world.almenbo["011"], past, "rent_per_m2", "905")
    run = run_benchmark(year=past, params=SMALL)
    assert _key(run, bm_world.almenbo["010"]).rent_per_m2 is None
    assert _key(run, bm_world.almenbo["011"]).rent_per_m2 == 905.0


def test_accumulated_provisions_come_from_the_balance_konti(bm_world):
    dept = bm_world.almenbo["010"]  # 60 dwellings, 4,800 m²
    chart = ensure_chart_of_accounts()
    source = _source()
    for konto, amount in (("401", "2400000"), ("402", "180000"), ("403", "78000")):
        AccountLine.objects.create(
            department=dept,
            year=YEAR,
            konto=konto,
            amount=Decimal(amount),
            chart=chart,
            source=source,
        )
    run = run_benchmark(year=YEAR, params=SMALL)
    key = _key(run, dept)
    assert key.accumulated == pytest.approx(2_658_000)
    assert key.accumulated_per_dwelling == pytest.approx(44_300)
    assert key.accumulated_per_m2 == pytest.approx(553.75)
    assert _key(run, bm_world.almenbo["011"]).accumulated is None


def test_few_comparable_departments_are_not_coloured_nor_briefed(bm_world, settings):
    settings.BENCHMARK_MIN_COMPARABLE = 30
    run = run_benchmark(year=YEAR, params=SMALL)
    results = DepartmentResult.objects.filter(run=run)
    assert {r.excluded_reason for r in results} == {"too_few_peers"}
    assert {r.colour for r in results} == {""}
    assert all(r.effektivitetstal is None for r in results)
    assert "for få sammenlignelige afdelinger" in results[0].explanation
    assert run.n_scored == 0
    assert briefing.efficiency_range(bm_world.world.almenbo, YEAR + 1) == []


def test_enough_comparable_departments_are_coloured(bm_world, settings):
    settings.BENCHMARK_MIN_COMPARABLE = 3
    run = run_benchmark(year=YEAR, params=SMALL)
    assert DepartmentResult.objects.filter(run=run, excluded_reason="").exists()


def test_the_page_says_which_year_it_shows_and_why(bm_world, client_for):
    from django.urls import reverse

    run_benchmark(year=YEAR, params=SMALL)
    for i, (number, factor) in enumerate(ALMENBO_FACTORS.items()):
        add_lines(bm_world.almenbo[number], YEAR + 1, costs_for(factor, i))
    url = reverse("benchmarking:kommune", args=["151"])
    caseworker = client_for(bm_world.users["caseworker_ballerup"])
    html = caseworker.get(url).content.decode()
    assert (
        f"Viser {YEAR}, det nyeste år med beregnede tal; {YEAR + 1} er ikke beregnet endnu." in html
    )
    assert '<a href="#start-run">Start beregning</a>' in html
    asked = caseworker.get(url + f"?year={YEAR + 1}").content.decode()
    assert f"Viser {YEAR}, det nyeste år med beregnede tal; {YEAR + 1} er ikke beregnet." in asked
    staff = client_for(bm_world.users["almenbo_staff"]).get(
        reverse("benchmarking:organisation", args=["0151"])
    )
    assert "er ikke beregnet endnu" in staff.content.decode()
    assert "#start-run" not in staff.content.decode()  # staff may not start a run


def test_department_page_and_briefing_show_low_accumulated_provisions(bm_world, client_for):
    from django.urls import reverse

    chart = ensure_chart_of_accounts()
    source = _source()
    for i, number in enumerate(ALMENBO_FACTORS):
        AccountLine.objects.create(
            department=bm_world.almenbo[number],
            year=YEAR,
            konto="401",
            amount=Decimal(1_000_000 + 500_000 * i),
            chart=chart,
            source=source,
        )
    from almen.keyfigures import KeyFigureParameters

    run_benchmark(year=YEAR, params=SMALL, key_params=KeyFigureParameters(min_group_size=1))
    lowest = bm_world.almenbo["010"]  # 1,000,000 kr. / 60 dwellings = 16,667 kr. per dwelling
    assert _key(KeyFigureResult.objects.latest("run").run, lowest).accumulated_critical_low
    html = (
        client_for(bm_world.users["caseworker_ballerup"])
        .get(reverse("benchmarking:department", args=["0151", "010"]) + f"?year={YEAR}")
        .content.decode()
    )
    assert "Opsparede henlæggelser (konto 401–404, saldo ultimo)" in html
    assert "16.667 kr. pr. bolig" in html
    points = briefing.accumulated_provisions(bm_world.world.almenbo, YEAR + 1)
    assert points[0].title == "Afd. 010 Almenbo 010: lave opsparede henlæggelser"
    assert "16.667 kr. pr. bolig" in points[0].text
