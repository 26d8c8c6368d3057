"""Shared shape of the register import commands: read FILE, call one service, print the errors.

Whatever the file holds, a command ends either with its one-line summary or with a Danish
``CommandError`` (exit code 1, no traceback) that says why nothing was stored: a missing,
unreadable or too large file, the first ``MAX_PRINTED`` errors of a rejected file and how many
more there were, or — as a last resort for a fault no check foresaw — the kind of fault, with a
pointer to ``--traceback``. The services write in one transaction, so nothing is ever half
stored.
"""

from __future__ import annotations

import argparse
import csv
import math
from abc import ABCMeta, abstractmethod
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from almen.formatting import format_number
from almen.registers import RegisterFormatError, RowError, describe, describe_skipped
from almen.registers.inputs import MAX_FILE_BYTES
from almen.tabular import MAX_ERRORS, MoreErrors, count_errors
from styringsdialog.registers.models import RegisterSnapshot
from styringsdialog.registers.services import ImportFailed

MAX_PRINTED = MAX_ERRORS
"""Errors printed one per line; the rest are counted in one line (a file can hold 100,000)."""

_UNFORESEEN = (
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    ArithmeticError,
    RecursionError,
    MemoryError,
    csv.Error,
    DatabaseError,
)


def read_file(path: str, *, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the file at ``path``; ``CommandError`` when it is missing, unreadable or
    larger than ``max_bytes``."""
    p = Path(path)
    try:
        if not p.is_file():
            raise CommandError(f"Filen {path} findes ikke (intet er indlæst).")
        size = p.stat().st_size
        if size > max_bytes:
            raise CommandError(
                f"Filen {path} fylder {_mb(size)} MB; der kan højst indlæses {_mb(max_bytes)} MB "
                "(intet er indlæst)."
            )
        return p.read_bytes()
    except (OSError, ValueError) as exc:
        raise CommandError(
            f"Filen {path} kan ikke læses ({type(exc).__name__}; intet er indlæst)."
        ) from exc


def error_report(errors: Sequence[RowError]) -> str:
    """ "Filen blev ikke indlæst (N fejl; intet er gemt):" and a line per error, at most
    ``MAX_PRINTED`` of them, then one line for the rest."""
    plain = [e for e in errors if not isinstance(e, MoreErrors)]
    total = count_errors(errors)
    lines = [f"- {describe(e)}" for e in plain[:MAX_PRINTED]]
    if total > len(lines):
        lines.append(f"- … og {format_number(total - len(lines))} fejl mere, som ikke vises.")
    return f"Filen blev ikke indlæst ({format_number(total)} fejl; intet er gemt):\n" + "\n".join(
        lines
    )


def run_import(command: BaseCommand, importer: Callable[[], RegisterSnapshot]) -> RegisterSnapshot:
    """Call ``importer``; on any failure list the errors and fail (nothing is stored)."""
    try:
        snapshot = importer()
    except (ImportFailed, RegisterFormatError) as exc:
        raise CommandError(error_report(exc.errors)) from exc
    except _UNFORESEEN as exc:
        raise CommandError(
            f"Filen blev ikke indlæst: den udløste en uventet fejl ({type(exc).__name__}); "
            "intet er gemt. Kør kommandoen igen med --traceback for detaljer."
        ) from exc
    command.stdout.write(
        f"Indlæst {snapshot.get_source_display()} fra {snapshot.file_name}: {format_number(snapshot.rows)} rækker, "
        f"opgørelsesdato {snapshot.reference_date:%d.%m.%Y} (udtræk #{snapshot.pk}, sha256 {snapshot.sha256[:12]}…)."
    )
    for line in skipped_lines(snapshot.skipped):
        command.stdout.write(line)
    return snapshot


def skipped_lines(skipped: dict[str, dict[str, int]]) -> list[str]:
    """ "Sprunget over (ikke indlæst): 22 enheder – 22 med status 9 Afsluttet." per kind."""
    names = {"units": "enheder", "buildings": "bygninger"}
    return [
        f"Sprunget over (ikke indlæst, ikke kontrolleret): {format_number(sum(counts.values()))} "
        f"{names.get(kind, kind)} – {describe_skipped(counts)}."
        for kind, counts in (skipped or {}).items()
        if counts
    ]


def iso_date(text: str) -> date:
    """An argparse ``type``: a date written ÅÅÅÅ-MM-DD, with a Danish message otherwise."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text[:40]}' er ikke en dato; skriv ÅÅÅÅ-MM-DD, fx 2025-03-01"
        ) from None


def snapshot_id(text: str) -> int:
    """An argparse ``type``: the id of a snapshot (a positive whole number)."""
    if not (text.isascii() and text.isdigit() and 0 < len(text) <= 18 and int(text) > 0):
        raise argparse.ArgumentTypeError(
            f"'{text[:40]}' er ikke et udtræks-id (et positivt helt tal)"
        )
    return int(text)


def one_of(*values: str) -> Callable[[str], str]:
    """An argparse ``type``: one of ``values``, with a Danish message naming them otherwise."""

    def check(text: str) -> str:
        if text not in values:
            raise argparse.ArgumentTypeError(f"'{text[:40]}' er ikke en af {', '.join(values)}")
        return text

    return check


def percent(text: str) -> float:
    """An argparse ``type``: a percentage from 0 to 100 (decimal comma or point)."""
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 0 <= value <= 100):
        raise argparse.ArgumentTypeError(
            f"'{text[:40]}' er ikke en procentsats fra 0 til 100, fx 0,5"
        )
    return value


class ImportCommand(BaseCommand, metaclass=ABCMeta):
    """``FILE`` plus ``--note``; subclasses implement ``load(data, name, note, options)``.

    ``max_bytes``: the largest file the command reads (``almen.registers.inputs``)."""

    max_bytes = MAX_FILE_BYTES

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Filen der skal indlæses")
        parser.add_argument("--note", default="", help="Bemærkning, der gemmes med udtrækket")

    @abstractmethod
    def load(self, data: bytes, name: str, note: str, options: dict[str, Any]) -> RegisterSnapshot:
        """Parse ``data`` (the file named ``name``) and store it as one snapshot, all-or-nothing."""

    def handle(self, *args: Any, file: str, note: str, **options: Any) -> None:
        data = read_file(file, max_bytes=self.max_bytes)
        run_import(self, lambda: self.load(data, Path(file).name[:255], note, options))


def _mb(size: int) -> str:
    return format_number(size / 1024 / 1024, 0 if size >= 10 * 1024 * 1024 else 1)
