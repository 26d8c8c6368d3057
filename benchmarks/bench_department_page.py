"""Efficiency pages with national results: server time and query count; load_year and FDH speed.

Needs the national demo database with at least one FDH run (``make run`` once, or
``styringsdialog demo-data``; on an older database ``styringsdialog migrate`` and
``styringsdialog benchmark --year 2024``). Set DATABASE_URL to measure a copy. Renders each
page through Django's test client as the analyst (national scope) and prints the median server
time of 10 runs (after one warm-up) and the number of SQL queries. ``--run`` also times a full
``run_benchmark`` (it stores one more run).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styringsdialog.settings")

import django

django.setup()

from _common import machine_notes, median_time  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402

from almen.efficiency import Parameters, fdh  # noqa: E402
from styringsdialog.accounts.models import User  # noqa: E402
from styringsdialog.benchmarking.models import BenchmarkRun, DepartmentResult  # noqa: E402
from styringsdialog.benchmarking.queries.inputs import load_year  # noqa: E402
from styringsdialog.benchmarking.services import run_benchmark  # noqa: E402

TARGET_MS = 200


def _queries(client: Client, url: str) -> int:
    settings.DEBUG = True
    reset_queries()
    assert client.get(url).status_code == 200
    n = len(connection.queries)
    settings.DEBUG = False
    return n


def pages(client: Client, year: int) -> None:
    first = time.perf_counter()
    assert (
        client.get(f"/organisation/0151/afdeling/002/effektivitet/?year={year}").status_code == 200
    )
    print(
        f"{'department page, first request':<40} {1000 * (time.perf_counter() - first):7.1f} ms (cold process)"
    )
    for label, url in [
        (
            "department page (Almenbo 002)",
            f"/organisation/0151/afdeling/002/effektivitet/?year={year}",
        ),
        (
            "department page, DEA-VRS if run",
            f"/organisation/0151/afdeling/004/effektivitet/?year={year}&method=dea-vrs",
        ),
        (
            "department chart SVG (cached)",
            f"/organisation/0151/afdeling/002/effektivitet/konti.svg?year={year}",
        ),
        ("organisation page (Almenbo)", f"/organisation/0151/effektivitet/?year={year}"),
        ("kommune page (Ballerup)", f"/kommune/151/effektivitet/?year={year}"),
        ("kommune page (København)", f"/kommune/101/effektivitet/?year={year}"),
        ("kommune CSV export (København)", f"/kommune/101/effektivitet/?year={year}&format=csv"),
        ("registry department page with panel", "/organisation/0151/afdeling/002/"),
    ]:

        def get(url: str = url) -> None:
            assert client.get(url).status_code == 200

        med, times = median_time(get, runs=10)
        target = f" (target < {TARGET_MS} ms)" if label.startswith("department page (") else ""
        print(
            f"{label:<40} median {med * 1000:7.1f} ms over 10 runs (min {min(times) * 1000:.1f}), {_queries(client, url)} queries{target}"
        )


def engine(year: int) -> None:
    med, _ = median_time(lambda: load_year(year), runs=5)
    data = load_year(year)
    print(
        f"{'load_year (2 queries + numpy pivot)':<40} median {med * 1000:7.1f} ms over 5 runs, {len(data):,} departments"
    )
    med, _ = median_time(lambda: fdh(data.costs, Parameters()), runs=5)
    print(f"{'almen fdh on those departments':<40} median {med * 1000:7.1f} ms over 5 runs")


def main() -> None:
    settings.ALLOWED_HOSTS.append("testserver")
    year = BenchmarkRun.objects.latest_year("fdh")
    if year is None:
        sys.exit(
            "Ingen beregning: kør 'styringsdialog benchmark --year 2024' (og evt. 'styringsdialog migrate') først."
        )
    run = BenchmarkRun.objects.latest_for(year, "fdh")
    client = Client()
    client.force_login(User.objects.get(username="anna"))
    print(f"Machine: {machine_notes()}")
    print(
        f"Database: {connection.vendor} {connection.settings_dict['NAME']}; run {run.pk} ({year}) with "
        f"{run.n_departments:,} departments; {DepartmentResult.objects.count():,} stored results in all"
    )
    pages(client, year)
    engine(year)
    if "--run" in sys.argv:
        started = time.perf_counter()
        new = run_benchmark(year=year)
        print(
            f"{'run_benchmark (FDH + key figures, stored)':<40} {time.perf_counter() - started:7.2f} s (run {new.pk})"
        )


if __name__ == "__main__":
    main()
