"""styringsdialog jobs recover: fail the running jobs whose worker was killed (no heartbeat)."""

from __future__ import annotations

import json
from argparse import ArgumentTypeError
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from styringsdialog.jobs.services import STALE_ERROR, recover_stale_jobs


def _seconds(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise ArgumentTypeError(f"skal være et positivt antal sekunder, ikke {raw!r}")
    return value


class Command(BaseCommand):
    help = (
        "Vedligehold baggrundsjob. 'recover': markér job, der står som 'I gang', men hvis "
        "worker ikke har givet livstegn i STYRINGSDIALOG_JOBS_STALE_AFTER sekunder, som fejlet "
        "(afbrudt). Workeren gør det selv; verbet er til en planlagt kørsel eller efter et nedbrud."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", metavar="HANDLING", required=True)
        recover = sub.add_parser(
            "recover", help="Markér job, hvis worker er stoppet, som afbrudt (fejlet)"
        )
        recover.add_argument(
            "--older-than",
            type=_seconds,
            metavar="SEKUNDER",
            help="Seneste livstegn ældre end så mange sekunder (standard: "
            "STYRINGSDIALOG_JOBS_STALE_AFTER)",
        )
        recover.add_argument("--json", action="store_true", help="Skriv resultatet som JSON")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        seconds = options.get("older_than") or settings.JOBS_STALE_AFTER
        try:
            job_ids = recover_stale_jobs(older_than=timedelta(seconds=seconds))
        except DatabaseError as exc:  # the database is unreachable, a table is missing
            raise CommandError(
                f"Jobbene kunne ikke gennemgås ({str(exc).strip()}). Kører databasen, og er den "
                "opdateret ('styringsdialog migrate')?"
            ) from exc
        if options.get("json"):
            self.stdout.write(json.dumps({"recovered": job_ids, "older_than_seconds": seconds}))
        elif job_ids:
            self.stdout.write(
                f"{len(job_ids)} job markeret som afbrudt (nr. {', '.join(map(str, job_ids))}): "
                f"{STALE_ERROR}"
            )
        else:
            self.stdout.write(f"Ingen job uden livstegn i mere end {seconds} sekunder.")
