"""styringsdialog minutes MEETING_ID ITEM_ID --text T | --file F [--decision D]"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from styringsdialog.accounts.cli import add_as_argument, danish_errors, resolve_actor
from styringsdialog.meetings.models import AgendaItem
from styringsdialog.meetings.queries import get_meeting_for_user
from styringsdialog.meetings.services.agenda import write_minutes


class Command(BaseCommand):
    help = "Skriv referatet (drøftelse og evt. beslutning) for et dagsordenspunkt."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("meeting_id", type=int, help="Mødets id")
        parser.add_argument("item_id", type=int, help="Dagsordenspunktets id (se meeting show)")
        text = parser.add_mutually_exclusive_group(required=True)
        text.add_argument("--text", help="Drøftelsen som tekst")
        text.add_argument("--file", help="Læs drøftelsen fra en UTF-8-tekstfil")
        parser.add_argument("--decision", default=None, help="Beslutningen (standard: uændret)")
        parser.add_argument("--json", action="store_true", help="Skriv punktet som JSON")
        add_as_argument(parser)

    def handle(self, *args: Any, meeting_id: int, item_id: int, **options: Any) -> None:
        user = resolve_actor(options.get("as_user"))
        if options["file"]:
            try:
                text = Path(options["file"]).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(
                    f"Filen {options['file']!r} kan ikke læses som UTF-8-tekst."
                ) from exc
        else:
            text = options["text"]
        with danish_errors():
            meeting = get_meeting_for_user(user, meeting_id, write=True)
            item = AgendaItem.objects.filter(meeting=meeting, pk=item_id).first()
            if item is None:
                raise CommandError(f"Mødet har intet dagsordenspunkt med id {item_id}.")
            item = write_minutes(
                item=item,
                text=text,
                decision=options["decision"],
                version=item.minutes_version,
                by=user,
            )
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {"item_id": item.pk, "version": item.minutes_version, "title": item.title}
                )
            )
        else:
            self.stdout.write(
                f"Referatet for punktet »{item.title}« er gemt (version {item.minutes_version})."
            )
