"""styringsdialog export KIND [--aar N] [--kommune K] [--format csv|xlsx] -o FILE [--as USER]

The CSV/XLSX exports the pages offer, written to a file, as a user (``--as``) and through the
same scoped reads and export functions as the pages and the API:

* ``effektivitet``: a benchmark run's results (``--run ID``, or the newest run of ``--metode``
  for regnskabsår ``--aar``; without ``--aar`` the newest year), optionally of one kommune or
  organisation — the same file as ``GET /api/v1/benchmark-runs/{id}/results.csv``;
* ``afstemning``: a kommune's reconciliation (``--kommune`` required; ``--aar``: the newest run
  of that year) — the same file as ``GET /api/v1/registre/kommuner/{code}/afstemning.csv``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import HttpRequest, HttpResponse

from styringsdialog.accounts.cli import add_as_argument, danish_errors, resolve_actor
from styringsdialog.accounts.permissions import scope_for
from styringsdialog.benchmarking import exports as benchmark_exports
from styringsdialog.benchmarking.compute import METHODS
from styringsdialog.benchmarking.queries.runs import (
    get_run_for_user,
    latest_run,
    result_departments,
)
from styringsdialog.registers import exports as reconciliation_exports
from styringsdialog.registers import queries as reconciliation_queries
from styringsdialog.registry.queries import get_kommune_for_user

KINDS = ("effektivitet", "afstemning")


class Command(BaseCommand):
    help = "Skriv en eksport (CSV eller Excel) som på siderne til en fil: effektivitet eller afstemning."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kind", choices=KINDS, metavar="TYPE", help="effektivitet eller afstemning"
        )
        parser.add_argument(
            "--aar",
            type=int,
            default=None,
            help="Regnskabsår (effektivitet) eller afstemningsår (standard: nyeste)",
        )
        parser.add_argument("--kommune", default="", help="Kommunekode, fx 151")
        parser.add_argument(
            "--organisation", default="", help="Organisationsnummer, fx 0151 (kun dens afdelinger)"
        )
        parser.add_argument(
            "--metode",
            choices=list(METHODS),
            default="fdh",
            help="fdh (standard), dea-vrs eller dea-crs (effektivitet)",
        )
        parser.add_argument(
            "--run", type=int, default=None, help="Beregningens id (effektivitet; ellers nyeste)"
        )
        parser.add_argument(
            "--format", choices=["csv", "xlsx"], default="csv", help="csv (standard) eller xlsx"
        )
        parser.add_argument(
            "-o", "--output", required=True, metavar="FIL", help="Filen der skrives"
        )
        parser.add_argument("--json", action="store_true", help="Skriv et resumé som JSON")
        add_as_argument(parser)

    def handle(self, *args: Any, kind: str, **options: Any) -> None:
        user = resolve_actor(options.get("as_user"))
        year = options["aar"]
        if year is not None and not 1900 <= year <= 2200:
            raise CommandError(f"Året skal ligge mellem 1900 og 2200, ikke {year}.")
        with danish_errors():
            if kind == "effektivitet":
                response = self._efficiency(user, options)
            else:
                response = self._reconciliation(user, options)
        path = Path(options["output"])
        try:
            path.write_bytes(response.content)
        except OSError as exc:
            raise CommandError(
                f"Filen {path} kan ikke skrives ({type(exc).__name__}); intet er gemt."
            ) from exc
        name = response["Content-Disposition"].split('filename="', 1)[-1].rstrip('"')
        if options["json"]:
            summary = {"kind": kind, "file": str(path), "name": name, "bytes": path.stat().st_size}
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
        else:
            self.stdout.write(f"Eksporten ({name}) er skrevet til {path}.")

    def _efficiency(self, user: Any, options: dict[str, Any]) -> HttpResponse:
        if options["run"] is not None:
            run = get_run_for_user(user, options["run"])
        else:
            latest = latest_run(options["aar"], options["metode"])
            if latest is None or not scope_for(user).has_role:
                raise CommandError("Der er ingen beregning for det valgte år og den valgte metode.")
            run = latest
        depts = result_departments(
            user, kommune=options["kommune"], organisation=options["organisation"]
        )
        name = "effektivitet"
        if options["kommune"]:
            name += f"-kommune-{options['kommune']}"
        if options["organisation"]:
            name += f"-organisation-{options['organisation']}"
        return benchmark_exports.download(
            HttpRequest(), run, depts, run.colour_scale.as_scale(), options["format"], name
        )

    def _reconciliation(self, user: Any, options: dict[str, Any]) -> HttpResponse:
        if not options["kommune"]:
            raise CommandError("Angiv kommunen med --kommune, fx --kommune 151.")
        kommune = get_kommune_for_user(user, options["kommune"])
        report = reconciliation_queries.kommune_report(
            kommune=kommune,
            scope=scope_for(user),
            organisation=options["organisation"],
            year=options["aar"],
        )
        if report is None:
            raise CommandError("Der er ikke kørt en afstemning, der omfatter kommunen.")
        return reconciliation_exports.download(report, kommune, options["format"])
