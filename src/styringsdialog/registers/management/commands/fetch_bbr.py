"""styringsdialog fetch-bbr --kommune 151: BBR units from Datafordeler GraphQL, then imported."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from almen.registers import RegisterClientError, RegisterFormatError
from styringsdialog.registers.commandbase import error_report, iso_date, run_import
from styringsdialog.registers.fetching import fetch_bbr_units, graphql_client, moment
from styringsdialog.registers.services import import_bbr


def kommune_code(text: str) -> str:
    import argparse

    if not (text.isascii() and text.isdigit() and 1 <= len(text) <= 4 and 0 < int(text) < 1000):
        raise argparse.ArgumentTypeError(f"'{text[:10]}' er ikke en kommunekode (fx 151)")
    return f"{int(text):03d}"


class Command(BaseCommand):
    help = (
        "Hent kommunens BBR-enheder fra Datafordeleren (GraphQL, side for side, med genforsøg) "
        "og indlæs dem som et udtræk. Alt eller intet."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--kommune", type=kommune_code, required=True, help="Kommunekode, fx 151"
        )
        parser.add_argument(
            "--dato", type=iso_date, help="Bestanden pr. denne dato ÅÅÅÅ-MM-DD (standard: nu)"
        )
        parser.add_argument("--note", default="", help="Bemærkning, der gemmes med udtrækket")

    def handle(self, *args: Any, kommune: str, dato: Any, note: str, **options: Any) -> None:
        at = moment(dato)
        quiet = options.get("verbosity", 1) == 0

        def on_retry(attempt: int, wait: float, reason: str) -> None:
            self.stderr.write(
                f"{reason.rstrip('.')}; prøver igen om {wait:g} s (forsøg {attempt + 1})."
            )

        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TextColumn("{task.completed} enheder"),
            TimeElapsedColumn(),
            disable=quiet,
        ) as bar:
            task = bar.add_task(f"Henter BBR for kommune {kommune}", total=None)

            def progress(step: str, done: int, total: int | None) -> None:
                bar.update(task, description=step, completed=done)

            try:
                data = fetch_bbr_units(
                    kommune_code=kommune,
                    at=at,
                    client=graphql_client(on_retry=on_retry),
                    progress=progress,
                )
            except RegisterClientError as exc:
                raise CommandError(f"{exc} Intet er indlæst.") from exc
            except RegisterFormatError as exc:
                raise CommandError(error_report(exc.errors)) from exc
        name = f"datafordeler-bbr-{kommune}-{at[:10]}.json"
        run_import(
            self,
            lambda: import_bbr(
                data=data,
                file_name=name,
                note=note or f"Hentet {at}",
                reference_date=dato or date.fromisoformat(at[:10]),
            ),
        )
