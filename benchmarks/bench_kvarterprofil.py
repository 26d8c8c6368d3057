"""The kvarterprofil page: server time cold (every chart drawn) and warm (charts from the cache).

A throwaway SQLite database (temporary directory) gets the demo world (``demo-data``, national
by default; ``--scale small`` for a quick run). As the Ballerup caseworker (``torben``) through
Django's test client, the kvarterprofil of the Ballerup department with the most years of
resident data is requested 20 times "cold" (the cache emptied before each request, so all five
charts are drawn by matplotlib, as before charts were cached) and 20 times "warm" (after one
warm-up request; an unchanged profile draws no chart). Prints the median and p95 of each, the
number of charts drawn and of SQL queries per request, the machine and the load average.

    python benchmarks/bench_kvarterprofil.py [--scale national|small] [--runs 20]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from _common import machine_notes

TARGET_MS = 200


def _p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def _timed(fn: Callable[[], None], runs: int, before: Callable[[], None]) -> list[float]:
    times = []
    for _ in range(runs):
        before()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", choices=["national", "small"], default="national")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["STYRINGSDIALOG_VAR_DIR"] = tmp
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styringsdialog.settings")
        import django

        django.setup()
        from django.conf import settings
        from django.core.cache import cache
        from django.core.management import call_command
        from django.db import connection, reset_queries
        from django.db.models import Count
        from django.test import Client

        t0 = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("demo_data", scale=args.scale, verbosity=0, stdout=io.StringIO())
        print(f"demo-data ({args.scale}): {time.perf_counter() - t0:.1f} s")

        from styringsdialog.accounts.models import User
        from styringsdialog.registers import charts
        from styringsdialog.registers.models import ResidentIndicator

        settings.ALLOWED_HOSTS.append("testserver")
        best = (
            ResidentIndicator.objects.filter(department__kommune__code="151")
            .values("department__organisation__number", "department__number")
            .annotate(n=Count("id"))
            .order_by("-n", "department__organisation__number", "department__number")
            .first()
        )
        if best is None:
            sys.exit("Ingen beboerdata for en afdeling i Ballerup i demodata.")
        org, number = best["department__organisation__number"], best["department__number"]
        url = f"/organisation/{org}/afdeling/{number}/kvarterprofil/"
        client = Client()
        client.force_login(User.objects.get(username="torben"))

        drawn: list[str] = []
        real = charts.render_indicator_svg

        def counted(**kwargs):  # type: ignore[no-untyped-def]
            drawn.append(kwargs["chart_id"])
            return real(**kwargs)

        charts.render_indicator_svg = counted  # type: ignore[assignment]

        def get() -> None:
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        print(f"Machine: {machine_notes()}")
        print(f"Load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"Page: {url} ({best['n']} years of resident data), as torben (caseworker)")
        get()  # first request of the process: imports, templates, matplotlib fonts
        for label, before in (("cold (cache emptied)", cache.clear), ("warm", lambda: None)):
            drawn.clear()
            if label == "warm":
                get()
                drawn.clear()
            times = _timed(get, args.runs, before)
            per_request = len(drawn) / args.runs
            settings.DEBUG = True
            before()
            reset_queries()
            get()
            queries = len(connection.queries)
            settings.DEBUG = False
            print(
                f"{label:<22} median {statistics.median(times) * 1000:7.1f} ms, "
                f"p95 {_p95(times) * 1000:7.1f} ms over {args.runs} requests; "
                f"{per_request:.0f} charts drawn per request, {queries} queries "
                f"(target p95 < {TARGET_MS} ms)"
            )
        print(f"Load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
