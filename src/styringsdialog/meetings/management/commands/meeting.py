"""styringsdialog meeting create|list|show|held|edit|participant|item|attach: dialogue meetings,
their participants, agenda and attachments from the command line (the page's services)."""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser

from styringsdialog.accounts.cli import add_as_argument, danish_errors, resolve_actor
from styringsdialog.accounts.permissions import scope_for
from styringsdialog.meetings import services
from styringsdialog.meetings.models import Meeting, Participant, Side
from styringsdialog.meetings.queries import (
    existing_meeting,
    get_agenda_item,
    get_meeting_for_user,
    get_meeting_type,
    visible_meetings,
)
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
        "meeting_type_id": meeting.meeting_type_id,
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
        out["participants"] = [participant_json(p) for p in meeting.participants.all()]
    return out


def participant_json(p: Participant) -> dict[str, Any]:
    return {"id": p.pk, "name": p.name, "side": p.side, "title": p.title, "user_id": p.user_id}


def item_json(item: Any) -> dict[str, Any]:
    return {
        "id": item.pk,
        "parent_id": item.parent_id,
        "position": item.position,
        "key": item.key,
        "title": item.title,
    }


class Command(BaseCommand):
    help = (
        "Opret, ret, vis og list dialogmøder, markér et møde som afholdt, og redigér deltagere, "
        "dagsorden og bilag."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="HANDLING")
        create = sub.add_parser("create", help="Opret et møde med kommunens standarddagsorden")
        create.add_argument("kommune", help="Kommunekode, fx 151")
        create.add_argument("organisation", help="Organisationsnummer, fx 0151")
        create.add_argument("styringsaar", type=int, help="Styringsår, fx 2025")
        create.add_argument("--date", required=True, help="Mødedato ÅÅÅÅ-MM-DD")
        create.add_argument("--place", default="", help="Mødested")
        create.add_argument("--start", default=None, help="Starttidspunkt TT:MM")
        create.add_argument(
            "--type", type=int, default=None, help="Mødetypens id (standard: den første)"
        )
        create.add_argument(
            "--empty-agenda", action="store_true", help="Tom dagsorden i stedet for skabelonen"
        )
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
        edit = sub.add_parser("edit", help="Ret mødets dato, tidspunkt, sted eller mødetype")
        edit.add_argument("meeting_id", type=int, help="Mødets id")
        edit.add_argument("--date", default=None, help="Ny mødedato ÅÅÅÅ-MM-DD")
        edit.add_argument("--start", default=None, help="Nyt starttidspunkt TT:MM (tom: intet)")
        edit.add_argument("--place", default=None, help="Nyt mødested")
        edit.add_argument("--type", type=int, default=None, help="Ny mødetypes id")
        edit.add_argument("--json", action="store_true", help="Skriv mødet som JSON")

        participant = sub.add_parser("participant", help="Tilføj eller fjern en deltager")
        psub = participant.add_subparsers(
            dest="participant_action", required=True, metavar="HANDLING"
        )
        padd = psub.add_parser("add", help="Tilføj en deltager (ved navn eller som bruger)")
        padd.add_argument("meeting_id", type=int, help="Mødets id")
        padd.add_argument("--name", default="", help="Deltagerens navn")
        padd.add_argument(
            "--side",
            default=Side.OTHER.value,
            choices=Side.values,
            help="kommune, organisation eller andet (standard: andet)",
        )
        padd.add_argument("--title", default="", help="Rolle eller stilling")
        padd.add_argument("--user", default=None, help="Brugernavn på en bruger i systemet")
        padd.add_argument("--json", action="store_true", help="Skriv deltageren som JSON")
        premove = psub.add_parser("remove", help="Fjern en deltager")
        premove.add_argument("meeting_id", type=int, help="Mødets id")
        premove.add_argument("participant_id", type=int, help="Deltagerens id (se meeting show)")

        item = sub.add_parser("item", help="Tilføj, ret, flyt eller slet dagsordenspunkter")
        isub = item.add_subparsers(dest="item_action", required=True, metavar="HANDLING")
        iadd = isub.add_parser("add", help="Tilføj et punkt (før »Eventuelt«) eller et underpunkt")
        iadd.add_argument("meeting_id", type=int, help="Mødets id")
        iadd.add_argument("title", help="Overskriften")
        iadd.add_argument("--parent", type=int, default=None, help="Overordnet punkts id")
        iadd.add_argument("--json", action="store_true", help="Skriv punktet som JSON")
        iedit = isub.add_parser("edit", help="Ret et punkts overskrift")
        iedit.add_argument("meeting_id", type=int, help="Mødets id")
        iedit.add_argument("item_id", type=int, help="Punktets id")
        iedit.add_argument("title", help="Den nye overskrift")
        iedit.add_argument("--json", action="store_true", help="Skriv punktet som JSON")
        imove = isub.add_parser("move", help="Flyt et punkt én plads op eller ned")
        imove.add_argument("meeting_id", type=int, help="Mødets id")
        imove.add_argument("item_id", type=int, help="Punktets id")
        imove.add_argument("direction", choices=["up", "down"], help="up (op) eller down (ned)")
        imove.add_argument("--json", action="store_true", help="Skriv punktet som JSON")
        idelete = isub.add_parser("delete", help="Slet et punkt og dets underpunkter")
        idelete.add_argument("meeting_id", type=int, help="Mødets id")
        idelete.add_argument("item_id", type=int, help="Punktets id")

        attach = sub.add_parser("attach", help="Upload en fil som bilag til et punkt")
        attach.add_argument("meeting_id", type=int, help="Mødets id")
        attach.add_argument("item_id", type=int, help="Punktets id")
        attach.add_argument("file", help="Filen (højst 25 MB)")
        attach.add_argument("--json", action="store_true", help="Skriv bilaget som JSON")
        for p in (
            create,
            lst,
            show,
            held,
            edit,
            padd,
            premove,
            iadd,
            iedit,
            imove,
            idelete,
            attach,
        ):
            add_as_argument(p)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        user = resolve_actor(options.get("as_user"))
        with danish_errors():
            if action == "create":
                kommune = get_kommune_for_user(user, options["kommune"], write=True)
                organisation = get_organisation_for_user(user, options["organisation"])
                if options["type"]:
                    meeting_type = get_meeting_type(kommune, options["type"])
                else:
                    meeting_type = services.ensure_meeting_types(kommune=kommune)[0]
                existing = existing_meeting(
                    kommune=kommune,
                    organisation=organisation,
                    styringsaar=options["styringsaar"],
                    meeting_type=meeting_type,
                )
                if existing is not None:
                    raise CommandError(
                        f"{organisation.name} har allerede et møde af typen »{meeting_type.name}« "
                        f"i styringsår {options['styringsaar']}: møde nr. {existing.pk}."
                    )
                create = (
                    services.create_meeting
                    if options["empty_agenda"]
                    else services.create_meeting_from_template
                )
                meeting = create(
                    kommune=kommune,
                    organisation=organisation,
                    styringsaar=options["styringsaar"],
                    date=_date(options["date"]),
                    start_time=_time(options["start"]) if options["start"] else None,
                    place=options["place"],
                    meeting_type=meeting_type,
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
                for p in data["participants"]:
                    self.stdout.write(f"  Deltager [{p['id']}] {p['name']} ({p['side']})")
            elif action == "held":
                meeting = get_meeting_for_user(user, options["meeting_id"], write=True)
                if meeting.is_held:
                    text = f"Mødet nr. {meeting.pk} var allerede markeret som afholdt."
                else:
                    meeting = mark_meeting_held(meeting=meeting, by=user)
                    text = f"Mødet nr. {meeting.pk} er markeret som afholdt."
                self._out(options, meeting_json(meeting), text)
            elif action == "edit":
                self._edit(user, options)
            elif action == "participant":
                self._participant(user, options)
            elif action == "item":
                self._item(user, options)
            else:
                self._attach(user, options)

    def _edit(self, user: Any, options: dict[str, Any]) -> None:
        meeting = get_meeting_for_user(user, options["meeting_id"], write=True)
        meeting_type = None
        if options["type"]:
            meeting_type = get_meeting_type(meeting.kommune, options["type"])
            other = existing_meeting(
                kommune=meeting.kommune,
                organisation=meeting.organisation,
                styringsaar=meeting.styringsaar,
                meeting_type=meeting_type,
            )
            if other is not None and other.pk != meeting.pk:
                raise CommandError(
                    f"Der er allerede et møde af typen »{meeting_type.name}« i styringsåret: "
                    f"møde nr. {other.pk}."
                )
        start = meeting.start_time
        if options["start"] is not None:
            start = _time(options["start"]) if options["start"] else None
        meeting = services.update_meeting_details(
            meeting=meeting,
            date=_date(options["date"]) if options["date"] else meeting.date,
            start_time=start,
            place=options["place"] if options["place"] is not None else meeting.place,
            meeting_type=meeting_type,
            by=user,
        )
        self._out(options, meeting_json(meeting), f"Mødet nr. {meeting.pk} er rettet.")

    def _participant(self, user: Any, options: dict[str, Any]) -> None:
        meeting = get_meeting_for_user(user, options["meeting_id"], write=True)
        if options["participant_action"] == "remove":
            participant = meeting.participants.filter(pk=options["participant_id"]).first()
            if participant is None:
                raise CommandError(f"Mødet har ingen deltager med id {options['participant_id']}.")
            participant.meeting = meeting
            services.remove_participant(participant=participant, by=user)
            self.stdout.write(f"{participant.name} er fjernet fra mødet.")
            return
        member = None
        if options["user"]:
            member = (
                get_user_model().objects.filter(username=options["user"], is_active=True).first()
            )
            if member is None:
                raise CommandError(f"Brugeren {options['user']!r} findes ikke.")
        added = services.add_participant(
            meeting=meeting,
            name=options["name"],
            side=options["side"],
            title=options["title"],
            user=member,
            by=user,
        )
        self._out(
            options,
            participant_json(added),
            f"{added.name} er tilføjet som deltager (id {added.pk}).",
        )

    def _item(self, user: Any, options: dict[str, Any]) -> None:
        meeting = get_meeting_for_user(user, options["meeting_id"], write=True)
        action = options["item_action"]
        if action == "add":
            parent = get_agenda_item(meeting, options["parent"]) if options["parent"] else None
            item = services.add_agenda_item(
                meeting=meeting, title=options["title"], parent=parent, by=user
            )
            text = f"Punktet »{item.title}« er tilføjet (id {item.pk})."
        else:
            item = get_agenda_item(meeting, options["item_id"])
            if action == "edit":
                item = services.rename_agenda_item(item=item, title=options["title"], by=user)
                text = f"Overskriften er ændret til »{item.title}«."
            elif action == "move":
                item = services.move_agenda_item(item=item, direction=options["direction"], by=user)
                text = f"Punktet »{item.title}« er flyttet til plads {item.position}."
            else:
                services.delete_agenda_item(item=item, by=user)
                self.stdout.write(f"Punktet »{item.title}« er slettet.")
                return
        self._out(options, item_json(item), text)

    def _attach(self, user: Any, options: dict[str, Any]) -> None:
        meeting = get_meeting_for_user(user, options["meeting_id"], write=True)
        item = get_agenda_item(meeting, options["item_id"])
        path = Path(options["file"])
        try:
            handle = path.open("rb")
        except OSError as exc:
            raise CommandError(f"Filen {options['file']!r} kan ikke læses.") from exc
        with handle:
            upload = File(handle, name=path.name)
            attachment = services.add_attachment(item=item, upload=upload, by=user)
        data = {
            "id": attachment.pk,
            "item_id": item.pk,
            "original_name": attachment.original_name,
            "size": attachment.size,
            "sha256": attachment.sha256,
        }
        self._out(
            options,
            data,
            f"Bilaget »{attachment.original_name}« er gemt på punktet »{item.title}« "
            f"(id {attachment.pk}).",
        )

    def _out(self, options: dict[str, Any], data: dict[str, Any], text: str) -> None:
        self.stdout.write(json.dumps(data) if options.get("json") else text)
