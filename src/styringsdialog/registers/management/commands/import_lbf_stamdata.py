"""styringsdialog import_lbf_stamdata FILE: LBF stamdata in the project's CSV format."""

from __future__ import annotations

from typing import Any

from styringsdialog.registers.commandbase import ImportCommand
from styringsdialog.registers.models import RegisterSnapshot
from styringsdialog.registers.services import import_lbf_stamdata


class Command(ImportCommand):
    help = "Indlæs LBF-stamdata (afdeling, byggeafsnit, BBR-ejendomsnummer, boliger, m²). Alt eller intet."

    def load(self, data: bytes, name: str, note: str, options: dict[str, Any]) -> RegisterSnapshot:
        return import_lbf_stamdata(data=data, file_name=name, note=note)
