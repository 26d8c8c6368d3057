"""styringsdialog import_dst FILE: Danmarks Statistik BOL101 (CSV/BULK or JSON-stat, codes)."""

from __future__ import annotations

from typing import Any

from almen.registers.inputs import decode_utf8
from styringsdialog.registers.commandbase import ImportCommand
from styringsdialog.registers.models import RegisterSnapshot
from styringsdialog.registers.services import import_dst


class Command(ImportCommand):
    help = "Indlæs almene boliger pr. kommune fra Danmarks Statistiks BOL101 (EJER=20). Alt eller intet."

    def load(self, data: bytes, name: str, note: str, options: dict[str, Any]) -> RegisterSnapshot:
        decode_utf8(data, file=name)  # the service reads bytes that are not UTF-8 as "�"
        return import_dst(data=data, file_name=name, note=note)
