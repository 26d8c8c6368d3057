"""A national efficiency run started from the UI, to its results on the page.

Needs the national demo database (``make run`` once, or ``styringsdialog demo-data``). As the
Ballerup caseworker (demo user ``torben``) through Django's test client: POST "Start beregning"
for the newest accounting year on the kommune's efficiency page, follow the job page, and GET
the result page until it names the new run. Background jobs run in-process with django-tasks'
immediate backend, so the time is the run's own work (load the year's accounts, FDH for every
department, key figures, store) plus the page renders; with the database worker the queue
latency (the worker's poll interval) comes on top.

Run:  .venv/bin/python benchmarks/bench_run_from_ui.py [--year 2024] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styringsdialog.settings")

import django

django.setup()

from _common import machine_notes  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from styringsdialog.accounts.models import User  # noqa: E402
from styringsdialog.benchmarking.models import BenchmarkRun  # noqa: E402
from styringsdialog.benchmarking.queries.inputs import accounting_years  # noqa: E402
from styringsdialog.jobs.models import Job  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS.append("testserver")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    years = accounting_years()
    if not years:
        sys.exit("Ingen regnskaber: kør 'styringsdialog demo-data' først.")
    year = args.year or years[0]
    client = Client()
    client.force_login(User.objects.get(username="torben"))
    page = reverse("benchmarking:kommune", args=["151"])
    print(f"Machine: {machine_notes()}")
    print(f"Database: {connection.vendor}; load average {os.getloadavg()[0]:.2f}")
    totals, runs = [], []
    for _ in range(args.repeat):
        before = BenchmarkRun.objects.count()
        t0 = time.perf_counter()
        response = client.post(
            reverse("benchmarking:start_run"), {"year": year, "method": "fdh", "next": page}
        )
        assert response.status_code == 302, response.status_code
        job_page = client.get(response["Location"])
        assert job_page.status_code == 200
        job = Job.objects.order_by("-pk").first()
        assert job is not None and job.status == Job.Status.DONE, job and job.status
        result = client.get(job.result_url)
        run = BenchmarkRun.objects.order_by("-pk").first()
        assert run is not None and BenchmarkRun.objects.count() == before + 1
        assert f"Beregning nr. {run.pk}:" in result.content.decode()
        totals.append(time.perf_counter() - t0)
        runs.append(run)
    run = runs[-1]
    print(
        f"Run for {year}: {run.n_departments} departments, {run.n_scored} scored, "
        f"{run.n_excluded} excluded (of which too few peers: "
        f"{run.results.filter(excluded_reason='too_few_peers').count()})"
    )
    print(
        f"UI start → results on the page: median {statistics.median(totals):.1f} s over "
        f"{len(totals)} runs ({', '.join(f'{t:.1f}' for t in totals)}); "
        f"service time of the run (duration_s): {', '.join(f'{r.duration_s:.1f}' for r in runs)} s"
    )
    print(f"Max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
