"""styringsdialog reconcile [--json]: compare the newest LBF, BBR and DST snapshots (or those of a
year) and store the run; a progress bar on stderr, the summary (text or JSON) on stdout."""

from __future__ import annotations

import argparse
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from almen import registers as R
from almen.formatting import format_number
from styringsdialog.lib.cli_progress import stage_bar
from styringsdialog.registers.commandbase import one_of, percent, snapshot_id
from styringsdialog.registers.models import RegisterSnapshot, Source
from styringsdialog.registers.services.reconcile import ReconcileError, run_reconciliation


def year(text: str) -> int:
    if not (text.isascii() and text.isdigit() and len(text) == 4 and 2000 <= int(text) <= 2100):
        raise argparse.ArgumentTypeError(f"'{text[:10]}' er ikke et årstal (fx 2024)")
    return int(text)


class Command(BaseCommand):
    help = "Afstem boligtal og m² mellem LBF-stamdata, BBR og Danmarks Statistik (et valgt år, de nyeste udtræk eller de angivne)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--lbf", type=snapshot_id, help="Id på LBF-udtrækket (standard: nyeste)"
        )
        parser.add_argument(
            "--bbr", type=snapshot_id, help="Id på BBR-udtrækket (standard: nyeste)"
        )
        parser.add_argument(
            "--dst", type=snapshot_id, help="Id på DST-udtrækket (standard: nyeste)"
        )
        parser.add_argument(
            "--aar",
            type=year,
            help="Afstemningsår: LBF og BBR dateret i året, DST pr. 1. januar året efter (standard: nyeste udtræk)",
        )
        parser.add_argument(
            "--markoer",
            type=one_of("either", "ownership", "support", "both"),
            metavar="{either,ownership,support,both}",
            default="either",
            help="Hvilke almen-markører i BBR der tæller (standard: ejerforhold 20 og/eller støttekode)",
        )
        parser.add_argument(
            "--tolerance",
            type=percent,
            default=0.5,
            help="m²-tolerance i %% af LBF's areal (standard 0,5)",
        )
        parser.add_argument(
            "--json", action="store_true", help="Skriv afstemningens resumé som JSON"
        )

    def _snapshot(self, pk: int | None, source: str) -> RegisterSnapshot | None:
        if pk is None:
            return None
        found = RegisterSnapshot.objects.filter(pk=pk, source=source).first()
        if found is None:
            raise CommandError(f"Der er intet {source.upper()}-udtræk med id {pk}.")
        return found

    def handle(self, *args: Any, **options: Any) -> None:
        with stage_bar("Afstemmer", enabled=options.get("verbosity", 1) > 0) as progress:
            try:
                run = run_reconciliation(
                    lbf=self._snapshot(options["lbf"], Source.LBF),
                    bbr=self._snapshot(options["bbr"], Source.BBR),
                    dst=self._snapshot(options["dst"], Source.DST),
                    year=options.get("aar"),
                    criteria=R.AlmenCriteria(mode=options["markoer"]),
                    area_tolerance_pct=options["tolerance"],
                    progress=progress,
                )
            except ReconcileError as exc:
                raise CommandError(str(exc)) from exc
        n = run.differences.count()
        depts = run.differences.filter(level="department").values("department").distinct().count()
        if options.get("json"):
            summary = {
                "run": run.pk,
                "year": run.year,
                "lbf_snapshot": run.lbf_snapshot_id,
                "bbr_snapshot": run.bbr_snapshot_id,
                "dst_snapshot": run.dst_snapshot_id,
                "units": int(run.stats.get("units", 0)),
                "departments": int(run.stats.get("departments", 0)),
                "differences": n,
                "departments_with_differences": depts,
                "seconds": run.stats.get("seconds", 0),
                "selection": run.selection,
            }
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
            return
        self.stdout.write(
            f"Afstemning #{run.pk}: {format_number(int(run.stats.get('units', 0)))} BBR-enheder, "
            f"{format_number(int(run.stats.get('departments', 0)))} afdelinger, {n} forskelle i {depts} afdelinger "
            f"({format_number(run.stats.get('seconds', 0), 2)} s)."
        )
        if run.selection:
            self.stdout.write(run.selection)
