"""Demo content for ``styringsdialog demo-data``: the world's official effektivitetstal and an
FDH run (with key figures) for every accounting year."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from styringsdialog.benchmarking.models import OfficialScore
from styringsdialog.benchmarking.services import run_benchmark
from styringsdialog.registry.models import DataSource, Department

SOURCE_NAME = "Officielle effektivitetstal (demo)"


def load_demo(*, world: Any, progress: Callable[[str, int, int], None] | None = None) -> None:
    report = progress or (lambda stage, done, total: None)
    load_official_scores(world, report)
    years = sorted(world.years)
    for i, year in enumerate(years):
        run_benchmark(year=year, method="fdh")
        report("Effektivitetstal og nøgletal", i + 1, len(years))


def load_official_scores(world: Any, report: Callable[[str, int, int], None]) -> int:
    """Store ``world.official_scores`` as ``OfficialScore`` rows (existing ones are kept)."""
    ids = {(o, n): pk for pk, o, n in Department.objects.values_list("pk", "organisation__number", "number")}
    source = DataSource.objects.create(
        kind=DataSource.Kind.DEMO, name=SOURCE_NAME, reference_date=date(max(world.years), 12, 31)
    )
    rows = [
        OfficialScore(department_id=ids[(s.org_number, s.dept_number)], year=s.year, effektivitetstal=s.score, source=source)
        for s in world.official_scores
        if (s.org_number, s.dept_number) in ids
    ]
    OfficialScore.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
    report("Officielle effektivitetstal", len(rows), len(rows))
    return len(rows)
