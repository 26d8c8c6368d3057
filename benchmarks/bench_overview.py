"""Kommune overview for København with national data: server time and query count.

Needs the national demo database (``make run`` once, or ``styringsdialog demo-data``). Renders
the page through Django's test client as the analyst (national read scope), both tabs, and
prints the median server time of 10 runs and the number of SQL queries.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styringsdialog.settings")

import django

django.setup()

from _common import machine_notes, median_time  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402

from styringsdialog.accounts.models import User  # noqa: E402
from styringsdialog.registry.models import Department  # noqa: E402


def main() -> None:
    settings.ALLOWED_HOSTS.append("testserver")
    n = Department.objects.filter(kommune__code="101").count()
    if n == 0:
        sys.exit("Ingen afdelinger i København: kør 'styringsdialog demo-data' først.")
    client = Client()
    client.force_login(User.objects.get(username="anna"))
    print(f"Machine: {machine_notes()}")
    print(f"Database: {connection.vendor}, København has {n} departments")
    for label, url in [
        ("organisations tab", "/kommune/101/"),
        ("departments tab", "/kommune/101/?tab=departments"),
        ("departments, sorted by rent desc", "/kommune/101/?tab=departments&sort=-rent"),
        ("departments, search 'park'", "/kommune/101/?tab=departments&q=park"),
    ]:

        def get(url: str = url) -> None:
            assert client.get(url).status_code == 200

        med, times = median_time(get, runs=10)
        settings.DEBUG = True
        reset_queries()
        get()
        queries = len(connection.queries)
        settings.DEBUG = False
        print(
            f"{label:<36} median {med * 1000:6.1f} ms over 10 runs (min {min(times) * 1000:.1f}), {queries} queries (target < 150 ms)"
        )


if __name__ == "__main__":
    main()
