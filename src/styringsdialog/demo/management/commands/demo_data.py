"""styringsdialog demo-data: the national synthetic world, demo users and the seed meeting."""

from __future__ import annotations

import argparse
import importlib
import os
import time
from datetime import date, datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from almen import synth
from almen.formatting import format_number
from styringsdialog.accounts.services import notifications_suppressed
from styringsdialog.demo.users import DEMO_PASSWORD, create_demo_users, demo_users
from styringsdialog.lib.cli_progress import stage_bars
from styringsdialog.lib.clock import aware, frozen_at
from styringsdialog.registry.services import RegistryError, load_world, registry_is_empty

# A fixed "today" for the demo (tests, screenshots); the option --today wins over the variable.
TODAY_ENV = "STYRINGSDIALOG_DEMO_TODAY"

# Apps that add their own demo content implement ``load_demo(*, world, progress)`` in ``<app>/demo.py``.
DEMO_EXTENSIONS = (
    "styringsdialog.intake.demo",
    "styringsdialog.registers.demo",
    "styringsdialog.benchmarking.demo",
    "styringsdialog.meetings.demo",
    "styringsdialog.anvisning.demo",
    "styringsdialog.construction.demo",  # after meetings: links to the seed meeting (C15)
    "styringsdialog.publication.demo",
)


class Command(BaseCommand):
    help = "Opret syntetiske, nationale demodata (98 kommuner, ca. 550 organisationer, 7.500 afdelinger) og demobrugere."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed",
            type=int,
            default=2021,
            help="Frø for den deterministiske generator (standard 2021)",
        )
        parser.add_argument(
            "--scale",
            choices=["national", "small"],
            default="national",
            help="national (standard) eller small",
        )
        parser.add_argument(
            "--today",
            type=_iso_date,
            default=None,
            help=(
                "Indlæs demoen, som om det var denne dag (ÅÅÅÅ-MM-DD; standard: i dag eller "
                f"{TODAY_ENV}). Regnskabsår, frister, møder og historik regnes fra den dag."
            ),
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Gør intet (og fejler ikke), hvis der allerede er data",
        )

    def handle(
        self,
        *args: Any,
        seed: int,
        scale: str,
        if_empty: bool,
        today: date | None = None,
        **options: Any,
    ) -> None:
        if today is None and os.environ.get(TODAY_ENV):
            try:
                today = _iso_date(os.environ[TODAY_ENV])
            except argparse.ArgumentTypeError as exc:
                raise CommandError(f"{TODAY_ENV}: {exc}") from None
        if not registry_is_empty():
            if if_empty:
                self.stdout.write("Demodata er allerede indlæst – de genbruges.")
                self._print_logins()
                return
            raise CommandError(
                "Databasen indeholder allerede data, så demodata indlæses ikke igen (intet er ændret). "
                "Start forfra ved at slette databasen (fx var/styringsdialog.sqlite3) og køre 'make run', "
                "eller brug --if-empty."
            )
        started = time.perf_counter()
        day = today or timezone.localdate()
        # The whole load runs on the demo's "today" (10:00); the extensions backdate their history.
        with (
            frozen_at(aware(day, 10)),
            stage_bars(enabled=options.get("verbosity", 1) != 0) as progress,
        ):
            generating = f"Genererer verden (seed {seed}, {scale})"
            progress(generating, 0, 1)
            world = synth.generate(seed=seed, scale=scale, today=day)
            progress(generating, 1, 1)

            try:
                summary = load_world(
                    world,
                    source_name=f"Syntetiske demodata (seed {seed}, {scale})",
                    progress=progress,
                )
            except RegistryError as exc:
                raise CommandError(
                    "Demodata blev ikke indlæst (intet er gemt):\n- " + "\n- ".join(exc.errors)
                ) from exc
            create_demo_users(demo_users(synth.ALMENBO_NUMBER, _other_org(world)))
            for module_name in DEMO_EXTENSIONS:
                try:
                    module = importlib.import_module(module_name)
                except ModuleNotFoundError as exc:
                    if exc.name != module_name:
                        raise
                    continue
                # the demo's history (meetings held, referater sent, agreements) mails no one
                with notifications_suppressed():
                    module.load_demo(world=world, progress=progress)
        self.stdout.write(
            f"Indlæst {summary.kommuner} kommuner, {format_number(summary.organisations)} organisationer, "
            f"{format_number(summary.departments)} afdelinger og {format_number(summary.account_lines)} "
            f"regnskabslinjer på {format_number(time.perf_counter() - started, 1)} s."
        )
        self._print_logins()

    def _print_logins(self) -> None:
        from styringsdialog.accounts.models import Membership

        self.stdout.write(f"\nDemo-logins (adgangskode for alle: {DEMO_PASSWORD}):")
        for m in Membership.objects.select_related("user", "kommune", "organisation").order_by(
            "user__username"
        ):
            target = m.kommune or m.organisation or "hele landet"
            self.stdout.write(f"  {m.user.username:<8} {m.get_role_display()} – {target}")


def _iso_date(value: str) -> date:
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"ugyldig dato '{value}': brug formatet ÅÅÅÅ-MM-DD, fx 2026-12-03"
        ) from None


def _other_org(world: synth.SynthWorld) -> str:
    """An organisation outside Ballerup, for the 'other organisation' persona."""
    return next(o.number for o in world.organisations if o.home_kommune != "151")
