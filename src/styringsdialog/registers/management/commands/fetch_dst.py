"""styringsdialog fetch-dst BOL101 [--aar 2024 …]: StatBank tableinfo + data, then imported."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from almen.registers import RegisterClientError, RegisterFormatError
from styringsdialog.registers.commandbase import error_report, run_import
from styringsdialog.registers.fetching import fetch_statbank, statbank_client
from styringsdialog.registers.services import import_dst


def table_id(text: str) -> str:
    import argparse

    if not (text.isascii() and text.isalnum() and 1 <= len(text) <= 20):
        raise argparse.ArgumentTypeError(f"'{text[:20]}' er ikke et tabelnavn (fx BOL101)")
    return text.upper()


def year_code(text: str) -> str:
    import argparse

    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise argparse.ArgumentTypeError(f"'{text[:10]}' er ikke et årstal (fx 2024)")
    return text


class Command(BaseCommand):
    help = (
        "Hent almene boliger pr. kommune (EJER=20) fra Danmarks Statistiks Statistikbank "
        "(tableinfo, derefter data, med genforsøg) og indlæs dem. Alt eller intet."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("table", type=table_id, help="Tabellen, fx BOL101")
        parser.add_argument(
            "--aar",
            type=year_code,
            action="append",
            help="År der hentes (kan gentages; standard: det nyeste). Skal findes i tableinfo.",
        )
        parser.add_argument("--note", default="", help="Bemærkning, der gemmes med udtrækket")

    def handle(
        self, *args: Any, table: str, aar: list[str] | None, note: str, **options: Any
    ) -> None:
        def on_retry(attempt: int, wait: float, reason: str) -> None:
            self.stderr.write(
                f"{reason.rstrip('.')}; prøver igen om {wait:g} s (forsøg {attempt + 1})."
            )

        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TimeElapsedColumn(),
            disable=options.get("verbosity", 1) == 0,
        ) as bar:
            task = bar.add_task(f"Henter {table}", total=2)

            def progress(step: str, done: int, total: int | None) -> None:
                bar.update(task, description=step, completed=done, total=total)

            try:
                data = fetch_statbank(
                    table=table,
                    years=aar,
                    client=statbank_client(on_retry=on_retry),
                    progress=progress,
                )
            except RegisterClientError as exc:
                raise CommandError(f"{exc} Intet er indlæst.") from exc
            except RegisterFormatError as exc:
                raise CommandError(error_report(exc.errors)) from exc
        name = f"statbank-{table}-{'-'.join(aar) if aar else 'nyeste'}.csv"
        run_import(self, lambda: import_dst(data=data, file_name=name, table=table, note=note))
