"""Demo content for ``styringsdialog demo-data``: the world's official effektivitetstal and an
FDH run (with key figures) for every accounting year."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from styringsdialog.benchmarking.models import OfficialScore
from styringsdialog.benchmarking.services import run_benchmark
from styringsdialog.lib.bulk import insert_rows
from styringsdialog.registry.models import DataSource, Department

SOURCE_NAME = "Officielle effektivitetstal (demo)"


def load_demo(*, world: Any, progress: Callable[[str, int, int], None] | None = None) -> None:
    report = progress or (lambda stage, done, total: None)
    load_official_scores(world, report)
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
