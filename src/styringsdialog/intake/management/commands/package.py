"""styringsdialog package list|show|create|create-all|status|answers|answer-template|attach: documentation
packages from the command line, acting as a user (``--as``) through the same scoped lookups and
services as the pages and the API."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from styringsdialog.accounts.cli import add_as_argument, danish_errors, resolve_actor
from styringsdialog.accounts.permissions import PackageWrite, scope_for
from styringsdialog.intake import queries, services
from styringsdialog.intake.api import PackageOut, answers_out, attachment_out
from styringsdialog.intake.models import Answer, AnswerRevision, Attachment, DocumentationPackage
from styringsdialog.intake.services import answers
from styringsdialog.registry.models import Kommune
from styringsdialog.registry.queries import get_kommune_for_user

# CLI action → service action (the API's names)
STATUS_ACTIONS = {
    "indsend": "submit",
    "send-tilbage": "return",
    "gennemgaaet": "review",
    "moede-afholdt": "meeting_held",
}


def _date(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise CommandError(f"Datoen {raw!r} skal skrives ÅÅÅÅ-MM-DD.") from exc


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, default=str)


def _package_line(p: dict[str, Any]) -> str:
    return (
        f"{p['organisation']}  {p['name']}  styringsår {p['styringsaar']}: {p['status']} "
        f"({p['deadline_label']})"
    )


def _parse_answer(raw: str) -> tuple[str, str | None, str]:
    """``OEK1=ja`` or ``OEK5/008=12,5`` (a department's answer)."""
    key, sep, value = raw.partition("=")
    if not sep or not key.strip():
        raise CommandError(
            f"Svaret {raw!r} skal skrives SPØRGSMÅL=SVAR, eller SPØRGSMÅL/AFDELING=SVAR."
        )
    question, _, department = key.strip().partition("/")
    return question.strip(), department.strip() or None, value


def _seen_version(package: DocumentationPackage, question: str, department: str | None) -> int:
    """The stored version of an answer (0: none): the command line writes over what is there."""
    found = Answer.objects.filter(package=package, question__code__iexact=question)
    found = (
        found.filter(department__number=department)
        if department
        else found.filter(department__isnull=True)
    )
    answer = found.first()
    return answer.version if answer else 0


class Command(BaseCommand):
    help = "List, vis og opret dokumentationspakker, skift status, gem svar og tilføj bilag."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="HANDLING")
        lst = sub.add_parser("list", help="List kommunens organisationer og deres pakker")
        lst.add_argument("--kommune", required=True, help="Kommunekode, fx 151")
        lst.add_argument(
            "--styringsaar", type=int, default=None, help="Styringsår (standard: nyeste)"
        )
        show = sub.add_parser("show", help="Vis en pakke med status, historik og bilag")
        create = sub.add_parser("create", help="Opret organisationens pakke for et styringsår")
        status = sub.add_parser("status", help="Skift pakkens status")
        ans = sub.add_parser(
            "answers", help="Vis styringsrapportens svar, eller gem svar med --set"
        )
        template = sub.add_parser(
            "answer-template",
            help="Gem svarskabelonen (CSV eller Excel) til at udfylde og indlæse; samme fil som siden",
        )
        attach = sub.add_parser(
            "attach", help="Tilføj et bilag (årsberetning, revisionsprotokol, …)"
        )
        for p in (show, create, status, ans, template, attach):
            p.add_argument("organisation", help="Organisationsnummer, fx 0151")
            p.add_argument("styringsaar", type=int, help="Styringsår, fx 2025")
        status.add_argument("handling", choices=list(STATUS_ACTIONS), help="Statusskiftet")
        status.add_argument("--note", default="", help="Bemærkning (begrundelse ved send-tilbage)")
        status.add_argument("--held-on", default=None, help="Mødedato ÅÅÅÅ-MM-DD (moede-afholdt)")
        ans.add_argument(
            "--set",
            action="append",
            default=[],
            metavar="SPØRGSMÅL=SVAR",
            help="Gem et svar, fx OEK1=ja eller OEK5/008=12,5 (kan gentages; alt eller intet)",
        )
        template.add_argument(
            "--format", choices=queries.ANSWER_TEMPLATE_FORMATS, default="csv", help="Filformatet"
        )
        template.add_argument(
            "-o",
            "--output",
            metavar="FIL",
            default=None,
            help="Filen, der skrives (standard: styringsrapport-ORG-ÅR.FORMAT her)",
        )
        attach.add_argument("file", metavar="FIL", help="Filen, fx en PDF")
        attach.add_argument(
            "--kind", required=True, choices=Attachment.Kind.values, help="Bilagstypen"
        )
        attach.add_argument("--description", default="", help="Beskrivelse af bilaget")
        create_all = sub.add_parser(
            "create-all",
            help="Opret de manglende pakker for en kommune, eller for alle kommuner brugeren må",
        )
        create_all.add_argument("--styringsaar", type=int, required=True, help="Styringsår")
        create_all.add_argument(
            "--kommune",
            action="append",
            default=[],
            help="Kommunekode (kan gentages; standard: alle kommuner brugeren må oprette pakker i)",
        )
        for p in (lst, show, create, status, ans, template, attach, create_all):
            p.add_argument("--json", action="store_true", help="Skriv resultatet som JSON")
            add_as_argument(p)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        user = resolve_actor(options.get("as_user"))
        with danish_errors():
            getattr(self, "_" + action.replace("-", "_"))(user, options)

    # --- subcommands ---------------------------------------------------------------------------

    def _list(self, user: Any, options: dict[str, Any]) -> None:
        kommune = get_kommune_for_user(user, options["kommune"])
        overview = queries.kommune_overview(
            kommune=kommune,
            scope=scope_for(user),
            styringsaar=options["styringsaar"],
            today=timezone.localdate(),
        )
        rows = [
            {
                "organisation": r.organisation.number,
                "name": r.organisation.name,
                "status": r.package.status if r.package else None,
                "deadline_state": r.state.code,
                "deadline_label": r.state.label,
                "late": r.state.is_late,
            }
            for r in overview.rows
        ]
        if options["json"]:
            self.stdout.write(_dump({"styringsaar": overview.styringsaar, "packages": rows}))
            return
        self.stdout.write(f"Styringsår {overview.styringsaar}: {overview.total} organisationer")
        for r in rows:
            self.stdout.write(
                f"  {r['organisation']}  {r['name']}: {r['status'] or 'ingen pakke'} "
                f"({r['deadline_label']})"
            )

    def _show(self, user: Any, options: dict[str, Any]) -> None:
        number, year = options["organisation"], options["styringsaar"]
        access = queries.get_package_access(user, number)
        package = queries.get_package_for_user(user, number, year)
        data = PackageOut.from_package(package)
        data["events"] = [
            {
                "at": e.at,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "note": e.note,
            }
            for e in queries.package_events(access, package)
        ]
        data["attachments"] = [
            attachment_out(a) for a in queries.package_attachments(access, package)
        ]
        if options["json"]:
            self.stdout.write(_dump(data))
            return
        self.stdout.write(_package_line(data))
        self.stdout.write(
            f"  Regnskabsperiode {package.period_start:%d.%m.%Y}–{package.period_end:%d.%m.%Y}; "
            f"frist til LBF {package.deadline_provisional:%d.%m.%Y}, formel frist "
            f"{package.deadline_formal:%d.%m.%Y}"
        )
        for a in data["attachments"]:
            self.stdout.write(f"  Bilag [{a['id']}] {a['kind_label']}: {a['original_name']}")

    def _create(self, user: Any, options: dict[str, Any]) -> None:
        number, year = options["organisation"], options["styringsaar"]
        access = queries.get_package_access(user, number, write="review")
        existing = queries.get_package(access, year)
        if existing is not None:
            raise CommandError(
                f"Der findes allerede en dokumentationspakke for {access.organisation.name} "
                f"for styringsår {year}."
            )
        package = services.create_package(
            organisation=access.organisation, styringsaar=year, by=user
        )
        self._out(
            options,
            PackageOut.from_package(package),
            f"Dokumentationspakken for {access.organisation.name}, styringsår {year}, er oprettet.",
        )

    def _create_all(self, user: Any, options: dict[str, Any]) -> None:
        year = options["styringsaar"]
        if options["kommune"]:
            kommuner = [get_kommune_for_user(user, code, write=True) for code in options["kommune"]]
        else:
            scope = scope_for(user)
            kommuner = [
                k for k in Kommune.objects.order_by("code") if scope.can_write_kommune(k.pk)
            ]
            if not kommuner:
                raise CommandError("Du må ikke oprette dokumentationspakker i nogen kommune.")
        results: list[dict[str, Any]] = []
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total} kommuner"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            disable=len(kommuner) < 2 or options.get("verbosity", 1) == 0,
        ) as bar:
            task = bar.add_task("Opretter pakker", total=len(kommuner))
            for kommune in kommuner:
                created = services.create_missing_packages(
                    kommune=kommune, styringsaar=year, by=user
                )
                total = (
                    DocumentationPackage.objects.for_year(year)
                    .filter(organisation__home_kommune=kommune)
                    .count()
                )
                results.append(
                    {
                        "kommune": kommune.code,
                        "created": len(created),
                        "existing": total - len(created),
                        "packages": [p.organisation.number for p in created],
                    }
                )
                bar.advance(task)
        created_total = sum(r["created"] for r in results)
        existing_total = sum(r["existing"] for r in results)
        self._out(
            options,
            {
                "styringsaar": year,
                "created": created_total,
                "existing": existing_total,
                "kommuner": results,
            },
            f"{created_total} dokumentationspakker oprettet for styringsår {year} i "
            f"{len(kommuner)} kommune{'r' if len(kommuner) != 1 else ''} "
            f"({existing_total} fandtes i forvejen).",
        )

    def _status(self, user: Any, options: dict[str, Any]) -> None:
        number, year = options["organisation"], options["styringsaar"]
        action = STATUS_ACTIONS[options["handling"]]
        who: PackageWrite = "upload" if action == "submit" else "review"
        package = queries.get_package_for_user(user, number, year, write=who)
        note = options["note"]
        if action == "submit":
            package = services.submit_package(package=package, by=user)
        elif action == "return":
            package = services.return_package(package=package, by=user, note=note)
        elif action == "review":
            package = services.mark_reviewed(package=package, by=user, note=note)
        else:
            held = _date(options["held_on"]) if options["held_on"] else None
            package = services.mark_meeting_held(package=package, by=user, held_on=held, note=note)
        data = PackageOut.from_package(package)
        self._out(options, data, f"Pakken har nu status '{package.get_status_display()}'.")

    def _answers(self, user: Any, options: dict[str, Any]) -> None:
        number, year = options["organisation"], options["styringsaar"]
        if options["set"]:
            package = queries.get_package_for_user(user, number, year, write="upload")
            parsed = [_parse_answer(raw) for raw in options["set"]]
            with transaction.atomic():
                for question, department, value in parsed:
                    current = _seen_version(package, question, department)
                    answers.save_answer(
                        package=package,
                        question_code=question,
                        department_number=department,
                        value=value,
                        version=current,
                        by=user,
                        via=AnswerRevision.Via.API,
                    )
        data = answers_out(user, number, year)
        if options["json"]:
            self.stdout.write(_dump(data))
            return
        if options["set"]:
            self.stdout.write(f"{len(options['set'])} svar er gemt.")
        for a in data["answers"]:
            where = f"/{a['department']}" if a["department"] else ""
            value = a["value"] if a["value"] is not None else "(ikke besvaret)"
            self.stdout.write(f"  {a['question']}{where}: {value}")
        if data["missing"]:
            self.stdout.write(f"Mangler {len(data['missing'])} svar, før pakken kan indsendes.")

    def _answer_template(self, user: Any, options: dict[str, Any]) -> None:
        number, year = options["organisation"], options["styringsaar"]
        access = queries.get_package_access(user, number)
        package = queries.get_package_for_user(user, number, year)
        template = queries.answer_template(access, package, options["format"])
        path = Path(options["output"] or template.name)
        try:
            path.write_bytes(template.body)
        except OSError as exc:
            raise CommandError(f"Filen {path} kan ikke skrives: {exc.strerror}.") from exc
        self._out(
            options,
            {"file": str(path), "format": options["format"], "bytes": len(template.body)},
            f"Svarskabelonen er gemt i {path}.",
        )

    def _attach(self, user: Any, options: dict[str, Any]) -> None:
        number, year = options["organisation"], options["styringsaar"]
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Filen {options['file']} findes ikke.")
        package = queries.get_package_for_user(user, number, year, write="upload")
        with path.open("rb") as handle:
            attachment = services.add_attachment(
                package=package,
                kind=options["kind"],
                uploaded_file=handle,
                by=user,
                description=options["description"],
            )
        self._out(
            options,
            attachment_out(attachment),
            f"Bilaget {attachment.original_name} er gemt (nr. {attachment.pk}).",
        )

    def _out(self, options: dict[str, Any], data: dict[str, Any], text: str) -> None:
        self.stdout.write(_dump(data) if options.get("json") else text)
