"""styringsdialog send-reminders: the daily e-mail reminders (agreement and documentation-package
deadlines approaching or passed). Idempotent: each reminder goes once per recipient. The same
daily run removes uploaded referat files of the history import that were never confirmed
(``publication.history_import.remove_stale_staged``)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from styringsdialog.intake.notifications import package_reminders
from styringsdialog.meetings.notifications import agreement_reminders
from styringsdialog.publication.history_import import remove_stale_staged


class Command(BaseCommand):
    help = (
        "Send dagens påmindelser pr. e-mail: aftaler og dokumentationspakker, hvis frist nærmer "
        "sig eller er overskredet. Hver påmindelse sendes kun én gang til hver modtager, så "
        "kommandoen kan køres igen uden at sende noget to gange. Køres dagligt af en planlægger "
        "(systemd-timer eller cron, se docs/deploy.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Vis hvad der ville blive sendt; send intet"
        )
        parser.add_argument("--json", action="store_true", help="Skriv resultatet som JSON")
        parser.add_argument(
            "--date",
            dest="on",
            help="Kør som om det var denne dato (ÅÅÅÅ-MM-DD); standard: i dag",
        )

    def handle(self, *args: Any, dry_run: bool, on: str | None, **options: Any) -> None:
        try:
            today = date.fromisoformat(on) if on else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"Datoen {on!r} er ikke en dato på formen ÅÅÅÅ-MM-DD.") from exc
        # one transaction: a run that fails half-way records and queues nothing, and is simply
        # run again
        with transaction.atomic():
            sent = agreement_reminders(today=today, dry_run=dry_run) + package_reminders(
                today=today, dry_run=dry_run
            )
        counts = Counter(n.key.split(":", 1)[0] for n in sent)
        # uploads for the history import that were never confirmed (real time, not --date)
        stale = remove_stale_staged(dry_run=dry_run)
        if options["json"]:
            self.stdout.write(_json(today, dry_run, sent, counts, len(stale)))
            return
        verb = "Ville sende" if dry_run else "Sendt"
        self.stdout.write(f"{verb} {len(sent)} påmindelser pr. {today:%d.%m.%Y}.")
        labels = {
            "agreement-soon": "aftaler, frist nærmer sig",
            "agreement-overdue": "aftaler, frist overskredet",
            "package-soon": "dokumentationspakker, frist nærmer sig",
            "package-overdue": "dokumentationspakker, frist overskredet",
        }
        for key, label in labels.items():
            self.stdout.write(f"  {label}: {counts.get(key, 0)}")
        hours = settings.REFERAT_IMPORT_STAGING_HOURS
        self.stdout.write(
            f"{'Ville fjerne' if dry_run else 'Fjernet'} {len(stale)} uploadede referatfiler, "
            f"der ikke blev importeret inden for {hours} timer."
        )
        if dry_run and options.get("verbosity", 1) > 1:
            for n in sent:
                self.stdout.write(f"  {n.email}: {n.subject}")


def _json(today: date, dry_run: bool, sent: list[Any], counts: Counter[str], stale: int) -> str:
    return json.dumps(
        {
            "date": today.isoformat(),
            "dry_run": dry_run,
            "sent": len(sent),
            "by_kind": dict(sorted(counts.items())),
            "staged_referater_removed": stale,
            "notifications": [
                {
                    "kind": n.kind,
                    "key": n.key,
                    "user_id": n.user_id,
                    "email": n.email,
                    "subject": n.subject,
                    "url": n.url,
                }
                for n in sent
            ],
        },
        ensure_ascii=False,
        indent=2,
    )
