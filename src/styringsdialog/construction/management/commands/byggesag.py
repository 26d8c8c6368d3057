"""styringsdialog byggesag list|show|create|milestone|event|checks|document: construction cases
from the command line, as a user (``--as``) through the same lookups and services as the pages and API."""

from __future__ import annotations

import argparse
import json
import os
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser

from almen import construction as calc
from almen.formatting import format_number
from styringsdialog.accounts.cli import add_as_argument, danish_errors, resolve_actor
from styringsdialog.accounts.permissions import scope_for
from styringsdialog.construction import services
from styringsdialog.construction.models import ConstructionCase, Event
from styringsdialog.construction.queries import (
    case_checks,
    case_documents,
    get_case_document,
    get_case_event,
    get_case_milestone,
    get_construction_case_for_user,
    require_construction_reader,
    visible_construction_cases,
    with_related,
)
from styringsdialog.lib.api_types import MAX_ID
from styringsdialog.registry.queries import (
    get_department_for_user,
    get_kommune_for_user,
    get_organisation_for_user,
)


def object_id(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_ID:
        raise argparse.ArgumentTypeError(f"{raw!r} er ikke et id (et helt tal fra 1).")
    return value


def _date(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise CommandError(f"Datoen {raw!r} skal skrives ÅÅÅÅ-MM-DD.") from exc


def _decimal(raw: str | None, label: str) -> Decimal | None:
    if raw is None:
        return None
    try:
        return Decimal(raw.replace(".", "").replace(",", ".") if "," in raw else raw)
    except InvalidOperation as exc:
        raise CommandError(f"{label} skal være et tal, ikke {raw!r}.") from exc


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value))


def case_json(case: ConstructionCase, detail: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": case.pk,
        "kommune": case.kommune.code,
        "organisation": case.organisation.number,
        "department": case.department.number if case.department is not None else None,
        "department_label": case.department_label,
        "kind": case.kind,
        "title": case.title,
        "status": case.status,
        "housing_type": case.housing_type,
        "dwellings": case.dwellings,
        "area_m2": case.area_m2,
        "version": case.version,
    }
    if detail:
        out["milestones"] = [
            {
                "kind": m.kind,
                "date": m.date,
                "anskaffelsessum": m.anskaffelsessum,
                "approved_by": m.approved_by_name,
            }
            for m in case.milestones.all()
        ]
        out["events"] = [
            {"id": e.pk, "kind": e.kind, "date": e.date, "status": e.status, "text": e.text}
            for e in case.events.all()
        ]
    return out


