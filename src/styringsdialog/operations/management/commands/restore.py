"""styringsdialog restore PATH: load a backup into an empty installation, all or nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from almen.formatting import format_number
from styringsdialog.lib.cli_progress import stage_bars
from styringsdialog.operations.archive import ARCHIVE_UNITS, ArchiveError
from styringsdialog.operations.restore import restore_backup


class Command(BaseCommand):
    help = (
        "Gendan en sikkerhedskopi i en tom installation: kontrollerer manifest og kontrolsummer, "
        "indlæser alt i én transaktion (alt eller intet) og genopbygger søgeindekset."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Arkivfilen fra 'styringsdialog backup'")
        parser.add_argument(
            "--no-migrate",
            action="store_true",
            help="Kør ikke 'migrate' først (databasen skal da allerede have det rette skema)",
        )

    def handle(self, *args: Any, path: str, no_migrate: bool, **options: Any) -> None:
        try:
            with stage_bars(
                enabled=options.get("verbosity", 1) > 0, units=ARCHIVE_UNITS
            ) as progress:
                summary = restore_backup(path, migrate=not no_migrate, progress=progress)
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Gendannet fra {path} (taget {summary.created_at}): {summary.tables} tabeller med "
            f"{format_number(summary.rows)} rækker og {format_number(summary.files)} filer "
            f"i {summary.vendor}; søgeindekset er genopbygget ({summary.referater_indexed} referater)."
        )
