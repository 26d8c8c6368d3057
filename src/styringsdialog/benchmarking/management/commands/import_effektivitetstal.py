"""styringsdialog import-effektivitetstal FILE"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from styringsdialog.benchmarking.official_import import OfficialImportError
from styringsdialog.benchmarking.services import import_official_scores


class Command(BaseCommand):
    help = "Indlæs officielle effektivitetstal fra en CSV-fil (organisation;afdeling;aar;effektivitetstal[;farve])."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV-fil i UTF-8, semikolonsepareret")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        try:
            report = import_official_scores(path=file)
        except FileNotFoundError as exc:
            raise CommandError(f"Filen {file} findes ikke.") from exc
        except OfficialImportError as exc:
            lines = "\n- ".join(str(e) for e in exc.errors)
            raise CommandError(
                f"Filen blev ikke indlæst ({len(exc.errors)} fejl, intet er ændret):\n- {lines}"
            ) from exc
        if report.already_imported:
            self.stdout.write(
                f"{report.file} er allerede indlæst (sha256 {report.sha256[:12]}…); intet er ændret."
            )
            return
        self.stdout.write(
            f"Indlæst {report.file}: {report.rows} rækker – {report.created} nye, {report.updated} ændrede, "
            f"{report.unchanged} uændrede. sha256 {report.sha256}."
        )