class Command(BaseCommand):
    help = "Byggesager: list, vis, opret, godkend milepæle, tilføj hændelser og vis kontrollen."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="HANDLING")
        kinds = ", ".join(calc.KINDS)
        milestones = ", ".join(calc.MILESTONES)

        lst = sub.add_parser("list", help="List byggesager, du har adgang til")
        lst.add_argument("--kommune", default=None, help="Kommunekode, fx 151")
        lst.add_argument("--organisation", default=None, help="Organisationsnummer, fx 0151")

        show = sub.add_parser("show", help="Vis en byggesag med milepæle og hændelser")
        show.add_argument("case_id", type=object_id, help="Byggesagens id")

        create = sub.add_parser("create", help="Opret en byggesag")
        create.add_argument("kommune", help="Kommunekode, fx 151")
        create.add_argument("organisation", help="Organisationsnummer, fx 0151")
        create.add_argument("--department", default=None, help="Afdelingsnummer, fx 008")
        create.add_argument("--new-department", default="", help="Navn på en ny afdeling")
        create.add_argument("--kind", required=True, help=f"Art ({kinds})")
        create.add_argument("--title", required=True, help="Titel")
        create.add_argument(
            "--housing-type", default="familie", help="familie, ungdom eller aeldre"
        )
        create.add_argument(
            "--region", default="", help="Område før 2024: hovedstaden, store_byer, provins"
        )
        create.add_argument("--dwellings", type=int, default=0, help="Antal boliger")
        create.add_argument("--area", default="0", help="Boligareal i m²")
        create.add_argument("--loan", default=None, help="Lån i kr. (renovering med LBF-støtte)")
        create.add_argument("--property-value", default=None, help="Ejendomsværdi i kr.")
        create.add_argument("--prior-debt", default=None, help="Forudgående lån i kr.")

        ms = sub.add_parser("milestone", help="Godkend en milepæl (rækkefølgen håndhæves)")
        ms.add_argument("case_id", type=object_id, help="Byggesagens id")
        ms.add_argument("kind", help=f"Milepæl ({milestones})")
        ms.add_argument("--date", required=True, help="Dato ÅÅÅÅ-MM-DD")
        ms.add_argument("--amount", default=None, help="Anskaffelsessum i kr. (skema A, B, C)")
        ms.add_argument("--rent", default=None, help="Årlig husleje i kr. (skema B, C)")
        ms.add_argument("--decision", default="", help="Afgørelsen")
        ms.add_argument("--document", default="", help="Dokument (journalnr. eller link)")

        ev = sub.add_parser("event", help="Tilføj en hændelse")
        ev.add_argument("case_id", type=object_id, help="Byggesagens id")
        ev.add_argument("kind", help=f"Art ({', '.join(Event.Kind.values)})")
        ev.add_argument("--date", required=True, help="Dato ÅÅÅÅ-MM-DD")
        ev.add_argument("--text", required=True, help="Tekst")
        ev.add_argument(
            "--status",
            default="",
            help=f"Status ({', '.join(v for v in Event.Status.values if v)})",
        )
        ev.add_argument("--months", default=None, help="Kompensation: måneders leje")
        ev.add_argument("--amount", default=None, help="Kompensation: beløb i kr.")
        ev.add_argument("--paid-by", default="", help="Kompensation: betales af")
        ev.add_argument("--decided-on", default=None, help="Kompensation: besluttet den ÅÅÅÅ-MM-DD")
        ev.add_argument("--recipient", default="", help="Registrering: sendt til")

        checks = sub.add_parser(
            "checks", help="Vis kontrollen: maksimumbeløb, finansiering, garanti, husleje"
        )
        checks.add_argument("case_id", type=object_id, help="Byggesagens id")

        doc = sub.add_parser("document", help="Dokumenter i en byggesag: tilføj, list eller slet")
        doc_sub = doc.add_subparsers(dest="document_action", required=True, metavar="HANDLING")
        doc_add = doc_sub.add_parser(
            "add", help="Tilføj et dokument (PDF, DOCX, XLSX, PNG eller JPEG)"
        )
        doc_add.add_argument("case_id", type=object_id, help="Byggesagens id")
        doc_add.add_argument("path", help="Filen, der skal tilføjes")
        doc_add.add_argument("--title", default="", help="Beskrivelse")
        doc_on = doc_add.add_mutually_exclusive_group()
        doc_on.add_argument("--milestone", type=object_id, default=None, help="Milepælens id")
        doc_on.add_argument("--event", type=object_id, default=None, help="Hændelsens id")
        doc_list = doc_sub.add_parser("list", help="List byggesagens dokumenter")
        doc_list.add_argument("case_id", type=object_id, help="Byggesagens id")
        doc_delete = doc_sub.add_parser(
            "delete", help="Slet et dokument (kommunens sagsbehandlere; står i historikken)"
        )
        doc_delete.add_argument("case_id", type=object_id, help="Byggesagens id")
        doc_delete.add_argument("document_id", type=object_id, help="Dokumentets id")

        lnk = sub.add_parser("link", help="Knyt byggesagen til sager, aftaler og dagsordenspunkter")
        unl = sub.add_parser("unlink", help="Fjern byggesagens tilknytning (står i historikken)")
        for p in (lnk, unl):
            p.add_argument("case_id", type=object_id, help="Byggesagens id")
            p.add_argument("--case", type=object_id, action="append", default=[], help="Sagens id")
            p.add_argument(
                "--agreement", type=object_id, action="append", default=[], help="Aftalens id"
            )
            p.add_argument(
                "--item", type=object_id, action="append", default=[], help="Punktets id"
            )

        for p in (lst, show, create, ms, ev, checks, doc_add, doc_list, doc_delete, lnk, unl):
            p.add_argument("--json", action="store_true", help="Skriv resultatet som JSON")
            add_as_argument(p)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        user = resolve_actor(options.get("as_user"))
        with danish_errors():
            require_construction_reader(user)
            getattr(self, "_" + action)(user, options)

    def _out(self, options: dict[str, Any], data: Any, text: str) -> None:
        self.stdout.write(json.dumps(data, default=_json_default) if options.get("json") else text)

    def _list(self, user: Any, o: dict[str, Any]) -> None:
        qs = visible_construction_cases(
            scope_for(user), with_related(ConstructionCase.objects.all())
        )
        if o["kommune"]:
            qs = qs.filter(kommune=get_kommune_for_user(user, o["kommune"]))
        if o["organisation"]:
            qs = qs.filter(organisation__number=o["organisation"])
        cases = list(qs.order_by("-opened_on", "-pk"))
        lines = [
            f"{c.pk:>6}  {c.organisation.number}  {c.get_status_display():<6} {c.get_kind_display()}: {c.title}"
            for c in cases
        ]
        self._out(o, [case_json(c) for c in cases], "\n".join(lines) or "Ingen byggesager.")

    def _show(self, user: Any, o: dict[str, Any]) -> None:
        case = get_construction_case_for_user(user, o["case_id"])
        lines = [
            f"Byggesag nr. {case.pk}: {case.title} ({case.get_kind_display()}, "
            f"{case.get_status_display().lower()}, version {case.version})",
            f"  {case.organisation.number} {case.organisation.name}, {case.department_label}, {case.kommune.name}",
            f"  {format_number(case.dwellings)} boliger, {format_number(case.area_m2, 1, trim=True)} m²",
        ]
        for m in case.milestones.all():
            amount = f", {calc.kr(m.anskaffelsessum)}" if m.anskaffelsessum else ""
            lines.append(
                f"  {m.date:%d.%m.%Y}  {m.get_kind_display()}{amount} (godkendt af {m.approved_by_name or '–'})"
            )
        for e in case.events.all():
            status = f" [{e.get_status_display().lower()}]" if e.status else ""
            lines.append(f"  {e.date:%d.%m.%Y}  {e.get_kind_display()}{status}: {e.text}")
        self._out(o, case_json(case, detail=True), "\n".join(lines))

    def _create(self, user: Any, o: dict[str, Any]) -> None:
        kommune = get_kommune_for_user(user, o["kommune"], write=True)
        organisation = get_organisation_for_user(user, o["organisation"])
        department = (
            get_department_for_user(user, o["organisation"], o["department"])
            if o["department"]
            else None
        )
        figures: dict[str, Any] = {
            "housing_type": o["housing_type"],
            "rate_region": o["region"],
            "dwellings": o["dwellings"],
            "area_m2": _decimal(o["area"], "Arealet"),
        }
        for key, name, label in (
            ("loan", "loan_amount", "Lånet"),
            ("property_value", "property_value", "Ejendomsværdien"),
            ("prior_debt", "prior_debt", "Forudgående lån"),
        ):
            if o[key] is not None:
                figures[name] = _decimal(o[key], label)
        case = services.open_construction_case(
            kommune=kommune,
            organisation=organisation,
            department=department,
            new_department_name=o["new_department"],
            kind=o["kind"],
            title=o["title"],
            by=user,
            **figures,
        )
        self._out(o, case_json(case), f"Byggesag nr. {case.pk} er oprettet.")

    def _milestone(self, user: Any, o: dict[str, Any]) -> None:
        case = get_construction_case_for_user(user, o["case_id"], write=True)
        m = services.record_milestone(
            case=case,
            kind=o["kind"],
            date=_date(o["date"]),
            anskaffelsessum=_decimal(o["amount"], "Anskaffelsessummen"),
            annual_rent=_decimal(o["rent"], "Huslejen"),
            decision=o["decision"],
            document=o["document"],
            by=user,
        )
        self._out(
            o,
            {
                "case_id": case.pk,
                "kind": m.kind,
                "date": m.date,
                "anskaffelsessum": m.anskaffelsessum,
            },
            f"{m.get_kind_display()} er godkendt i byggesag nr. {case.pk}.",
        )

    def _event(self, user: Any, o: dict[str, Any]) -> None:
        case = get_construction_case_for_user(user, o["case_id"], event=True)
        e = services.add_event(
            case=case,
            kind=o["kind"],
            date=_date(o["date"]),
            text=o["text"],
            status=o["status"],
            months_of_rent=_decimal(o["months"], "Måneders leje"),
            amount=_decimal(o["amount"], "Beløbet"),
            paid_by=o["paid_by"],
            decided_on=_date(o["decided_on"]) if o["decided_on"] else None,
            recipient=o["recipient"],
            by=user,
        )
        self._out(
            o,
            {"case_id": case.pk, "id": e.pk, "kind": e.kind, "date": e.date},
            f"{e.get_kind_display()} er tilføjet byggesag nr. {case.pk}.",
        )

    def _checks(self, user: Any, o: dict[str, Any]) -> None:
        case = get_construction_case_for_user(user, o["case_id"])
        checks = case_checks(case)
        lines = [f"Kontrol af byggesag nr. {case.pk}: {case.title}"]
        if checks.maximum:
            lines.append(f"  Maksimumbeløb: {checks.maximum.rule}")
        if checks.maximum_problem:
            lines.append(f"  {checks.maximum_problem}")
        lines += [f"  {c.text}" for c in checks.against_maximum]
        if checks.financing:
            lines += [
                f"  {s.name}: {calc.kr(s.amount)} ({calc.pct(s.pct)}). {s.rule}"
                for s in checks.financing.shares
            ]
        elif checks.financing_problem:
            lines.append(f"  {checks.financing_problem}")
        if checks.guarantee:
            lines.append(f"  Garanti: {checks.guarantee.rule}")
        lines += [f"  {r.text}" for r in checks.rents]
        if checks.next_milestone:
            lines.append(f"  Næste milepæl: {checks.next_milestone_label}")
        self._out(o, checks.as_dict(), "\n".join(lines))

    # --- Documents (w3) ------------------------------------------------------------------------

    def _document(self, user: Any, o: dict[str, Any]) -> None:
        if o["document_action"] == "list":
            case = get_construction_case_for_user(user, o["case_id"])
            docs = list(case_documents(case))
            rows = [
                {
                    "id": d.pk,
                    "original_name": d.original_name,
                    "title": d.title,
                    "content_type": d.content_type,
                    "size": d.size,
                    "sha256": d.sha256,
                    "milestone_id": d.milestone_id,
                    "event_id": d.event_id,
                    "uploaded_by": d.uploaded_by_name,
                    "uploaded_at": d.uploaded_at.isoformat(),
                }
                for d in docs
            ]
            lines = [
                f"{d.pk:>6}  {d.uploaded_at:%d.%m.%Y}  {d.original_name} "
                f"({format_number(d.size)} bytes){f': {d.title}' if d.title else ''}"
                for d in docs
            ]
            self._out(o, rows, "\n".join(lines) or "Ingen dokumenter i byggesagen.")
            return
        if o["document_action"] == "delete":
            case = get_construction_case_for_user(user, o["case_id"], write=True)
            document = get_case_document(case, o["document_id"])
            data = {
                "case_id": case.pk,
                "id": document.pk,
                "original_name": document.original_name,
                "sha256": document.sha256,
                "size": document.size,
                "deleted": True,
            }
            services.delete_document(document=document, by=user)
            self._out(
                o,
                data,
                f"Dokumentet {data['original_name']} er slettet fra byggesag nr. {case.pk}.",
            )
            return
        case = get_construction_case_for_user(user, o["case_id"], event=True)
        path = o["path"]
        if not os.path.isfile(path):
            raise CommandError(f"Filen {path!r} findes ikke.")
        limit = services.max_document_bytes()
        if os.path.getsize(path) > limit:
            raise CommandError(f"Filen er for stor (højst {limit // (1024 * 1024)} MB).")
        milestone = get_case_milestone(case, o["milestone"]) if o["milestone"] else None
        event = get_case_event(case, o["event"]) if o["event"] else None
        with open(path, "rb") as handle:
            document = services.add_document(
                case=case,
                upload=File(handle, name=os.path.basename(path)),
                title=o["title"],
                milestone=milestone,
                event=event,
                by=user,
            )
        self._out(
            o,
            {
                "case_id": case.pk,
                "id": document.pk,
                "original_name": document.original_name,
                "content_type": document.content_type,
                "size": document.size,
            },
            f"Dokumentet {document.original_name} er tilføjet byggesag nr. {case.pk}.",
        )

    # --- Links (w3) ----------------------------------------------------------------------------

    def _link_or_unlink(self, user: Any, o: dict[str, Any], remove: bool) -> None:
        if not (o["case"] or o["agreement"] or o["item"]):
            raise CommandError("Angiv mindst én --case, --agreement eller --item.")
        case = get_construction_case_for_user(user, o["case_id"], write=True)
        action = services.unlink if remove else services.link
        action(
            case=case,
            by=user,
            case_ids=o["case"],
            agreement_ids=o["agreement"],
            agenda_item_ids=o["item"],
        )
        data = {
            "case_id": case.pk,
            "case_ids": sorted(case.cases.values_list("pk", flat=True)),
            "agreement_ids": sorted(case.agreements.values_list("pk", flat=True)),
            "agenda_item_ids": sorted(case.agenda_items.values_list("pk", flat=True)),
        }
        verb = "fjernet fra" if remove else "knyttet til"
        self._out(o, data, f"Tilknytningerne er {verb} byggesag nr. {case.pk}.")

    def _link(self, user: Any, o: dict[str, Any]) -> None:
        self._link_or_unlink(user, o, remove=False)

    def _unlink(self, user: Any, o: dict[str, Any]) -> None:
        self._link_or_unlink(user, o, remove=True)
