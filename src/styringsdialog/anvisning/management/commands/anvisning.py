"""styringsdialog anvisning list|create-agreement|add|import|figures|vacancies|review|comment: kommunal
anvisning from the command line, as a user (``--as``) through the same lookups and services as
the pages and the API."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from styringsdialog.accounts.cli import add_as_argument, danish_errors, parse_int, resolve_actor
from styringsdialog.anvisning import imports, services
from styringsdialog.anvisning.models import LegalBasis, Outcome
from styringsdialog.anvisning.queries import (
    agreements_for,
    get_agreement_for_user,
    get_anvisning_kommune,
    get_anvisning_organisation,
    get_comment_for_user,
    get_entry_for_user,
    kommune_figures,
    ledger_for,
    require_reader,
    resolve_department,
)
from styringsdialog.anvisning.text import year_sentence


def _date(raw: str | None, label: str) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise CommandError(f"{label}: datoen {raw!r} skal skrives ÅÅÅÅ-MM-DD.") from exc


def _money(raw: str | None, label: str) -> Decimal:
    if raw in (None, ""):
        return Decimal(0)
    try:
        value = Decimal(str(raw).replace(".", "").replace(",", ".") if "," in str(raw) else raw)
    except InvalidOperation as exc:
        raise CommandError(f"{label}: {raw!r} er ikke et beløb.") from exc
    return value


def _terms(raw: list[str]) -> list[tuple[str, Decimal, int | None, str]]:
    """--department 0151-003:25[:trin[:kriterier]]"""
    out = []
    for item in raw:
        parts = item.split(":", 3)
        if len(parts) < 2:
            raise CommandError(f"--department {item!r}: skriv ORG-AFD:andel, fx 0151-003:25.")
        try:
            share = Decimal(parts[1].replace(",", "."))
        except InvalidOperation as exc:
            raise CommandError(f"--department {item!r}: andelen er ikke et tal.") from exc
        step = parse_int(parts[2], "Trinnet") if len(parts) > 2 and parts[2] else None
        out.append((parts[0], share, step, parts[3] if len(parts) > 3 else ""))
    return out


class Command(BaseCommand):
    help = (
        "Kommunal anvisning: list aftaler og anvisningslisten, opret aftaler, tilføj boliger, "
        "indlæs fra anvisningssystemet og vis tallene til dialogen."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="HANDLING")
        lst = sub.add_parser("list", help="List aftaler og boliger på anvisningslisten")
        lst.add_argument("--kommune", required=True, help="Kommunekode, fx 151")
        lst.add_argument("--organisation", default=None, help="Organisationsnummer, fx 0151")

        agr = sub.add_parser("create-agreement", help="Opret en anvisningsaftale")
        agr.add_argument("--kommune", required=True, help="Kommunekode")
        agr.add_argument(
            "--organisation", default=None, help="Organisationsnummer (uden: rammeaftale)"
        )
        agr.add_argument("--title", required=True, help="Aftalens titel")
        agr.add_argument(
            "--legal-basis", required=True, help=f"Hjemmel ({', '.join(LegalBasis.values)})"
        )
        agr.add_argument("--from", dest="valid_from", required=True, help="Gælder fra ÅÅÅÅ-MM-DD")
        agr.add_argument("--to", dest="valid_to", required=True, help="Gælder til ÅÅÅÅ-MM-DD")
        agr.add_argument("--trappemodel", action="store_true", help="Aftalen har en trappemodel")
        agr.add_argument(
            "--department",
            action="append",
            default=[],
            help="ORG-AFD:andel[:trin[:kriterier]], fx 0151-003:25:2 (kan gentages)",
        )
        agr.add_argument("--renews", default=None, help="Id på aftalen, denne fornyer")
        agr.add_argument("--note", default="", help="Bemærkning")

        add = sub.add_parser("add", help="Tilføj en bolig stillet til rådighed for kommunen")
        add.add_argument("--kommune", required=True, help="Kommunekode")
        add.add_argument("--department", required=True, help="ORG-AFD, fx 0151-003")
        add.add_argument("--dwelling", required=True, help="Lejemålets nummer")
        add.add_argument("--offered", required=True, help="Tilbudt ÅÅÅÅ-MM-DD")
        add.add_argument("--address", default="", help="Adresse")
        add.add_argument("--rent", default="", help="Husleje pr. måned (kr.)")
        add.add_argument(
            "--outcome", default="afventer", help=f"Udfald ({', '.join(Outcome.values)})"
        )
        add.add_argument("--outcome-on", default="", help="Udfaldsdato ÅÅÅÅ-MM-DD")
        add.add_argument("--household", default="", help="Husstandsreference (aldrig CPR-nummer)")
        add.add_argument("--vacancy-from", default="", help="Tomgang betalt fra ÅÅÅÅ-MM-DD")
        add.add_argument("--vacancy-to", default="", help="Tomgang betalt til ÅÅÅÅ-MM-DD")
        add.add_argument("--vacancy-amount", default="", help="Betalt tomgangsleje (kr.)")

        imp = sub.add_parser("import", help="Indlæs anvisningslisten (CSV/XLSX), alt eller intet")
        imp.add_argument("--kommune", required=True, help="Kommunekode")
        imp.add_argument("file", help="Filen fra anvisningssystemet")

        fig = sub.add_parser("figures", help="Vis tallene til dialogen")
        fig.add_argument("--kommune", required=True, help="Kommunekode")
        fig.add_argument("--organisation", default=None, help="Organisationsnummer")

        vac = sub.add_parser("vacancies", help="Angiv ledige familieboliger i en afdeling i et år")
        vac.add_argument("--kommune", required=True, help="Kommunekode")
        vac.add_argument("--department", required=True, help="ORG-AFD")
        vac.add_argument("--year", required=True, help="År")
        vac.add_argument("--count", required=True, help="Antal ledige familieboliger")

        rev = sub.add_parser("review", help="Årlig revurdering af en afdelings trin og andel")
        rev.add_argument("agreement_id", help="Aftalens id")
        rev.add_argument("--department", required=True, help="ORG-AFD")
        rev.add_argument("--year", required=True, help="År")
        rev.add_argument("--share", required=True, help="Andel i %%")
        rev.add_argument("--step", default=None, help="Trin")
        rev.add_argument("--criteria", default=None, help="Fleksible udlejningskriterier")
        rev.add_argument("--note", default="", help="Begrundelse")

        com = sub.add_parser(
            "comment",
            help="List, skriv eller ret kommentarer til en aftale eller en række på listen",
        )
        target = com.add_mutually_exclusive_group(required=True)
        target.add_argument("--agreement", default=None, help="Aftalens id")
        target.add_argument("--entry", default=None, help="Rækkens id på anvisningslisten")
        com.add_argument("--text", default=None, help="Kommentaren (uden: list kommentarerne)")
        com.add_argument("--edit", default=None, help="Ret kommentaren med dette id (din egen)")
        com.add_argument(
            "--version", default=None, help="Kommentarens version, som du sidst så den"
        )

        for p in (lst, agr, add, imp, fig, vac, rev, com):
            p.add_argument("--json", action="store_true", help="Skriv resultatet som JSON")
            add_as_argument(p)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        user = resolve_actor(options.get("as_user"))
        with danish_errors():
            getattr(self, "_" + action.replace("-", "_"))(user, options)

    def _out(self, o: dict[str, Any], data: Any, text: str) -> None:
        self.stdout.write(json.dumps(data, default=str) if o.get("json") else text)

    def _list(self, user: Any, o: dict[str, Any]) -> None:
        scope = require_reader(user)
        kommune = get_anvisning_kommune(user, o["kommune"])
        org = get_anvisning_organisation(user, o["organisation"]) if o["organisation"] else None
        agreements = agreements_for(scope, kommune=kommune, organisation=org)
        entries = ledger_for(scope, kommune=kommune, organisation=org).order_by("-offered_on")
        data = {
            "agreements": [
                {"id": a.pk, "title": a.title, "party": a.party, "number": a.number}
                for a in agreements
            ],
            "ledger": [
                {
                    "id": e.pk,
                    "department": f"{e.department.organisation.number}-{e.department.number}",
                    "dwelling": e.dwelling,
                    "offered_on": e.offered_on.isoformat(),
                    "outcome": e.outcome,
                }
                for e in entries[:500]
            ],
        }
        lines = ["Aftaler:"] + [
            f"{a['id']:>6}  {a['title']} – {a['party']} (version {a['number']})"
            for a in data["agreements"]
        ]
        lines += ["Anvisningslisten:"] + [
            f"{e['id']:>6}  {e['department']}  {e['dwelling']:<8} {e['offered_on']}  {e['outcome']}"
            for e in data["ledger"]
        ]
        self._out(o, data, "\n".join(lines))

    def _create_agreement(self, user: Any, o: dict[str, Any]) -> None:
        kommune = get_anvisning_kommune(user, o["kommune"], write=True)
        org = get_anvisning_organisation(user, o["organisation"]) if o["organisation"] else None
        renews = (
            get_agreement_for_user(user, parse_int(o["renews"], "--renews"), write=True)
            if o["renews"]
            else None
        )
        valid_from = _date(o["valid_from"], "--from")
        valid_to = _date(o["valid_to"], "--to")
        assert valid_from and valid_to
        agreement = services.create_agreement(
            kommune=kommune,
            organisation=org,
            title=o["title"],
            legal_basis=o["legal_basis"],
            trappemodel=o["trappemodel"],
            valid_from=valid_from,
            valid_to=valid_to,
            departments=services.terms_from_refs(kommune, _terms(o["department"])),
            note=o["note"],
            supersedes=renews,
            by=user,
        )
        self._out(
            o,
            {"id": agreement.pk, "number": agreement.number},
            f"Anvisningsaftale {agreement.pk} er oprettet (version {agreement.number}).",
        )

    def _add(self, user: Any, o: dict[str, Any]) -> None:
        kommune = get_anvisning_kommune(user, o["kommune"], write=True)
        department = resolve_department(o["department"], kommune=kommune)
        if department is None:
            raise CommandError(f"Afdeling {o['department']!r} findes ikke (skriv ORG-AFD).")
        offered = _date(o["offered"], "--offered")
        assert offered
        entry = services.add_entry(
            kommune=kommune,
            department=department,
            dwelling=o["dwelling"],
            offered_on=offered,
            address=o["address"],
            rent=_money(o["rent"], "--rent"),
            outcome=o["outcome"],
            outcome_on=_date(o["outcome_on"], "--outcome-on"),
            household_ref=o["household"],
            vacancy_from=_date(o["vacancy_from"], "--vacancy-from"),
            vacancy_to=_date(o["vacancy_to"], "--vacancy-to"),
            vacancy_amount=_money(o["vacancy_amount"], "--vacancy-amount"),
            by=user,
        )
        self._out(o, {"id": entry.pk}, f"Boligen er tilføjet anvisningslisten (id {entry.pk}).")

    def _import(self, user: Any, o: dict[str, Any]) -> None:
        kommune = get_anvisning_kommune(user, o["kommune"], write=True)
        path = Path(o["file"])
        try:
            if path.stat().st_size > imports.MAX_BYTES:
                raise CommandError("Filen er større end 5 MB og kan ikke indlæses.")
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Filen {path} kan ikke læses: {exc.strerror}.") from exc
        report = imports.import_ledger(kommune=kommune, data=data, filename=path.name, by=user)
        if not report.ok:
            if o.get("json"):
                self.stdout.write(json.dumps(report.as_dict()))
            else:
                for e in report.errors:
                    where = f"{e.file}, række {e.row}" if e.row else e.file
                    if e.column:
                        where += f", kolonne {e.column}"
                    self.stderr.write(f"{where}: {e.message}")
            raise CommandError(
                f"Filen er ikke indlæst: {report.error_count} fejl. Intet er ændret."
            )
        self._out(
            o,
            report.as_dict(),
            f"Indlæst: {report.created} nye, {report.updated} ændrede, {report.unchanged} uændrede.",
        )

    def _figures(self, user: Any, o: dict[str, Any]) -> None:
        scope = require_reader(user)
        kommune = get_anvisning_kommune(user, o["kommune"])
        org = get_anvisning_organisation(user, o["organisation"]) if o["organisation"] else None
        ledger = ledger_for(scope, kommune=kommune, organisation=org)
        orgs, depts = kommune_figures(kommune, ledger)
        data = {
            "kommune": kommune.code,
            "organisations": [r.as_dict() for r in orgs],
            "departments": [r.as_dict() for r in depts],
        }
        lines = []
        for row in orgs + depts:
            lines.append(row.label + (" (forebyggelsesområde)" if row.prevention else ""))
            lines += ["  " + year_sentence("", y).strip() for y in row.years]
        self._out(o, data, "\n".join(lines) or "Ingen tal endnu.")

    def _vacancies(self, user: Any, o: dict[str, Any]) -> None:
        kommune = get_anvisning_kommune(user, o["kommune"], write=True)
        department = resolve_department(o["department"], kommune=kommune)
        if department is None:
            raise CommandError(f"Afdeling {o['department']!r} findes ikke (skriv ORG-AFD).")
        row = services.set_vacancies(
            department=department,
            kommune=kommune,
            year=parse_int(o["year"], "Året"),
            vacancies=parse_int(o["count"], "Antallet"),
            by=user,
        )
        self._out(o, {"year": row.year, "vacancies": row.vacancies}, "Gemt.")

    def _review(self, user: Any, o: dict[str, Any]) -> None:
        agreement = get_agreement_for_user(
            user, parse_int(o["agreement_id"], "Aftalens id"), write=True
        )
        department = resolve_department(o["department"])
        covered = (
            agreement.departments.filter(department=department).first() if department else None
        )
        if covered is None:
            raise CommandError(f"Afdeling {o['department']!r} er ikke med i aftalen.")
        try:
            share = Decimal(o["share"].replace(",", "."))
        except InvalidOperation as exc:
            raise CommandError(f"Andelen {o['share']!r} er ikke et tal.") from exc
        review = services.review_step(
            covered=covered,
            year=parse_int(o["year"], "Året"),
            share=share,
            step=parse_int(o["step"], "Trinnet") if o["step"] else None,
            criteria=o["criteria"],
            note=o["note"],
            by=user,
        )
        self._out(
            o,
            {"id": review.pk, "year": review.year, "step": review.step, "share": str(review.share)},
            f"Revurderingen for {review.year} er gemt.",
        )

    def _comment(self, user: Any, o: dict[str, Any]) -> None:
        if o["agreement"]:
            ids = {"agreement_id": parse_int(o["agreement"], "Aftalens id")}
            agreement = get_agreement_for_user(user, ids["agreement_id"])
            target: dict[str, Any] = {"agreement": agreement}
            related = agreement.comments
        else:
            ids = {"entry_id": parse_int(o["entry"], "Rækkens id")}
            entry = get_entry_for_user(user, ids["entry_id"])
            target = {"entry": entry}
            related = entry.comments
        if o["edit"]:
            if o["text"] is None or o["version"] is None:
                raise CommandError("Skriv --text og --version for at rette en kommentar.")
            comment = get_comment_for_user(
                user, parse_int(o["edit"], "Kommentarens id"), write=True, **ids
            )
            try:
                comment = services.edit_comment(
                    comment=comment,
                    text=o["text"],
                    version=parse_int(o["version"], "Versionen"),
                    by=user,
                )
            except services.Conflict as exc:
                raise CommandError(str(exc).replace("Rækken", "Kommentaren")) from exc
            self._out(
                o,
                {"id": comment.pk, "version": comment.version, "text": comment.text},
                f"Kommentar {comment.pk} er rettet (version {comment.version}).",
            )
            return
        if o["text"] is not None:
            comment = services.add_comment(text=o["text"], by=user, **target)
            self._out(
                o,
                {"id": comment.pk, "version": comment.version, "text": comment.text},
                f"Kommentar {comment.pk} er gemt.",
            )
            return
        rows = [
            {
                "id": c.pk,
                "author": c.author_name,
                "created_at": c.created_at.isoformat(),
                "version": c.version,
                "text": c.text,
            }
            for c in related.order_by("created_at", "pk")
        ]
        text = "\n".join(
            f"{r['id']}  {r['author']} (version {r['version']}): {r['text']}" for r in rows
        )
        self._out(o, rows, text or "Ingen kommentarer.")
