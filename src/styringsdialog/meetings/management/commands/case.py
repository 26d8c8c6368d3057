"""styringsdialog case list|show|create|edit|entry|link|unlink|status: cases (sager) from the
command line, as a user (``--as``) through the same lookups and services as the pages."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from styringsdialog.accounts.cli import add_as_argument, danish_errors, resolve_actor
from styringsdialog.accounts.permissions import scope_for
from styringsdialog.lib.api_types import MAX_ID
from styringsdialog.meetings.models import AgendaItem, Case, Meeting
from styringsdialog.meetings.queries import get_case_for_user, visible_cases, visible_meetings
from styringsdialog.meetings.services import cases as services
from styringsdialog.registry.models import Department
from styringsdialog.registry.queries import get_department_for_user, get_kommune_for_user


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


def _date(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise CommandError(f"Datoen {raw!r} skal skrives ÅÅÅÅ-MM-DD.") from exc


def _department_ref(user: Any, ref: str) -> Department:
    org_number, _, number = ref.rpartition("-")
    if not org_number or not number:
        raise CommandError(f"Skriv afdelingen som ORG-NR, fx 0151-003, ikke {ref!r}.")
    return get_department_for_user(user, org_number, number)


def case_json(case: Case, detail: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": case.pk,
        "kommune": case.kommune.code,
        "organisation": case.department.organisation.number,
        "department": case.department.number,
        "department_name": case.department.name,
        "category": case.category,
        "title": case.title,
        "status": case.status,
        "opened_on": case.opened_on.isoformat(),
        "closed_on": case.closed_on.isoformat() if case.closed_on else None,
        "responsible": case.responsible,
        "version": case.version,
    }
    if detail:
        out["entries"] = [
            {"date": e.date.isoformat(), "text": e.text}
            for e in case.entries.order_by("date", "pk")
        ]
        out["links"] = [
            {
                "id": link.pk,
                "agenda_item_id": link.agenda_item_id,
                "department": f"{link.department.organisation.number}-{link.department.number}"
                if link.department
                else None,
            }
            for link in case.links.select_related("department__organisation").order_by("pk")
        ]
    return out


class Command(BaseCommand):
    help = "List, vis, opret og ret sager; skriv i forløbet, knyt til punkter og afdelinger, skift status."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="HANDLING")
        categories = ", ".join(Case.Category.values)
        statuses = ", ".join(Case.Status.values)

        lst = sub.add_parser("list", help="List sager, du har adgang til")
        lst.add_argument("--kommune", default=None, help="Kommunekode, fx 151")
        lst.add_argument("--organisation", default=None, help="Organisationsnummer, fx 0151")
        lst.add_argument("--department", default=None, help="Afdelingsnummer, fx 008")
        lst.add_argument("--status", default=None, help=f"Status ({statuses})")

        show = sub.add_parser("show", help="Vis en sag med forløb og tilknytninger")
        show.add_argument("case_id", type=object_id, help="Sagens id")

        create = sub.add_parser("create", help="Opret en sag om en afdeling")
        create.add_argument("organisation", help="Organisationsnummer, fx 0151")
        create.add_argument("department", help="Afdelingsnummer, fx 008")
        create.add_argument("--title", required=True, help="Sagens titel")
        create.add_argument("--category", required=True, help=f"Kategori ({categories})")
        create.add_argument("--kommune", default=None, help="Kommunekode (standard: afdelingens)")
        create.add_argument("--opened-on", default=None, help="Oprettet den ÅÅÅÅ-MM-DD (i dag)")
        create.add_argument("--text", default="", help="Første notat i forløbet")
        create.add_argument("--responsible", default="", help="Ansvarlig sagsbehandler")

        edit = sub.add_parser("edit", help="Ret sagens titel eller kategori")
        edit.add_argument("case_id", type=object_id, help="Sagens id")
        edit.add_argument("--title", default=None, help="Ny titel")
        edit.add_argument("--category", default=None, help=f"Ny kategori ({categories})")
        edit.add_argument("--responsible", default=None, help="Ansvarlig sagsbehandler")
        edit.add_argument(
            "--version", type=version, default=None, help="Versionen, du har læst (se show)"
        )

        entry = sub.add_parser("entry", help="Skriv et notat i sagens forløb")
        entry.add_argument("case_id", type=object_id, help="Sagens id")
        entry.add_argument("--text", required=True, help="Notatet")
        entry.add_argument("--date", default=None, help="Dato ÅÅÅÅ-MM-DD (standard: i dag)")

        link = sub.add_parser("link", help="Knyt sagen til et dagsordenspunkt eller en afdeling")
        link.add_argument("case_id", type=object_id, help="Sagens id")
        target = link.add_mutually_exclusive_group(required=True)
        target.add_argument("--item", type=object_id, default=None, help="Dagsordenspunktets id")
        target.add_argument("--department", default=None, help="Afdeling som ORG-NR, fx 0151-003")

        unlink = sub.add_parser("unlink", help="Fjern en tilknytning fra sagen")
        unlink.add_argument("case_id", type=object_id, help="Sagens id")
        unlink.add_argument("link_id", type=object_id, help="Tilknytningens id (se show)")

        status = sub.add_parser("status", help="Skift sagens status")
        status.add_argument("case_id", type=object_id, help="Sagens id")
        status.add_argument("status", help=f"Ny status ({statuses})")
        status.add_argument("--note", default="", help="Note i forløbet")

        for p in (lst, show, create, edit, entry, link, unlink, status):
            p.add_argument("--json", action="store_true", help="Skriv resultatet som JSON")
            add_as_argument(p)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        user = resolve_actor(options.get("as_user"))
        with danish_errors():
            getattr(self, "_" + action)(user, options)

    def _out(self, options: dict[str, Any], data: Any, text: str) -> None:
        self.stdout.write(json.dumps(data) if options.get("json") else text)

    def _list(self, user: Any, o: dict[str, Any]) -> None:
        qs = visible_cases(scope_for(user), Case.objects.with_related())
        if o["kommune"]:
            qs = qs.filter(kommune=get_kommune_for_user(user, o["kommune"]))
        if o["organisation"]:
            qs = qs.filter(department__organisation__number=o["organisation"])
        if o["department"]:
            qs = qs.filter(department__number=o["department"])
        if o["status"]:
            if o["status"] not in Case.Status.values:
                raise CommandError(
                    f"Ukendt status {o['status']!r}; brug en af {', '.join(Case.Status.values)}."
                )
            qs = qs.filter(status=o["status"])
        cases = list(qs.order_by("-opened_on", "-pk"))
        if o["json"]:
            self.stdout.write(json.dumps([case_json(c) for c in cases]))
            return
        if not cases:
            self.stdout.write("Ingen sager.")
        for c in cases:
            self.stdout.write(
                f"{c.pk:>6}  {c.opened_on:%d.%m.%Y}  {c.department.organisation.number}-"
                f"{c.department.number}  {c.get_status_display():<8} {c.title}"
            )

    def _show(self, user: Any, o: dict[str, Any]) -> None:
        case = get_case_for_user(user, o["case_id"])
        data = case_json(case, detail=True)
        lines = [
            f"Sag nr. {case.pk}: {case.title} ({case.get_category_display()}, "
            f"{case.get_status_display().lower()}, version {case.version})",
            f"  Afdeling {case.department.organisation.number}-{case.department.number} "
            f"{case.department.name}, {case.kommune.name}",
        ]
        if case.responsible:
            lines.append(f"  Ansvarlig: {case.responsible}")
        lines += [f"  {e.date:%d.%m.%Y}  {e.text}" for e in case.entries.order_by("date", "pk")]
        for link in data["links"]:
            what = (
                f"dagsordenspunkt {link['agenda_item_id']}"
                if link["agenda_item_id"]
                else f"afdeling {link['department']}"
            )
            lines.append(f"  Tilknytning nr. {link['id']}: {what}")
        self._out(o, data, "\n".join(lines))

    def _create(self, user: Any, o: dict[str, Any]) -> None:
        department = get_department_for_user(user, o["organisation"], o["department"], write=True)
        kommune = get_kommune_for_user(user, o["kommune"], write=True) if o["kommune"] else None
        opened_on = _date(o["opened_on"]) if o["opened_on"] else timezone.localdate()
        case = services.open_case(
            department=department,
            kommune=kommune,
            category=o["category"],
            title=o["title"],
            opened_on=opened_on,
            text=o["text"],
            responsible=o["responsible"],
            by=user,
        )
        self._out(o, case_json(case, detail=True), f"Sag nr. {case.pk} er oprettet.")

    def _edit(self, user: Any, o: dict[str, Any]) -> None:
        case = get_case_for_user(user, o["case_id"], write=True)
        changes = {k: o[k] for k in ("title", "category", "responsible") if o[k] is not None}
        if not changes:
            raise CommandError("Intet at rette: angiv --title, --category eller --responsible.")
        case = services.update_case(case=case, by=user, version=o["version"], **changes)
        self._out(o, case_json(case), f"Sag nr. {case.pk} er rettet (version {case.version}).")

    def _entry(self, user: Any, o: dict[str, Any]) -> None:
        case = get_case_for_user(user, o["case_id"], write=True)
        when = _date(o["date"]) if o["date"] else timezone.localdate()
        entry = services.add_case_entry(case=case, date=when, text=o["text"], by=user)
        self._out(
            o,
            {"case_id": case.pk, "date": entry.date.isoformat(), "text": entry.text},
            f"Notatet er tilføjet sag nr. {case.pk}.",
        )

    def _link(self, user: Any, o: dict[str, Any]) -> None:
        case = get_case_for_user(user, o["case_id"], write=True)
        if o["item"] is not None:
            meetings = visible_meetings(scope_for(user), Meeting.objects.all()).values("pk")
            item = (
                AgendaItem.objects.select_related("meeting")
                .filter(pk=o["item"], meeting__in=meetings)
                .first()
            )
            if item is None:
                raise CommandError(
                    f"Dagsordenspunkt {o['item']} findes ikke, eller du har ikke adgang til det."
                )
            link = services.link_case_to_item(case=case, agenda_item=item, by=user)
        else:
            department = _department_ref(user, o["department"])
            link = services.link_case_to_department(case=case, department=department, by=user)
        self._out(
            o,
            {
                "id": link.pk,
                "case_id": case.pk,
                "agenda_item_id": link.agenda_item_id,
                "department": o["department"],
            },
            f"Sag nr. {case.pk} er knyttet til "
            + (f"dagsordenspunkt {o['item']}" if o["item"] else f"afdeling {o['department']}")
            + f" (tilknytning nr. {link.pk}).",
        )

    def _unlink(self, user: Any, o: dict[str, Any]) -> None:
        case = get_case_for_user(user, o["case_id"], write=True)
        link = case.links.filter(pk=o["link_id"]).first()
        if link is None:
            raise CommandError(f"Sag nr. {case.pk} har ingen tilknytning nr. {o['link_id']}.")
        services.remove_case_link(link=link, by=user)
        self._out(
            o,
            {"id": o["link_id"], "case_id": case.pk, "deleted": True},
            f"Tilknytning nr. {o['link_id']} er fjernet fra sag nr. {case.pk}.",
        )

    def _status(self, user: Any, o: dict[str, Any]) -> None:
        case = get_case_for_user(user, o["case_id"], write=True)
        case = services.change_case_status(case=case, status=o["status"], by=user, note=o["note"])
        self._out(
            o,
            case_json(case),
            f"Sag nr. {case.pk} har nu status {case.get_status_display().lower()}.",
        )
