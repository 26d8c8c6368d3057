"""styringsdialog meeting create|list|show|held: dialogue meetings from the command line."""

from __future__ import annotations

import json
from datetime import date, time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from styringsdialog.accounts.cli import add_as_argument, danish_errors, resolve_actor
from styringsdialog.accounts.permissions import scope_for
from styringsdialog.meetings import services
from styringsdialog.meetings.models import Meeting
from styringsdialog.meetings.queries import get_meeting_for_user, visible_meetings
from styringsdialog.meetings.services.referat import mark_meeting_held
from styringsdialog.registry.queries import get_kommune_for_user, get_organisation_for_user


def _date(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise CommandError(f"Datoen {raw!r} skal skrives ÅÅÅÅ-MM-DD.") from exc


def _time(raw: str) -> time:
    try:
        return time.fromisoformat(raw)
    except ValueError as exc:
        raise CommandError(f"Tidspunktet {raw!r} skal skrives TT:MM.") from exc


def meeting_json(meeting: Meeting, items: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": meeting.pk,
        "kommune": meeting.kommune.code,
        "organisation": meeting.organisation.number,
        "styringsaar": meeting.styringsaar,
        "date": meeting.date.isoformat(),
        "start_time": meeting.start_time.isoformat() if meeting.start_time else None,
        "place": meeting.place,
        "status": meeting.status,
        "referat_status": meeting.referat_status,
    }
    if items:
        out["items"] = [
            {
                "id": i.pk,
                "parent_id": i.parent_id,
                "position": i.position,
                "key": i.key,
                "title": i.title,
                "minutes": i.minutes,
                "decision": i.decision,
                "version": i.minutes_version,
            }
            for i in meeting.items.order_by("parent_id", "position")
        ]
    return out


class Command(BaseCommand):
    help = "Opret, vis og list dialogmøder, og markér et møde som afholdt."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="HANDLING")
        create = sub.add_parser("create", help="Opret et møde med kommunens standarddagsorden")
        create.add_argument("kommune", help="Kommunekode, fx 151")
        create.add_argument("organisation", help="Organisationsnummer, fx 0151")
        create.add_argument("styringsaar", type=int, help="Styringsår, fx 2025")
        create.add_argument("--date", required=True, help="Mødedato ÅÅÅÅ-MM-DD")
        create.add_argument("--place", default="", help="Mødested")
        create.add_argument("--start", default=None, help="Starttidspunkt TT:MM")
        create.add_argument("--json", action="store_true", help="Skriv mødet som JSON")
        lst = sub.add_parser("list", help="List kommunens møder i et styringsår")
        lst.add_argument("--kommune", required=True, help="Kommunekode, fx 151")
        lst.add_argument("--styringsaar", type=int, default=None, help="Styringsår")
        lst.add_argument("--json", action="store_true", help="Skriv listen som JSON")
        show = sub.add_parser("show", help="Vis et møde med dagsordenspunkternes id")
        show.add_argument("meeting_id", type=int, help="Mødets id")
        show.add_argument("--json", action="store_true", help="Skriv mødet som JSON")
        held = sub.add_parser("held", help="Markér mødet som afholdt")
        held.add_argument("meeting_id", type=int, help="Mødets id")
        held.add_argument("--json", action="store_true", help="Skriv mødet som JSON")
        for p in (create, lst, show, held):
            add_as_argument(p)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        user = resolve_actor(options.get("as_user"))
        with danish_errors():
            if action == "create":
                kommune = get_kommune_for_user(user, options["kommune"], write=True)
                organisation = get_organisation_for_user(user, options["organisation"])
                meeting = services.create_meeting_from_template(
                    kommune=kommune,
                    organisation=organisation,
                    styringsaar=options["styringsaar"],
                    date=_date(options["date"]),
                    start_time=_time(options["start"]) if options["start"] else None,
                    place=options["place"],
                    by=user,
                )
                self._out(
                    options,
                    meeting_json(meeting, items=True),
                    f"Mødet nr. {meeting.pk} er oprettet: {meeting.title} den {meeting.date:%d.%m.%Y}.",
                )
            elif action == "list":
                kommune = get_kommune_for_user(user, options["kommune"])
                qs = visible_meetings(scope_for(user), Meeting.objects.with_related()).filter(
                    kommune=kommune
                )
                if options["styringsaar"]:
                    qs = qs.filter(styringsaar=options["styringsaar"])
                meetings = list(qs.order_by("date", "pk"))
                if options["json"]:
                    self.stdout.write(json.dumps([meeting_json(m) for m in meetings]))
                    return
                if not meetings:
                    self.stdout.write("Ingen møder.")
                for m in meetings:
                    self.stdout.write(
                        f"{m.pk:>6}  {m.date:%d.%m.%Y}  {m.organisation.number}  {m.title}"
                    )
            elif action == "show":
                meeting = get_meeting_for_user(user, options["meeting_id"])
                data = meeting_json(meeting, items=True)
                if options["json"]:
                    self.stdout.write(json.dumps(data))
                    return
                self.stdout.write(
                    f"Møde nr. {meeting.pk}: {meeting.title} den {meeting.date:%d.%m.%Y}"
                )
                for item in data["items"]:
                    indent = "    " if item["parent_id"] else "  "
                    self.stdout.write(f"{indent}[{item['id']}] {item['title']}")
            else:
                meeting = get_meeting_for_user(user, options["meeting_id"], write=True)
                meeting = mark_meeting_held(meeting=meeting, by=user)
                self._out(
                    options,
                    meeting_json(meeting),
                    f"Mødet nr. {meeting.pk} er markeret som afholdt.",
                )

    def _out(self, options: dict[str, Any], data: dict[str, Any], text: str) -> None:
        self.stdout.write(json.dumps(data) if options.get("json") else text)
