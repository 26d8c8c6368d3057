"""Shared shape of the register import commands: read FILE, call one service, print every error."""

from __future__ import annotations

from abc import ABCMeta, abstractmethod
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from almen.formatting import format_number
from almen.registers import describe
from styringsdialog.registers.models import RegisterSnapshot
from styringsdialog.registers.services import ImportFailed


def read_file(path: str) -> bytes:
    p = Path(path)
    if not p.is_file():
        raise CommandError(f"Filen {path} findes ikke (intet er indlæst).")
    return p.read_bytes()


def run_import(command: BaseCommand, importer: Callable[[], RegisterSnapshot]) -> RegisterSnapshot:
    """Call ``importer``; on ``ImportFailed`` list every error and fail (nothing is stored)."""
    try:
        snapshot = importer()
    except ImportFailed as exc:
        lines = "\n".join(f"- {describe(e)}" for e in exc.errors)
        raise CommandError(
            f"Filen blev ikke indlæst ({len(exc.errors)} fejl; intet er gemt):\n{lines}"
        ) from exc
    command.stdout.write(
        f"Indlæst {snapshot.get_source_display()} fra {snapshot.file_name}: {format_number(snapshot.rows)} rækker, "
        f"opgørelsesdato {snapshot.reference_date:%d.%m.%Y} (udtræk #{snapshot.pk}, sha256 {snapshot.sha256[:12]}…)."
    )
    return snapshot


class ImportCommand(BaseCommand, metaclass=ABCMeta):
    """``FILE`` plus ``--note``; subclasses implement ``load(data, name, note, options)``."""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Filen der skal indlæses")
        parser.add_argument("--note", default="", help="Bemærkning, der gemmes med udtrækket")

    @abstractmethod
    def load(self, data: bytes, name: str, note: str, options: dict[str, Any]) -> RegisterSnapshot:
        """Parse ``data`` (the file named ``name``) and store it as one snapshot, all-or-nothing."""

    def handle(self, *args: Any, file: str, note: str, **options: Any) -> None:
        data = read_file(file)
        run_import(self, lambda: self.load(data, Path(file).name, note, options))
