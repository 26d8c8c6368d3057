"""The audit log's cost per request: median server time of a logged-in page with and without
the audit middleware (one INSERT per request), and of a public page for an anonymous visitor
(no query for the log at all).

A throwaway SQLite database (temporary directory) is migrated and gets one administrator. Through
Django's test client, "Min profil" (/min-profil/) is requested ``--runs`` times with
``AUDIT_LOG_VIEWS`` on and off (interleaved in blocks of 20, so drift hits both alike), and the
accessibility statement (/tilgaengelighed/) anonymously. Prints medians, the difference, the
number of SQL queries per request and the machine.

    python benchmarks/bench_audit.py [--runs 400]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from _common import machine_notes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["STYRINGSDIALOG_VAR_DIR"] = tmp
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styringsdialog.settings")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext, override_settings

        from styringsdialog.accounts.models import User
        from styringsdialog.audit.models import AuditEntry

        call_command("migrate", verbosity=0)
        admin = User.objects.create_superuser("ada", "ada@example.dk", "bench-password-123")

        def client(enabled: bool) -> Client:
            with override_settings(AUDIT_LOG_VIEWS=enabled):
                c = Client()
                c.force_login(admin)
                c.get("/min-profil/")  # builds the handler (middleware) under this setting
            return c

        on, off = client(True), client(False)
        times: dict[str, list[float]] = {"med revisionslog": [], "uden revisionslog": []}
        block = 20
        for _ in range(max(1, args.runs // block)):
            for name, c in (("med revisionslog", on), ("uden revisionslog", off)):
                for _ in range(block):
                    t0 = time.perf_counter()
                    response = c.get("/min-profil/")
                    times[name].append(time.perf_counter() - t0)
                    assert response.status_code == 200
        anonymous = Client()
        public: list[float] = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            anonymous.get("/tilgaengelighed/")
            public.append(time.perf_counter() - t0)
        queries = {}
        for name, c in (("med revisionslog", on), ("uden revisionslog", off)):
            with CaptureQueriesContext(connection) as ctx:
                c.get("/min-profil/")
            queries[name] = len(ctx)
        with CaptureQueriesContext(connection) as ctx:
            anonymous.get("/tilgaengelighed/")
        public_queries = len(ctx)

        print(f"Revisionslog: {args.runs} forespørgsler pr. variant, SQLite ({machine_notes()})")
        medians = {}
        for name, values in times.items():
            medians[name] = statistics.median(values) * 1000
            print(
                f"  /min-profil/ {name}: median {medians[name]:.2f} ms, "
                f"{queries[name]} SQL-forespørgsler"
            )
        diff = medians["med revisionslog"] - medians["uden revisionslog"]
        print(f"  forskel: {diff:+.2f} ms pr. side (én INSERT)")
        print(
            f"  /tilgaengelighed/ anonym: median {statistics.median(public) * 1000:.2f} ms, "
            f"{public_queries} SQL-forespørgsler"
        )
        print(f"  poster skrevet: {AuditEntry.objects.count()}")


if __name__ == "__main__":
    main()
