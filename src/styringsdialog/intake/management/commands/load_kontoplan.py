"""styringsdialog load-kontoplan: store a version of the kontoplan for afdelinger from a JSON file.

The file is checked whole first (``almen.kontoplan.parse_plan``); every problem is printed in
Danish and nothing is stored (exit code 1). A stored version is never changed: loading the same
version with the same content is a no-op, with other content it is refused. A new version is
recorded in the national history ("Nationale indstillinger"); choosing the active version is
``styringsdialog config kontoplan activate``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from almen.kontoplan import KontoplanError, parse_plan
from styringsdialog.registry.national import Kind, record_change
from styringsdialog.registry.services import load_chart_of_accounts

MAX_FILE_BYTES = 5 * 1024 * 1024


class Command(BaseCommand):
    help = "Indlæs en version af kontoplanen for almene afdelinger fra en JSON-fil."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FIL", help="Kontoplan som JSON (se dokumentationen)")
        parser.add_argument(
            "--json", action="store_true", help="Skriv resultatet som JSON (til scripts)"
        )

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Filen {file} findes ikke.")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CommandError(f"Filen {path.name} er for stor (højst 5 MB).")
        data = path.read_bytes()
        try:
            plan = parse_plan(data, filename=path.name)
        except KontoplanError as exc:
            for error in exc.errors:
                self.stderr.write(error)
            raise CommandError(
                f"Kontoplanen i {path.name} blev afvist med {len(exc.errors)} fejl. Intet er gemt."
            ) from exc
        try:
            chart, created = load_chart_of_accounts(
                plan=plan, sha256=hashlib.sha256(data).hexdigest()
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if created:
            record_change(
                kind=Kind.KONTOPLAN,
                obj=chart,
                label=str(chart),
                action="Indlæst (styringsdialog load-kontoplan)",
                old=None,
                new={
                    "version": chart.version,
                    "gælder fra": chart.valid_from.isoformat(),
                    "konti": len(plan.accounts),
                },
                by=None,
            )
        if options.get("json"):
            self.stdout.write(_dumps(chart.version, created, len(plan.accounts)))
            return
        if created:
            self.stdout.write(
                f"Kontoplan {chart.version} er indlæst: {len(plan.accounts)} konti, gælder fra {chart.valid_from:%d.%m.%Y}."
            )
        else:
            self.stdout.write(f"Kontoplan {chart.version} er allerede indlæst; intet er ændret.")


def _dumps(version: str, created: bool, accounts: int) -> str:
    return json.dumps(
        {"version": version, "created": created, "accounts": accounts}, ensure_ascii=False
    )
