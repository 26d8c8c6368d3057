"""Fixtures for the benchmarking tests: a small world of departments with known costs.

``bm_world`` adds to the shared ``world`` six Almenbo departments in Ballerup and four
departments of Københavns Boligselskab in København, all familie, 50–99 dwellings, region
Hovedstaden. København's afd. 010 is 20 % cheaper than the base on every account but 114
(10 %), so it is best practice for Almenbo's afd. 010 with effektivitetstal 90 and binding
account 114 (and Almenbo's caseworker may not see it).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from almen.efficiency import Parameters
from styringsdialog.registry.models import AccountLine, DataSource, Department
from styringsdialog.registry.services import ensure_chart_of_accounts
from styringsdialog.testing import World, make_department

YEAR = 2024
SMALL = Parameters(min_peers=3)
"""Peer groups of at least 3 others, so 10–15 departments give real groups."""
BASE_PER_DWELLING = {
    "109": 1200,
    "110": 600,
    "111": 4000,
    "112.1": 700,
    "114": 3000,
    "115": 2500,
    "117": 800,
    "121": 300,
    "122": 200,
}
PROVISIONS_PER_M2 = 150
ALMENBO_FACTORS = {"010": 1.00, "011": 1.10, "012": 1.25, "013": 0.95, "014": 1.30, "015": 1.05}
KBH_FACTORS = {"010": 0.80, "011": 0.95, "012": 1.20, "013": 1.40}
BEST_PRACTICE_114 = 0.90
"""København's afd. 010 is 20 % cheaper than the base everywhere except on 114 (10 %)."""


def costs_for(factor: float, index: int) -> dict[str, float]:
    """Per-dwelling costs: base × factor, with a small per-account wobble so there are no ties."""
    return {
        k: round(v * factor * (1 + 0.01 * ((index + i) % 3)), 2)
        for i, (k, v) in enumerate(BASE_PER_DWELLING.items())
    }


def add_lines(
    dept: Department,
    year: int,
    per_dwelling: dict[str, float],
    provisions_per_m2: float = PROVISIONS_PER_M2,
) -> None:
    chart = ensure_chart_of_accounts()
    source, _ = DataSource.objects.get_or_create(kind="demo", name="Testdata")
    amounts = {k: Decimal(str(round(v * dept.dwellings_total, 2))) for k, v in per_dwelling.items()}
    amounts["120"] = Decimal(str(round(provisions_per_m2 * dept.area_total, 2)))
    AccountLine.objects.bulk_create(
        AccountLine(department=dept, year=year, konto=k, amount=a, chart=chart, source=source)
        for k, a in amounts.items()
    )


@dataclass
class BmWorld:
    world: World
    almenbo: dict[str, Department]
    kbh: dict[str, Department]

    @property
    def users(self):
        return self.world.users


@pytest.fixture
def bm_world(world) -> BmWorld:
    almenbo, kbh = {}, {}
    for i, (number, factor) in enumerate(ALMENBO_FACTORS.items()):
        d = make_department(
            world.almenbo,
            number,
            f"Almenbo {number}",
            world.ballerup,
            dwellings=60 + 5 * i,
            area=80 * (60 + 5 * i),
            rent=900 + 40 * i,
        )
        add_lines(d, YEAR, costs_for(factor, i), provisions_per_m2=120 + 30 * i)
        almenbo[number] = d
    for i, (number, factor) in enumerate(KBH_FACTORS.items()):
        d = make_department(
            world.kbhbolig,
            number,
            f"Kbh {number}",
            world.kbh,
            dwellings=70 + 5 * i,
            area=85 * (70 + 5 * i),
        )
        costs = costs_for(factor, i)
        if number == "010":
            costs = costs_for(factor, 0) | {"114": costs_for(BEST_PRACTICE_114, 0)["114"]}
        add_lines(d, YEAR, costs)
        kbh[number] = d
    return BmWorld(world, almenbo, kbh)


@pytest.fixture
def bm_run(bm_world):
    from styringsdialog.benchmarking.services import run_benchmark

    return run_benchmark(year=YEAR, params=SMALL)


@pytest.fixture(autouse=True)
def _small_comparable_groups(settings):
    """The small test worlds have groups of 3–15: withhold only below 3 comparable departments."""
    settings.BENCHMARK_MIN_COMPARABLE = 3
