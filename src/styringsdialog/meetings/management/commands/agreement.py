"""styringsdialog agreement list|show|create|edit|status|history|carry-over: agreements (aftaler)
from the command line, as a user (``--as``) through the same lookups and services as the pages."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from styringsdialog.accounts.cli import add_as_argument, danish_errors, resolve_actor
from styringsdialog.accounts.permissions import scope_for
from styringsdialog.lib.api_types import MAX_ID
from styringsdialog.meetings.models import Agreement, ResponsibleSide
from styringsdialog.meetings.queries import (
    get_agreement_for_user,
    get_meeting_for_user,
    visible_agreements,
)
from styringsdialog.meetings.querysets import AgreementQuerySet
from styringsdialog.meetings.services import agreements as services
from styringsdialog.registry.queries import get_kommune_for_user, get_organisation_for_user


def object_id(raw: str) -> int:
    """An id argument: a whole number the database can hold (else a Danish usage error)."""
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_ID:
        raise argparse.ArgumentTypeError(f"{raw!r} er ikke et id (et helt tal fra 1).")
    return value


def year(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if not 1900 <= value <= 2200:
        raise argparse.ArgumentTypeError(f"{raw!r} er ikke et årstal (1900–2200).")
    return value


def version(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if not 0 <= value <= 2**31 - 1:
        raise argparse.ArgumentTypeError(f"{raw!r} er ikke en version (et helt tal fra 0).")
    return value


def _date(raw: str) -> date | None:
    if raw == "":
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise CommandError(f"Datoen {raw!r} skal skrives ÅÅÅÅ-MM-DD.") from exc


def _departments(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(",") if part.strip()]


def agreement_json(agreement: Agreement) -> dict[str, Any]:
    return {
        "id": agreement.pk,
        "kommune": agreement.kommune.code,
        "organisation": agreement.organisation.number,
        "meeting_id": agreement.meeting_id,
        "agenda_item_id": agreement.agenda_item_id,
        "styringsaar": agreement.styringsaar,
        "text": agreement.text,
        "responsible_side": agreement.responsible_side,
        "responsible_person": agreement.responsible_person,
        "deadline": agreement.deadline.isoformat() if agreement.deadline else None,
        "status": agreement.status,
        "overdue": agreement.is_overdue,
        "carried_from_id": agreement.carried_from_id,
        "version": agreement.version,
        "departments": [
            f"{d.organisation.number}-{d.number}"
            for d in agreement.departments.select_related("organisation").order_by(
                "organisation__number", "number"
            )
        ],
    }


def event_json(event: Any) -> dict[str, Any]:
    return {
        "at": event.at.isoformat(),
        "by": event.by_name,
        "field": event.field,
        "old_value": event.old_value,
        "new_value": event.new_value,
        "note": event.note,
    }


def _line(a: Agreement) -> str:
    deadline = f"{a.deadline:%d.%m.%Y}" if a.deadline else "ingen frist"
    return (
        f"{a.pk:>6}  {a.organisation.number}  {a.styringsaar}  "
        f"{a.get_status_display():<16} {deadline:<11} {a.text[:60]}"
    )


class Command(BaseCommand):
    help = "List, vis, opret og ret aftaler, skift status, vis historik og viderefør aftaler."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="HANDLING")
        sides = ", ".join(ResponsibleSide.values)
        statuses = ", ".join(Agreement.Status.values)

        lst = sub.add_parser("list", help="List aftaler, du har adgang til")
        lst.add_argument("--kommune", default=None, help="Kommunekode, fx 151")
        lst.add_argument("--organisation", default=None, help="Organisationsnummer, fx 0151")
        lst.add_argument("--styringsaar", type=year, default=None, help="Styringsår")
        lst.add_argument("--status", default=None, help=f"Status ({statuses})")
        lst.add_argument("--overdue", action="store_true", help="Kun overskredne aftaler")

        show = sub.add_parser("show", help="Vis en aftale")
        show.add_argument("agreement_id", type=object_id, help="Aftalens id")

        create = sub.add_parser("create", help="Opret en aftale på et møde eller uden møde")
        create.add_argument("--meeting", type=object_id, default=None, help="Mødets id")
        create.add_argument("--item", type=object_id, default=None, help="Dagsordenspunktets id")
        create.add_argument("--kommune", default=None, help="Kommunekode (uden møde)")
        create.add_argument("--organisation", default=None, help="Organisationsnummer (uden møde)")
        create.add_argument("--styringsaar", type=year, default=None, help="Styringsår (uden møde)")
        create.add_argument("--text", required=True, help="Aftalens tekst")
        create.add_argument("--responsible", required=True, help=f"Ansvarlig part ({sides})")
        create.add_argument("--person", default="", help="Ansvarlig person")
        create.add_argument("--deadline", default="", help="Frist ÅÅÅÅ-MM-DD")
        create.add_argument(
            "--departments", default="", help="Afdelingsnumre adskilt af komma, fx 008,003"
        )

        edit = sub.add_parser("edit", help="Ret tekst, ansvarlig, frist eller afdelinger")
        edit.add_argument("agreement_id", type=object_id, help="Aftalens id")
        edit.add_argument("--text", default=None, help="Ny tekst")
        edit.add_argument("--responsible", default=None, help=f"Ansvarlig part ({sides})")
        edit.add_argument("--person", default=None, help="Ansvarlig person")
        edit.add_argument("--deadline", default=None, help="Frist ÅÅÅÅ-MM-DD ('' fjerner fristen)")
        edit.add_argument("--departments", default=None, help="Afdelingsnumre adskilt af komma")
        edit.add_argument(
            "--version", type=version, default=None, help="Versionen, du har læst (se show)"
        )
        edit.add_argument("--note", default="", help="Bemærkning til ændringen")

        status = sub.add_parser("status", help="Skift status, eller meld fremdrift med en note")
        status.add_argument("agreement_id", type=object_id, help="Aftalens id")
        status.add_argument("status", help=f"Ny status ({statuses})")
        status.add_argument("--note", default="", help="Bemærkning")
        status.add_argument(
            "--version", type=version, default=None, help="Versionen, du har læst (se show)"
        )

        history = sub.add_parser("history", help="Vis aftalens historik")
        history.add_argument("agreement_id", type=object_id, help="Aftalens id")

        carry = sub.add_parser(
            "carry-over", help="Viderefør en delvist eller ikke opfyldt aftale til næste år"
        )
        carry.add_argument("agreement_id", type=object_id, help="Aftalens id")
        carry.add_argument("--meeting", type=object_id, default=None, help="Næste års mødes id")
        carry.add_argument("--deadline", default="", help="Ny frist ÅÅÅÅ-MM-DD")
        carry.add_argument("--note", default="", help="Bemærkning")

        for p in (lst, show, create, edit, status, history, carry):
            p.add_argument("--json", action="store_true", help="Skriv resultatet som JSON")
            add_as_argument(p)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        user = resolve_actor(options.get("as_user"))
        with danish_errors():
            getattr(self, "_" + action.replace("-", "_"))(user, options)

    def _out(self, options: dict[str, Any], data: Any, text: str) -> None:
        self.stdout.write(json.dumps(data) if options.get("json") else text)

    def _list(self, user: Any, o: dict[str, Any]) -> None:
        qs = cast(
            AgreementQuerySet,
            visible_agreements(scope_for(user), Agreement.objects.with_related()),
        )
        if o["kommune"]:
            qs = qs.filter(kommune=get_kommune_for_user(user, o["kommune"]))
        if o["organisation"]:
            qs = qs.filter(organisation__number=o["organisation"])
        if o["styringsaar"]:
            qs = qs.filter(styringsaar=o["styringsaar"])
        if o["status"]:
            if o["status"] not in Agreement.Status.values:
                raise CommandError(
                    f"Ukendt status {o['status']!r}; brug en af "
                    f"{', '.join(Agreement.Status.values)}."
                )
            qs = qs.filter(status=o["status"])
        if o["overdue"]:
            qs = qs.overdue()
        agreements = list(qs.order_by("deadline", "pk"))
        if o["json"]:
            self.stdout.write(json.dumps([agreement_json(a) for a in agreements]))
            return
        if not agreements:
            self.stdout.write("Ingen aftaler.")
        for a in agreements:
            self.stdout.write(_line(a))

    def _show(self, user: Any, o: dict[str, Any]) -> None:
        agreement = get_agreement_for_user(user, o["agreement_id"])
        data = agreement_json(agreement)
        deadline = f"{agreement.deadline:%d.%m.%Y}" if agreement.deadline else "ingen"
        text = "\n".join(
            [
                f"Aftale nr. {agreement.pk} ({agreement.kommune.name} / "
                f"{agreement.organisation.name}, styringsår {agreement.styringsaar})",
                f"  {agreement.text}",
                f"  Status: {agreement.get_status_display()}  Frist: {deadline}  "
                f"Ansvarlig: {agreement.get_responsible_side_display()}"
                + (f" ({agreement.responsible_person})" if agreement.responsible_person else ""),
                f"  Afdelinger: {', '.join(data['departments']) or 'ingen'}  "
                f"Version: {agreement.version}",
            ]
        )
        self._out(o, data, text)

    def _create(self, user: Any, o: dict[str, Any]) -> None:
        meeting = item = None
        if o["meeting"] is not None:
            if o["kommune"] or o["organisation"] or o["styringsaar"]:
                raise CommandError(
                    "Angiv enten --meeting eller --kommune, --organisation og --styringsaar."
                )
            meeting = get_meeting_for_user(user, o["meeting"], write=True)
            kommune, organisation = meeting.kommune, meeting.organisation
            if o["item"] is not None:
                item = meeting.items.filter(pk=o["item"]).first()
                if item is None:
                    raise CommandError(f"Mødet har intet dagsordenspunkt med id {o['item']}.")
        else:
            if not (o["kommune"] and o["organisation"] and o["styringsaar"]):
                raise CommandError(
                    "Angiv --meeting, eller --kommune, --organisation og --styringsaar."
                )
            if o["item"] is not None:
                raise CommandError("--item kræver --meeting.")
            kommune = get_kommune_for_user(user, o["kommune"], write=True)
            organisation = get_organisation_for_user(user, o["organisation"])
        agreement = services.add_agreement(
            meeting=meeting,
            kommune=kommune,
            organisation=organisation,
            styringsaar=o["styringsaar"],
            agenda_item=item,
            text=o["text"],
            responsible_side=o["responsible"],
            responsible_person=o["person"],
            deadline=_date(o["deadline"]),
            departments=services.resolve_departments(organisation, _departments(o["departments"])),
            by=user,
        )
        self._out(o, agreement_json(agreement), f"Aftale nr. {agreement.pk} er oprettet.")

    def _edit(self, user: Any, o: dict[str, Any]) -> None:
        agreement = get_agreement_for_user(user, o["agreement_id"], write=True)
        changes: dict[str, Any] = {}
        if o["text"] is not None:
            changes["text"] = o["text"]
        if o["responsible"] is not None:
            changes["responsible_side"] = o["responsible"]
        if o["person"] is not None:
            changes["responsible_person"] = o["person"]
        if o["deadline"] is not None:
            changes["deadline"] = _date(o["deadline"])
        if o["departments"] is not None:
            changes["departments"] = services.resolve_departments(
                agreement.organisation, _departments(o["departments"])
            )
        if not changes:
            raise CommandError(
                "Intet at rette: angiv --text, --responsible, --person, --deadline "
                "eller --departments."
            )
        agreement = services.update_agreement(
            agreement=agreement, by=user, version=o["version"], note=o["note"], **changes
        )
        self._out(
            o,
            agreement_json(agreement),
            f"Aftale nr. {agreement.pk} er rettet (version {agreement.version}).",
        )

    def _status(self, user: Any, o: dict[str, Any]) -> None:
        agreement = get_agreement_for_user(user, o["agreement_id"], write=True)
        same = o["status"] == agreement.status
        services.change_agreement_status(
            agreement=agreement, status=o["status"], by=user, note=o["note"], version=o["version"]
        )
        agreement = get_agreement_for_user(user, agreement.pk)
        text = (
            f"Bemærkningen til aftale nr. {agreement.pk} er gemt."
            if same
            else f"Aftale nr. {agreement.pk} har nu status {agreement.get_status_display().lower()}."
        )
        self._out(o, agreement_json(agreement), text)

    def _history(self, user: Any, o: dict[str, Any]) -> None:
        agreement = get_agreement_for_user(user, o["agreement_id"])
        events = list(agreement.events.order_by("at", "pk"))
        if o["json"]:
            self.stdout.write(json.dumps([event_json(e) for e in events]))
            return
        for e in events:
            change = f"{e.old_value} → {e.new_value}" if e.old_value else e.new_value
            note = f" – {e.note}" if e.note else ""
            self.stdout.write(f"{e.at:%d.%m.%Y %H:%M}  {e.by_name}  {e.field}: {change}{note}")

    def _carry_over(self, user: Any, o: dict[str, Any]) -> None:
        agreement = get_agreement_for_user(user, o["agreement_id"], write=True)
        meeting = (
            get_meeting_for_user(user, o["meeting"], write=True)
            if o["meeting"] is not None
            else None
        )
        copy = services.carry_over_agreement(
            agreement=agreement,
            by=user,
            note=o["note"],
            deadline=_date(o["deadline"]),
            meeting=meeting,
        )
        self._out(
            o,
            agreement_json(copy),
            f"Aftale nr. {agreement.pk} er videreført som aftale nr. {copy.pk} "
            f"(styringsår {copy.styringsaar}).",
        )
