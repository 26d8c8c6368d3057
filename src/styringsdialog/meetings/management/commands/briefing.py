"""styringsdialog briefing ORG --aar N [--json] [--to-meeting ID --points k1,k2]: the briefing
for a dialogue meeting, and its points on a meeting's agenda (as the briefing page)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from styringsdialog.accounts.cli import add_as_argument, danish_errors, resolve_actor
from styringsdialog.meetings import services
from styringsdialog.meetings.api.briefing import (
    briefing_organisation,
    briefing_out,
    chosen_points,
    item_out,
)
from styringsdialog.meetings.queries import get_meeting_for_user


class Command(BaseCommand):
    help = "Vis briefingen til dialogmødet for en organisation og et styringsår, eller sæt dens punkter på et mødes dagsorden."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help="Organisationsnummer, fx 0151")
        parser.add_argument("--aar", type=int, required=True, help="Styringsår, fx 2025")
        parser.add_argument("--json", action="store_true", help="Skriv briefingen som JSON")
        parser.add_argument(
            "--to-meeting",
            type=int,
            default=None,
            metavar="MØDE_ID",
            help="Sæt punkterne på dette mødes dagsorden",
        )
        parser.add_argument(
            "--points",
            default="",
            metavar="NØGLE,NØGLE",
            help="Punkternes nøgler, kommasepareret (standard med --to-meeting: alle punkter)",
        )
        add_as_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        user = resolve_actor(options.get("as_user"))
        year = options["aar"]
        keys = [k.strip() for k in options["points"].split(",") if k.strip()]
        if keys and options["to_meeting"] is None:
            raise CommandError("--points bruges sammen med --to-meeting MØDE_ID.")
        with danish_errors():
            organisation = briefing_organisation(user, options["organisation"])
            data = briefing_out(organisation, year)
            if options["to_meeting"] is not None:
                self._to_meeting(user, organisation, year, options, keys or None, data)
                return
            if options["json"]:
                self.stdout.write(json.dumps(data, ensure_ascii=False))
                return
            self.stdout.write(
                f"Briefing for {data['name']} ({data['organisation']}), styringsår {year}: "
                f"{len(data['points'])} punkter"
            )
            for p in data["points"]:
                self.stdout.write(f"  [{p['key']}] {p['agenda_item_title']}: {p['title']}")
                self.stdout.write(f"      {p['text']}")

    def _to_meeting(
        self,
        user: Any,
        organisation: Any,
        year: int,
        options: dict[str, Any],
        keys: list[str] | None,
        data: dict[str, Any],
    ) -> None:
        meeting = get_meeting_for_user(user, options["to_meeting"], write=True)
        if meeting.organisation_id != organisation.pk or meeting.styringsaar != year:
            raise CommandError(
                f"Møde nr. {meeting.pk} er ikke med {organisation.name} i styringsår {year}."
            )
        chosen = chosen_points(
            organisation, year, keys if keys is not None else [p["key"] for p in data["points"]]
        )
        created = services.create_agenda_from_briefing(meeting=meeting, points=chosen, by=user)
        out = {
            "meeting_id": meeting.pk,
            "created": len(created),
            "items": [item_out(i) for i in created],
        }
        if options["json"]:
            self.stdout.write(json.dumps(out, ensure_ascii=False))
            return
        self.stdout.write(
            f"{len(created)} punkter er sat på dagsordenen for møde nr. {meeting.pk}"
            + (" (de øvrige stod der allerede)." if len(created) < len(chosen) else ".")
        )
