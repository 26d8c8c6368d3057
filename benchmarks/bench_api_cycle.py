"""The yearly cycle through the REST API only, on the national demo data (issue 12, "Measured").

A throwaway SQLite database (temporary directory) gets the national demo (``demo-data``). Then,
in-process with Django's test client (bearer tokens, no network in between):

1. **National "create all packages for styringsår N"**: for every kommune, its caseworker sends
   ``POST /api/v1/kommuner/{code}/packages`` for a styringsår the demo has no packages for; the
   wall time over all kommuner, the number of packages and requests. Then the same again, which
   must create nothing (idempotent), timed too.
2. **The API-only full cycle for one organisation** (``tests/api/cycle.py``: answers, accounts
   upload, submit, review, efficiency run, briefing, meeting from the briefing, invitation,
   held, minutes, referat send/comment/approve/publish, public search), for ``--runs``
   organisations in different kommuner; the median wall time and the median of each step.

Jobs (the efficiency run) run in the request, as in the tests (django-tasks' immediate
backend), so the cycle's figure includes the run itself.

    .venv/bin/python benchmarks/bench_api_cycle.py [--runs 3]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
from _common import machine_notes  # noqa: E402


def setup(tmp: str) -> None:
    os.environ["STYRINGSDIALOG_VAR_DIR"] = tmp
    os.environ["STYRINGSDIALOG_MEDIA_ROOT"] = f"{tmp}/media"
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styringsdialog.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    call_command("demo_data", verbosity=0, stdout=io.StringIO())
    print(f"national demo loaded in {time.perf_counter() - t0:.0f} s")


def client_for(user: Any) -> Any:
    from django.test import Client

    from styringsdialog.accounts.models import ApiToken, hash_token

    raw = ApiToken.new_raw_key()
    ApiToken.objects.create(user=user, name="bench", key_hash=hash_token(raw))
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def bench_user(name: str, role: str, **scope: Any) -> Any:
    from styringsdialog.accounts.models import Membership, User

    user = User.objects.create_user(username=name, password=None, first_name=name)
    Membership.objects.create(user=user, role=role, **scope)
    return user


def national_packages(styringsaar: int) -> None:
    from styringsdialog.accounts.models import Role
    from styringsdialog.registry.models import Kommune

    clients = {
        k.code: client_for(bench_user(f"bench-cw-{k.code}", Role.CASEWORKER, kommune=k))
        for k in Kommune.objects.order_by("code")
    }
    for label in ("first call (creates)", "second call (idempotent)"):
        created = existing = 0
        t0 = time.perf_counter()
        for code, client in clients.items():
            response = client.post(
                f"/api/v1/kommuner/{code}/packages",
                {"styringsaar": styringsaar},
                content_type="application/json",
            )
            assert response.status_code == 200, (code, response.status_code, response.content[:300])
            body = response.json()
            created += body["created"]
            existing += body["existing"]
        wall = time.perf_counter() - t0
        print(
            f"create all packages for styringsår {styringsaar}, {label}: {len(clients)} kommuner, "
            f"{created} created, {existing} existing, {wall:.2f} s "
            f"({wall / len(clients) * 1000:.0f} ms per kommune)"
        )


def cycles(runs: int, styringsaar: int) -> None:
    from django.test import Client
    from tests.api.cycle import Clients, run_cycle

    from styringsdialog.accounts.models import Role
    from styringsdialog.registry.models import Organisation

    analyst = client_for(bench_user("bench-analyst", Role.ANALYST))
    chosen: list[Organisation] = []
    seen_kommuner: set[int] = set()
    for org in Organisation.objects.select_related("home_kommune").order_by("number"):
        if org.home_kommune_id in seen_kommuner or not org.departments.exists():
            continue
        if org.meetings.filter(styringsaar=styringsaar).exists():
            continue  # the demo's own meeting for the year (a second one is a 409)
        chosen.append(org)
        seen_kommuner.add(org.home_kommune_id)
        if len(chosen) == runs:
            break
    walls: list[float] = []
    steps: dict[str, list[float]] = {}
    for n, org in enumerate(chosen):
        kommune = org.home_kommune
        clients = Clients(
            kommune=client_for(bench_user(f"bench-k-{n}", Role.CASEWORKER, kommune=kommune)),
            organisation=client_for(
                bench_user(f"bench-o-{n}", Role.ORGANISATION, organisation=org)
            ),
            runner=analyst,
            public=Client(),
        )
        t0 = time.perf_counter()
        times = run_cycle(
            clients,
            kommune=kommune.code,
            organisation=org.number,
            styringsaar=styringsaar,
            meeting_date=min(date(styringsaar, 5, 20), date.today() - timedelta(days=1)),
            marker=f"Benchmarkord{n}x",
        )
        walls.append(time.perf_counter() - t0)
        for name, seconds in times.items():
            steps.setdefault(name, []).append(seconds)
        print(f"  cycle {n + 1}: {org.number} {org.name} ({kommune.name}): {walls[-1]:.2f} s")
    print(
        f"API-only full cycle, one organisation: median {statistics.median(walls):.2f} s of {walls}"
    )
    for name, values in steps.items():
        print(f"  {name}: median {statistics.median(values) * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="organisations to run the cycle for")
    parser.add_argument(
        "--styringsaar",
        type=int,
        default=date.today().year,
        help="a styringsår whose meetings can be held (not in the future)",
    )
    args = parser.parse_args()
    print(machine_notes())
    with tempfile.TemporaryDirectory() as tmp:
        setup(tmp)
        national_packages(args.styringsaar)
        cycles(args.runs, args.styringsaar)


if __name__ == "__main__":
    main()
