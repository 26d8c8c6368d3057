"""styringsdialog import-package-file: import a CSV/XLSX file into a documentation package.

Prints every error as ``file, række R, kolonne K: message`` and exits with code 1 when the file
is rejected (nothing is then written). A file identical to the latest import is a no-op.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser

from styringsdialog.intake.models import DocumentationPackage, ImportKind
from styringsdialog.intake.services.imports import import_file


class Command(BaseCommand):
    help = "Indlæs regnskab, afdelingsoplysninger eller svar fra en CSV- eller XLSX-fil i en dokumentationspakke."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FIL", help="CSV- (UTF-8) eller XLSX-fil")
        parser.add_argument(
            "--organisation", required=True, help="Boligorganisationens LBF-nummer, fx 0151"
        )
        parser.add_argument(
            "--year", type=int, required=True, help="Styringsåret (pakkens år), fx 2025"
        )
        parser.add_argument(
            "--kind", required=True, choices=ImportKind.values, help="accounts, facts eller answers"
        )
        parser.add_argument(
            "--sheet", default=None, help="Arket i en XLSX-fil (standard: det første)"
        )
        parser.add_argument(
            "--user",
            "--as",
            dest="user",
            default=None,
            help="Brugernavn, der registreres som den, der har indlæst filen",
        )

    def handle(
        self,
        *args: Any,
        file: str,
        organisation: str,
        year: int,
        kind: str,
        sheet: str | None,
        user: str | None,
        **options: Any,
    ) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Filen {file} findes ikke.")
        package = (
            DocumentationPackage.objects.with_related()
            .filter(organisation__number=organisation, styringsaar=year)
            .first()
        )
        if package is None:
            raise CommandError(
                f"Der findes ingen dokumentationspakke for organisation {organisation} og styringsår {year}."
            )
        by = self._user(user)
        try:
            with path.open("rb") as fh:
                outcome = import_file(
                    package=package,
                    kind=kind,
                    uploaded_file=File(fh, name=path.name),
                    by=by,
                    sheet=sheet,
                )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        for error in outcome.errors:
            row = "–" if error["row"] is None else error["row"]
            column = error["column"] or "–"
            self.stdout.write(f"{error['file']}, række {row}, kolonne {column}: {error['message']}")
        if not outcome.ok:
            raise CommandError(outcome.message)
        for warning in outcome.batch.warnings:
            self.stdout.write(
                f"Advarsel: {warning['file']}, række {warning['row']}, kolonne {warning['column']}: {warning['message']}"
            )
        self.stdout.write(outcome.message)

    def _user(self, username: str | None) -> Any:
        if username is None:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Brugeren {username} findes ikke.")
        return user
