"""``styringsdialog send-reminders`` over the national demo.

Target: < 30 s. A throwaway SQLite database (temporary directory) gets the national demo world
(``demo-data``); the benchmark adds one staff user with an e-mail address per organisation and
one caseworker per kommune, so every reminder has recipients, and runs the command for a date
seven days before the newest styringsår's formal package deadline (30 June), when every
unsubmitted package of that year is reminded. The national demo holds only a handful of
agreements, so the benchmark adds ``--agreements-per-organisation`` synthetic agreements per
organisation (without a meeting, deadlines from 20 days before to 20 days after the date, every
responsible side). The e-mails are queued as
jobs in the database (``EMAIL_BACKEND``), as in production. The second run of the same day must
send nothing (idempotence) and shows the cost of the check alone.

    python benchmarks/bench_reminders.py [--date 2026-06-23]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from _common import machine_notes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--date", help="default: 7 days before the newest packages' formal deadline"
    )
    parser.add_argument(
        "--agreements-per-organisation",
        type=int,
        default=4,
        help="synthetic agreements added per organisation, deadlines around the date",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["STYRINGSDIALOG_VAR_DIR"] = tmp
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styringsdialog.settings")
        import django

        django.setup()
        from django.core.management import call_command

        t0 = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("demo_data", verbosity=0, stdout=io.StringIO())
        print(f"demo-data (national): {time.perf_counter() - t0:.1f} s")
        from styringsdialog.accounts.models import Membership, Role, User
        from styringsdialog.intake.models import DocumentationPackage
        from styringsdialog.jobs.models import Job
        from styringsdialog.meetings.models import Agreement
        from styringsdialog.registry.models import Kommune, Organisation

        users, memberships = [], []
        for org in Organisation.objects.all():
            users.append(User(username=f"bench-org-{org.pk}", email=f"org{org.pk}@example.dk"))
        for k in Kommune.objects.all():
            users.append(User(username=f"bench-kom-{k.pk}", email=f"kom{k.pk}@example.dk"))
        User.objects.bulk_create(users)
        by_name = {u.username: u for u in User.objects.filter(username__startswith="bench-")}
        for org in Organisation.objects.all():
            memberships.append(
                Membership(
                    user=by_name[f"bench-org-{org.pk}"], role=Role.ORGANISATION, organisation=org
                )
            )
        for k in Kommune.objects.all():
            memberships.append(
                Membership(user=by_name[f"bench-kom-{k.pk}"], role=Role.CASEWORKER, kommune=k)
            )
        Membership.objects.bulk_create(memberships)
        newest = DocumentationPackage.objects.order_by("-deadline_formal").first()
        assert newest is not None
        on = (
            date.fromisoformat(args.date)
            if args.date
            else newest.deadline_formal - timedelta(days=7)
        )
        sides = ["organisation", "kommune", "begge"]
        synthetic = [
            Agreement(
                kommune_id=org.home_kommune_id,
                organisation=org,
                styringsaar=on.year,
                text=f"Syntetisk aftale {n + 1} for {org.name}",
                responsible_side=sides[(org.pk + n) % 3],
                deadline=on + timedelta(days=((org.pk * 7 + n * 11) % 41) - 20),
            )
            for org in Organisation.objects.exclude(home_kommune=None)
            for n in range(args.agreements_per_organisation)
        ]
        Agreement.objects.bulk_create(synthetic)
        print(f"Machine: {machine_notes()}; load average {os.getloadavg()[0]:.1f}")
        print(
            f"{Organisation.objects.count()} organisations, {Kommune.objects.count()} kommuner, "
            f"{DocumentationPackage.objects.count()} packages, {Agreement.objects.count()} agreements, "
            f"{User.objects.count()} users"
        )
        for label in ("first run", "second run (same day)"):
            out = io.StringIO()
            jobs_before = Job.objects.count()
            t0 = time.perf_counter()
            call_command("send_reminders", "--date", on.isoformat(), "--json", stdout=out)
            elapsed = time.perf_counter() - t0
            result = json.loads(out.getvalue())
            print(
                f"send-reminders --date {on.isoformat()}, {label}: {elapsed:.2f} s, "
                f"{result['sent']} e-mails {result['by_kind']}, "
                f"{Job.objects.count() - jobs_before} mail jobs queued"
            )


if __name__ == "__main__":
    main()
