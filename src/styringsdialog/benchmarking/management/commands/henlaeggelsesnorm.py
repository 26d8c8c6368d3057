"""styringsdialog henlaeggelsesnorm --kommune 151 [--norm 180 --kilde TEKST --bruger NAVN] [--json]"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from almen.formatting import format_number
from styringsdialog.accounts.models import User
from styringsdialog.benchmarking.queries import norms
from styringsdialog.benchmarking.services import set_provision_norm
from styringsdialog.registry.models import Kommune


class Command(BaseCommand):
    help = (
        "Vis en kommunes norm for henlæggelser (kr. pr. m² pr. år) med kilde, eller ret den "
        "med --norm og --kilde på vegne af en bruger, der må (kommunens sagsbehandler eller en "
        "administrator)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kommune", required=True, help="Kommunekode, fx 151")
        parser.add_argument("--norm", help="Ny norm i kr. pr. m² pr. år, fx 180 eller 180,5")
        parser.add_argument("--kilde", help="Normens kilde (påkrævet med --norm)")
        parser.add_argument("--bruger", help="Brugernavn, der retter normen (påkrævet med --norm)")
        parser.add_argument("--json", action="store_true", help="Skriv resultatet som JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        kommune = Kommune.objects.filter(code=options["kommune"]).first()
        if kommune is None:
            raise CommandError(f"Kommunen {options['kommune']} findes ikke.")
        if options["norm"] is not None:
            if not options["kilde"] or not options["bruger"]:
                raise CommandError("Angiv både --kilde og --bruger, når du retter normen.")
            user = User.objects.filter(username=options["bruger"], is_active=True).first()
            if user is None:
                raise CommandError(f"Brugeren {options['bruger']} findes ikke eller er ikke aktiv.")
            try:
                set_provision_norm(
                    kommune=kommune,
                    norm_per_m2=options["norm"],
                    source=options["kilde"],
                    version=norms.norm_for(kommune).version,
                    by=user,
                )
            except (ValidationError, PermissionDenied) as exc:
                message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                raise CommandError(message) from exc
        view = norms.norm_for(kommune)
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "kommune": view.kommune_code,
                        "norm_per_m2": str(view.norm_per_m2),
                        "source": view.source,
                        "is_default": view.is_default,
                        "version": view.version,
                    },
                    ensure_ascii=False,
                )
            )
            return
        default = " (standard)" if view.is_default else ""
        self.stdout.write(
            f"{kommune.official_name}: {format_number(float(view.norm_per_m2), 2)} kr. pr. m² pr. år"
            f"{default}. Kilde: {view.source}"
        )
