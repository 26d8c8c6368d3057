"""styringsdialog meeting-folder MEETING_ID -o FILE: the meeting folder (or the agenda, or the
calendar invitation) as a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from styringsdialog.meetings.models import Meeting


class Command(BaseCommand):
    help = (
        "Skriv mødemappen (dagsorden, briefing med tal, aftaler til opfølgning og bilagsliste) "
        "som PDF; med --agenda kun dagsordenen, med --ics kalenderinvitationen."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("meeting_id", type=int, help="Mødets id (fra mødets adresse)")
        parser.add_argument("-o", "--output", required=True, help="Filen der skrives, fx mappe.pdf")
        what = parser.add_mutually_exclusive_group()
        what.add_argument("--agenda", action="store_true", help="Kun dagsordenen (PDF)")
        what.add_argument("--ics", action="store_true", help="Kalenderinvitationen (.ics)")

    def handle(self, *args: Any, meeting_id: int, output: str, **options: Any) -> None:
        from styringsdialog.meetings.calendar import meeting_ics
        from styringsdialog.meetings.printing import render_agenda_pdf, render_folder_pdf

        meeting = Meeting.objects.with_related().filter(pk=meeting_id).first()
        if meeting is None:
            raise CommandError(f"Mødet {meeting_id} findes ikke.")
        if options["ics"]:
            content: bytes = meeting_ics(meeting).encode("utf-8")
        elif options["agenda"]:
            content = render_agenda_pdf(meeting)
        else:
            content = render_folder_pdf(meeting)
        target = Path(output)
        try:
            target.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"Filen {output} kunne ikke skrives: {exc.strerror}.") from exc
        self.stdout.write(f"Skrev {target} ({len(content):,} bytes).".replace(",", "."))
