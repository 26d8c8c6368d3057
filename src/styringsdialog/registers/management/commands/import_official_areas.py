"""styringsdialog import-official-areas FILE --year N: the official list of designated areas."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import CommandParser

from styringsdialog.registers.commandbase import ImportCommand
from styringsdialog.registers.models import RegisterSnapshot
from styringsdialog.registers.services.official import import_official_areas


def list_year(text: str) -> int:
    if not (text.isascii() and text.isdigit() and len(text) == 4 and 2010 <= int(text) <= 2100):
        raise argparse.ArgumentTypeError(f"'{text[:10]}' er ikke et listeår fra 2010 (fx 2024)")
    return int(text)


class Command(ImportCommand):
    help = (
        "Indlæs den officielle liste over udsatte boligområder, parallelsamfund, omdannelses- og "
        "forebyggelsesområder for et listeår (går forud for den beregnede klassifikation). Alt eller intet."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--year", type=list_year, required=True, help="Listeåret, fx 2024")

    def load(self, data: bytes, name: str, note: str, options: dict[str, Any]) -> RegisterSnapshot:
        return import_official_areas(data=data, file_name=name, year=options["year"], note=note)
