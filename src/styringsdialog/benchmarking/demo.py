"""Demo content for ``styringsdialog demo-data``: the world's official effektivitetstal, each
past year's rent as an imported fact, and an FDH run (with key figures) for every accounting
year."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from styringsdialog.benchmarking.models import OfficialScore
from styringsdialog.benchmarking.services import run_benchmark
from styringsdialog.lib.bulk import insert_rows
from styringsdialog.registry.models import DataSource, Department, DepartmentFact

SOURCE_NAME = "Officielle effektivitetstal (demo)"
RENT_SOURCE_NAME = (
    "Husleje pr. regnskabsår (demo: afdelingens nuværende husleje tilbageskrevet med 1,9 % om "
    "året, LBF's landstal 2019–2023: 833 → 899 kr./m²)"
)
RENT_GROWTH = 0.019
"""Yearly rent growth of the demo's past rents: (899 / 833) ** (1 / 4) − 1 ≈ 1.9 %, LBF's
national average rent of almene boliger 1 January 2019 and 2023 (src/almen/data/
lbf_huslejestatistik_landstal.csv). Invented history for the demo only."""


def load_demo(*, world: Any, progress: Callable[[str, int, int], None] | None = None) -> None:
    report = progress or (lambda stage, done, total: None)
    load_official_scores(world, report)
    load_past_rents(world)
    years = sorted(world.years)
    for i, year in enumerate(years):
        run_benchmark(year=year, method="fdh")
        report("Effektivitetstal og nøgletal", i + 1, len(years))


@transaction.atomic
def load_official_scores(world: Any, report: Callable[[str, int, int], None]) -> int:
    """Store ``world.official_scores`` as ``OfficialScore`` rows (existing ones are kept); returns
    the number of rows added."""
    ids = {
        (o, n): pk
        for pk, o, n in Department.objects.values_list("pk", "organisation__number", "number")
    }
    source = DataSource.objects.create(
        kind=DataSource.Kind.DEMO, name=SOURCE_NAME, reference_date=date(max(world.years), 12, 31)
    )
    existing = set(OfficialScore.objects.values_list("department_id", "year"))
    now = timezone.now()
    rows = [
        (ids[(s.org_number, s.dept_number)], s.year, s.score, "", source.pk, now)
        for s in world.official_scores
        if (s.org_number, s.dept_number) in ids
        and (ids[(s.org_number, s.dept_number)], s.year) not in existing
    ]
    n = insert_rows(
        OfficialScore,
        ("department", "year", "effektivitetstal", "colour", "source", "imported_at"),
        rows,
    )
    report("Officielle effektivitetstal", n, n)
    return n


@transaction.atomic
def load_past_rents(world: Any) -> int:
    """A ``rent_per_m2`` fact for every department and every accounting year before the newest
    (the master rent is the newest year's), so past years show that year's rent; existing facts
    are kept. Returns the number of facts added."""
    years = sorted(world.years)
    if len(years) < 2:
        return 0
    newest = years[-1]
    source = DataSource.objects.create(
        kind=DataSource.Kind.DEMO, name=RENT_SOURCE_NAME[:200], reference_date=date(newest, 1, 1)
    )
    existing = set(
        DepartmentFact.objects.filter(code="rent_per_m2").values_list("department_id", "year")
    )
    rows = []
    for pk, rent, taken in Department.objects.filter(rent_per_m2__isnull=False).values_list(
        "pk", "rent_per_m2", "taken_into_use"
    ):
        for year in years[:-1]:
            if rent is None or (taken is not None and taken.year > year) or (pk, year) in existing:
                continue
            value = Decimal(float(rent) / (1 + RENT_GROWTH) ** (newest - year)).quantize(
                Decimal("1")
            )
            rows.append((pk, year, "rent_per_m2", value, "kr./m²/år", source.pk))
    return insert_rows(
        DepartmentFact, ("department", "year", "code", "value", "unit", "source"), rows
    )
