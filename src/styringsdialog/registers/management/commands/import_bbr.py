"""styringsdialog import_bbr FILE: BBR units (Datafordeler REST JSON array or GraphQL answer)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from almen.registers.inputs import MAX_JSON_BYTES
from styringsdialog.registers.commandbase import ImportCommand, iso_date, read_file
from styringsdialog.registers.models import RegisterSnapshot
from styringsdialog.registers.services import import_bbr


class Command(ImportCommand):
    help = "Indlæs BBR-enheder fra Datafordeleren (REST-liste eller GraphQL-svar). Alt eller intet."
    max_bytes = MAX_JSON_BYTES

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--bygninger", help="BBR-bygninger (giver ejerforholdskode og ejendomsnummer)"
        )
        parser.add_argument(
            "--dato",
            type=iso_date,
            help="Udtrækkets dato ÅÅÅÅ-MM-DD (standard: seneste registrering)",
        )

    def load(self, data: bytes, name: str, note: str, options: dict[str, Any]) -> RegisterSnapshot:
        buildings = options.get("bygninger")
        return import_bbr(
            data=data,
            file_name=name,
            note=note,
            reference_date=options.get("dato"),
            buildings=read_file(buildings, max_bytes=MAX_JSON_BYTES) if buildings else None,
            buildings_name=Path(buildings).name[:255] if buildings else "",
        )
