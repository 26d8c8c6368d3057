"""styringsdialog import_beboerdata FILE: resident indicators per department or area and year."""

from __future__ import annotations

from typing import Any

from styringsdialog.registers.commandbase import ImportCommand
from styringsdialog.registers.models import RegisterSnapshot
from styringsdialog.registers.services.residents import import_beboerdata


class Command(ImportCommand):
    help = "Indlæs beboerdata (kvarterprofil) og klassificér boligområderne. Alt eller intet."

    def load(self, data: bytes, name: str, note: str, options: dict[str, Any]) -> RegisterSnapshot:
        return import_beboerdata(data=data, file_name=name, note=note)
