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
    key = _key(run_benchmark(year=YEAR, params=SMALL), dept)
    assert key.rent_per_m2 == 1450.0 and key.rent_from_fact
    other = _key(KeyFigureResult.objects.latest("run").run, bm_world.almenbo["011"])
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
