"""styringsdialog retention: delete or anonymise what is older than its retention period
(referat drafts, comments, the audit log and every rule other apps register in
``styringsdialog.lib.retention``). Run daily by a timer (docs/deploy.md)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from styringsdialog.lib.retention import retention_rules, run_retention


class Command(BaseCommand):
    help = (
        "Slet eller anonymisér det, der er ældre end sin opbevaringsperiode: referatkladder, "
        "kommentarer, revisionslog m.fl. (perioderne står i indstillingerne, se "
        "docs/reference/settings.md). Køres dagligt af en planlægger (docs/deploy.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Vis hvad der ville blive gjort; ændr intet"
        )
        parser.add_argument("--json", action="store_true", help="Skriv resultatet som JSON")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        results = run_retention(dry_run=dry_run)
        if options["json"]:
            out = [
                {
                    "regel": r.rule.name,
                    "dage": r.rule.days,
                    "før": r.cutoff.isoformat(),
                    "antal": r.count,
                    "prøvekørsel": dry_run,
                }
                for r in results
            ]
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
            return
        verb = "Ville blive" if dry_run else "Udført"
        self.stdout.write(
            f"{'Prøvekørsel – intet er ændret' if dry_run else 'Sletning efter opbevaringsperiode'}"
            f" ({len(retention_rules())} regler):"
        )
        for r in results:
            cutoff = timezone.localtime(r.cutoff).strftime("%d.%m.%Y")
            self.stdout.write(
                f"  {r.rule.name}: {r.count} {r.rule.description} "
                f"(ældre end {r.rule.days} dage, før {cutoff}) – {verb.lower()}"
            )
