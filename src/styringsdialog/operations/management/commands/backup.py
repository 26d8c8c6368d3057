"""styringsdialog backup PATH: the whole installation (database and stored files) in one archive."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from almen.formatting import format_number
from styringsdialog.lib.cli_progress import stage_bars
from styringsdialog.operations.archive import ARCHIVE_UNITS, ArchiveError
from styringsdialog.operations.backup import write_backup


class Command(BaseCommand):
    help = (
        "Tag en sikkerhedskopi af hele installationen: databasens indhold (alle tabeller), alle "
        "gemte filer og et manifest med skemaversion, antal rækker og SHA-256 for hver fil."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Arkivfilen, der skal skrives (fx backup.zip)")
        parser.add_argument(
            "--overwrite", action="store_true", help="Overskriv en eksisterende arkivfil"
        )

    def handle(self, *args: Any, path: str, overwrite: bool, **options: Any) -> None:
        try:
            with stage_bars(
                enabled=options.get("verbosity", 1) > 0, units=ARCHIVE_UNITS
            ) as progress:
                summary = write_backup(path, overwrite=overwrite, progress=progress)
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Sikkerhedskopi skrevet til {summary.path}: {summary.tables} tabeller med "
            f"{format_number(summary.rows)} rækker, {format_number(summary.files)} filer "
            f"({_mb(summary.file_bytes)}); arkivet fylder {_mb(summary.archive_bytes)}."
        )
        if summary.missing_files:
            self.stderr.write(
                f"Advarsel: {len(summary.missing_files)} filer, som databasen henviser til, "
                "findes ikke i fillageret og er ikke med: " + ", ".join(summary.missing_files[:5])
            )


def _mb(n: int) -> str:
    return f"{format_number(n / (1024 * 1024), 1)} MB"
