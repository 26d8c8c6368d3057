"""styringsdialog benchmark --year 2024 [--method fdh|dea-vrs|dea-crs] [--json]: a run, synchronously,
with a progress bar on stderr and its summary (text or JSON) on stdout."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count, Q

from almen.efficiency import Parameters
from almen.formatting import format_number
from styringsdialog.benchmarking.compute import METHODS
from styringsdialog.benchmarking.models import KeyFigureResult
from styringsdialog.benchmarking.services import BenchmarkError, run_benchmark
from styringsdialog.lib.cli_progress import stage_bar


class Command(BaseCommand):
    help = "Beregn effektivitetstal og nøgletal for et regnskabsår og gem beregningen (en ny kørsel hver gang)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="Regnskabsår, fx 2024")
        parser.add_argument(
            "--method",
            choices=list(METHODS),
            default="fdh",
            help="fdh (standard), dea-vrs eller dea-crs",
        )
        parser.add_argument(
            "--min-peers",
            type=int,
            default=None,
            help="Mindste antal sammenlignelige afdelinger (standard 30)",
        )
        parser.add_argument(
            "--normalisation",
            choices=["dwelling", "m2"],
            default=None,
            help="Udgift pr. bolig (standard) eller pr. m²",
        )
        parser.add_argument(
            "--json", action="store_true", help="Skriv beregningens resumé som JSON"
        )

    def handle(
        self,
        *args: Any,
        year: int,
        method: str,
        min_peers: int | None,
        normalisation: str | None,
        **options: Any,
    ) -> None:
        overrides: dict[str, Any] = {}
        if min_peers is not None:
            overrides["min_peers"] = min_peers
        if normalisation is not None:
            overrides["normalisation"] = normalisation
        with stage_bar(
            f"Beregner {year} ({method})", enabled=options.get("verbosity", 1) > 0
        ) as progress:
            try:
                run = run_benchmark(
                    year=year, method=method, params=Parameters(**overrides), progress=progress
                )
            except (BenchmarkError, ValueError) as exc:
                raise CommandError(str(exc)) from exc
        counts = _counts(run)
        if options.get("json"):
            self.stdout.write(json.dumps(run_json(run, counts), ensure_ascii=False))
            return
        self.stdout.write(
            f"Beregning nr. {run.pk} ({run.get_method_display()}, {run.data_year}): "
            f"{format_number(run.n_departments)} afdelinger, {format_number(run.n_scored)} med effektivitetstal, "
            f"{format_number(run.n_excluded)} udeladt; {format_number(run.duration_s, 1)} s. "
            f"Farveskala {run.colour_scale.version}, programversion {run.code_version}."
        )
        self.stdout.write("Nøgletal: " + _flag_text(counts) + ".")


def run_json(run: Any, counts: dict[str, int]) -> dict[str, Any]:
    """The run's summary as the API's run plus the key-figure flag counts."""
    return {
        "run": run.pk,
        "method": run.method,
        "data_year": run.data_year,
        "n_departments": run.n_departments,
        "n_scored": run.n_scored,
        "n_excluded": run.n_excluded,
        "duration_s": run.duration_s,
        "colour_scale": run.colour_scale.version,
        "code_version": run.code_version,
        "key_figures": {
            "below_norm": counts["below"],
            "critical_low": counts["low"],
            "critical_high": counts["high"],
            "high_rent": counts["rent"],
            "high_rent_below_norm": counts["both"],
        },
        "url": f"/api/v1/benchmark-runs/{run.pk}",
    }


def _counts(run: Any) -> dict[str, int]:
    return KeyFigureResult.objects.filter(run=run).aggregate(
        below=Count("pk", filter=Q(below_norm=True)),
        low=Count("pk", filter=Q(critical_low=True)),
        high=Count("pk", filter=Q(critical_high=True)),
        rent=Count("pk", filter=Q(high_rent=True)),
        both=Count("pk", filter=Q(high_rent=True, below_norm=True)),
    )


def _flag_text(counts: dict[str, int]) -> str:
    return (
        f"{format_number(counts['below'])} under normen for henlæggelser, "
        f"{format_number(counts['low'])} under og {format_number(counts['high'])} over de kritiske værdier, "
        f"{format_number(counts['rent'])} med høj husleje, heraf {format_number(counts['both'])} med lave henlæggelser"
    )
