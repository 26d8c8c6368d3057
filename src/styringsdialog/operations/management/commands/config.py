"""styringsdialog config: a kommune's configuration (year themes, meeting types, agenda
templates) and the national settings (colour scale, question catalogues, kontoplan) from the
command line, as a user (``--as``), through the same scoped lookups and services as the
"Indstillinger" and "Nationale indstillinger" pages."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from styringsdialog.accounts.cli import add_as_argument, danish_errors, resolve_actor
from styringsdialog.benchmarking import configuration as scales
from styringsdialog.intake.services import configuration as catalogues
from styringsdialog.meetings.models import AgendaTemplate, MeetingType, YearTheme
from styringsdialog.meetings.queries import get_configurable_kommune, get_configuration_object
from styringsdialog.meetings.services import configuration as config
from styringsdialog.meetings.services.meetings import ensure_default_template, ensure_meeting_types
from styringsdialog.registry import national

AREAS = {
    "themes": "Årets temaer",
    "meeting-types": "Mødetyper",
    "templates": "Dagsordensskabeloner",
}
NATIONAL = {
    "colour-scales": "Farveskalaen (nationalt; administratorer)",
    "catalogues": "Spørgerammer pr. styringsår (nationalt; administratorer)",
    "kontoplan": "Kontoplanens aktive version (nationalt; administratorer)",
    "history": "Historik over ændringer i de nationale indstillinger",
}


def _yes_no(raw: str | None) -> bool | None:
    if raw is None:
        return None
    value = raw.strip().lower()
    if value in {"ja", "j", "yes", "true", "1"}:
        return True
    if value in {"nej", "n", "no", "false", "0"}:
        return False
    raise CommandError(f"Skriv ja eller nej, ikke {raw!r}.")


def theme_json(theme: YearTheme) -> dict[str, Any]:
    return {
        "id": theme.pk,
        "styringsaar": theme.styringsaar,
        "title": theme.title,
        "description": theme.description,
        "version": theme.version,
    }


def type_json(meeting_type: MeetingType) -> dict[str, Any]:
    return {
        "id": meeting_type.pk,
        "name": meeting_type.name,
        "is_joint": meeting_type.is_joint,
        "version": meeting_type.version,
    }


def template_json(template: AgendaTemplate) -> dict[str, Any]:
    return {
        "id": template.pk,
        "name": template.name,
        "is_default": template.is_default,
        "items": [i.title for i in template.items.order_by("position")],
        "version": template.version,
    }


class Command(BaseCommand):
    help = "Vis og ret kommunens indstillinger: årets temaer, mødetyper og dagsordensskabeloner."

    def add_arguments(self, parser: CommandParser) -> None:
        areas = parser.add_subparsers(dest="area", required=True, metavar="OMRÅDE")
        for area, title in AREAS.items():
            p = areas.add_parser(area, help=title)
            sub = p.add_subparsers(dest="action", required=True, metavar="HANDLING")
            lst = sub.add_parser("list", help=f"List {title.lower()}")
            add = sub.add_parser("add", help="Tilføj")
            edit = sub.add_parser("edit", help="Ret (kun de angivne felter)")
            delete = sub.add_parser("delete", help="Slet")
            for q in (edit, delete):
                q.add_argument("id", type=int, help="Id (se list)")
                q.add_argument(
                    "--version",
                    type=int,
                    default=None,
                    help="Versionen du læste; afvises, hvis andre har gemt siden",
                )
            if area == "themes":
                lst.add_argument("--styringsaar", type=int, default=None, help="Kun dette år")
                add.add_argument("--styringsaar", type=int, required=True, help="Styringsår")
                add.add_argument("--title", required=True, help="Temaet")
                add.add_argument("--description", default="", help="Beskrivelse")
                edit.add_argument("--styringsaar", type=int, default=None, help="Styringsår")
                edit.add_argument("--title", default=None, help="Temaet")
                edit.add_argument("--description", default=None, help="Beskrivelse")
            elif area == "meeting-types":
                add.add_argument("--name", required=True, help="Navnet")
                add.add_argument("--joint", default="nej", help="Fællesmøde: ja eller nej")
                edit.add_argument("--name", default=None, help="Navnet")
                edit.add_argument("--joint", default=None, help="Fællesmøde: ja eller nej")
            else:
                add.add_argument("--name", required=True, help="Navnet")
                add.add_argument(
                    "--item", action="append", required=True, help="Et punkt (gentag for flere)"
                )
                add.add_argument("--default", default="nej", help="Standardskabelon: ja eller nej")
                edit.add_argument("--name", default=None, help="Navnet")
                edit.add_argument(
                    "--item", action="append", default=None, help="Punkterne (erstatter alle)"
                )
                edit.add_argument("--default", default=None, help="Standardskabelon: ja eller nej")
            for q in (lst, add, edit, delete):
                q.add_argument("--kommune", required=True, help="Kommunekode, fx 151")
                q.add_argument("--json", action="store_true", help="Skriv resultatet som JSON")
                add_as_argument(q)
        self._national_arguments(areas)

    def _national_arguments(self, areas: Any) -> None:
        parsers = []
        p = areas.add_parser("colour-scales", help=NATIONAL["colour-scales"])
        sub = p.add_subparsers(dest="action", required=True, metavar="HANDLING")
        parsers.append(sub.add_parser("list", help="List farveskalaens versioner"))
        add = sub.add_parser("add", help="Tilføj en ny version")
        add.add_argument("--version-name", required=True, help="Versionens navn")
        add.add_argument("--valid-from", required=True, help="Gælder fra ÅÅÅÅ-MM-DD")
        add.add_argument("--green-from", type=float, required=True, help="Grøn fra (0–100)")
        add.add_argument("--yellow-from", type=float, required=True, help="Gul fra (0–100)")
        add.add_argument("--provenance", required=True, help="Kilde og begrundelse")
        add.add_argument(
            "--official", action="store_true", help="Grænserne er hentet fra en officiel kilde"
        )
        parsers.append(add)
        p = areas.add_parser("catalogues", help=NATIONAL["catalogues"])
        sub = p.add_subparsers(dest="action", required=True, metavar="HANDLING")
        parsers.append(sub.add_parser("list", help="List spørgerammens versioner"))
        questions = sub.add_parser("questions", help="Vis spørgsmålene i en version")
        questions.add_argument("id", type=int, help="Spørgerammens id")
        activate = sub.add_parser("activate", help="Vælg spørgerammen for et styringsår")
        activate.add_argument("id", type=int, help="Spørgerammens id")
        activate.add_argument("--styringsaar", type=int, required=True, help="Styringsår")
        edit = sub.add_parser("edit-question", help="Ret et spørgsmåls tekst i en kladde")
        edit.add_argument("id", type=int, help="Spørgerammens id")
        edit.add_argument("question", type=int, help="Spørgsmålets id (se questions)")
        edit.add_argument("--text", required=True, help="Den nye tekst")
        edit.add_argument("--version", type=int, required=True, help="Versionen du læste")
        parsers += [questions, activate, edit]
        p = areas.add_parser("kontoplan", help=NATIONAL["kontoplan"])
        sub = p.add_subparsers(dest="action", required=True, metavar="HANDLING")
        parsers.append(sub.add_parser("list", help="List kontoplanens versioner"))
        activate = sub.add_parser("activate", help="Gør en version til den aktive")
        activate.add_argument("id", type=int, help="Kontoplanens id")
        parsers.append(activate)
        history = areas.add_parser("history", help=NATIONAL["history"])
        history.add_argument("--limit", type=int, default=50, help="Højst så mange (standard 50)")
        parsers.append(history)
        for q in parsers:
            q.add_argument("--json", action="store_true", help="Skriv resultatet som JSON")
            add_as_argument(q)

    def handle(self, *args: Any, area: str, **options: Any) -> None:
        user = resolve_actor(options.get("as_user"))
        action = options.get("action", "")
        with danish_errors():
            if area in NATIONAL:
                national.require_national_configurator(user)
                self._national(area, action, user, options)
                return
            kommune = get_configurable_kommune(user, options["kommune"])
            if area == "themes":
                self._themes(kommune, action, user, options)
            elif area == "meeting-types":
                self._types(kommune, action, user, options)
            else:
                self._templates(kommune, action, user, options)

    # --- output -------------------------------------------------------------------------------

    def _out(self, options: dict[str, Any], data: Any, text: str) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False) if options["json"] else text)

    def _check_version(self, obj: Any, version: int | None) -> None:
        if version is not None and version != obj.version:
            raise config.ConfigurationConflict(str(obj))

    # --- the three areas ----------------------------------------------------------------------

    def _themes(self, kommune: Any, action: str, user: Any, options: dict[str, Any]) -> None:
        if action == "list":
            themes = YearTheme.objects.filter(kommune=kommune).order_by(
                "-styringsaar", "position", "pk"
            )
            if options["styringsaar"]:
                themes = themes.filter(styringsaar=options["styringsaar"])
            rows = [theme_json(t) for t in themes]
            lines = [f"{r['id']:>6}  {r['styringsaar']}  {r['title']}" for r in rows]
            self._out(options, rows, "\n".join(lines) or "Ingen temaer.")
            return
        if action == "add":
            theme = config.create_year_theme(
                kommune=kommune,
                styringsaar=options["styringsaar"],
                title=options["title"],
                description=options["description"],
                by=user,
            )
            self._out(options, theme_json(theme), f"Temaet nr. {theme.pk} er tilføjet: {theme}.")
            return
        theme = get_configuration_object(kommune, YearTheme, options["id"])
        if action == "delete":
            self._check_version(theme, options["version"])
            config.delete_year_theme(theme=theme, by=user)
            self._out(options, {"id": options["id"], "deleted": True}, "Temaet er slettet.")
            return
        theme = config.update_year_theme(
            theme=theme,
            title=theme.title if options["title"] is None else options["title"],
            description=theme.description
            if options["description"] is None
            else options["description"],
            styringsaar=options["styringsaar"],
            version=options["version"],
            by=user,
        )
        self._out(options, theme_json(theme), f"Temaet er gemt: {theme}.")

    def _types(self, kommune: Any, action: str, user: Any, options: dict[str, Any]) -> None:
        if action == "list":
            ensure_meeting_types(kommune=kommune)
            rows = [type_json(t) for t in MeetingType.objects.filter(kommune=kommune)]
            lines = [
                f"{r['id']:>6}  {r['name']}{'  (fællesmøde)' if r['is_joint'] else ''}"
                for r in rows
            ]
            self._out(options, rows, "\n".join(lines) or "Ingen mødetyper.")
            return
        if action == "add":
            meeting_type = config.create_meeting_type(
                kommune=kommune,
                name=options["name"],
                is_joint=bool(_yes_no(options["joint"])),
                by=user,
            )
            self._out(
                options,
                type_json(meeting_type),
                f"Mødetypen nr. {meeting_type.pk} er tilføjet: {meeting_type.name}.",
            )
            return
        meeting_type = get_configuration_object(kommune, MeetingType, options["id"])
        if action == "delete":
            self._check_version(meeting_type, options["version"])
            config.delete_meeting_type(meeting_type=meeting_type, by=user)
            self._out(options, {"id": options["id"], "deleted": True}, "Mødetypen er slettet.")
            return
        joint = _yes_no(options["joint"])
        meeting_type = config.update_meeting_type(
            meeting_type=meeting_type,
            name=meeting_type.name if options["name"] is None else options["name"],
            is_joint=meeting_type.is_joint if joint is None else joint,
            version=options["version"],
            by=user,
        )
        self._out(options, type_json(meeting_type), f"Mødetypen er gemt: {meeting_type.name}.")

    def _templates(self, kommune: Any, action: str, user: Any, options: dict[str, Any]) -> None:
        if action == "list":
            ensure_default_template(kommune=kommune)
            templates = AgendaTemplate.objects.filter(kommune=kommune).prefetch_related("items")
            rows = [template_json(t) for t in templates]
            lines = [
                f"{r['id']:>6}  {r['name']}{'  (standard)' if r['is_default'] else ''}: "
                + " · ".join(r["items"])
                for r in rows
            ]
            self._out(options, rows, "\n".join(lines) or "Ingen skabeloner.")
            return
        if action == "add":
            template = config.create_agenda_template(
                kommune=kommune,
                name=options["name"],
                items=options["item"],
                is_default=bool(_yes_no(options["default"])),
                by=user,
            )
            self._out(
                options,
                template_json(template),
                f"Skabelonen nr. {template.pk} er tilføjet: {template.name}.",
            )
            return
        template = get_configuration_object(kommune, AgendaTemplate, options["id"])
        if action == "delete":
            self._check_version(template, options["version"])
            config.delete_agenda_template(template=template, by=user)
            self._out(options, {"id": options["id"], "deleted": True}, "Skabelonen er slettet.")
            return
        default = _yes_no(options["default"])
        template = config.update_agenda_template(
            template=template,
            name=template.name if options["name"] is None else options["name"],
            items=[i.title for i in template.items.order_by("position")]
            if options["item"] is None
            else options["item"],
            is_default=template.is_default if default is None else default,
            version=options["version"],
            by=user,
        )
        self._out(options, template_json(template), f"Skabelonen er gemt: {template.name}.")

    # --- national settings --------------------------------------------------------------------

    def _national(self, area: str, action: str, user: Any, options: dict[str, Any]) -> None:
        if area == "colour-scales":
            if action == "add":
                scale = scales.add_colour_scale(
                    version=options["version_name"],
                    valid_from=_date(options["valid_from"]),
                    green_from=options["green_from"],
                    yellow_from=options["yellow_from"],
                    provenance=options["provenance"],
                    is_official=options["official"],
                    by=user,
                )
                self._out(
                    options, scale_json(scale), f"Farveskalaen {scale} er gemt ({scale.mark})."
                )
                return
            rows = [scale_json(s) for s in scales.colour_scales()]
            lines = [
                f"{r['id']:>6}  {r['version']}  fra {r['valid_from']}  grøn ≥ {r['green_from']:g}, "
                f"gul ≥ {r['yellow_from']:g}  ({r['mark']})"
                for r in rows
            ]
            self._out(options, rows, "\n".join(lines))
        elif area == "catalogues":
            self._catalogues(action, user, options)
        elif area == "kontoplan":
            if action == "activate":
                chart = national.activate_chart(chart=national.get_chart(options["id"]), by=user)
                self._out(options, chart_json(chart), f"{chart} er nu den aktive kontoplan.")
                return
            rows = [chart_json(c) for c in national.charts()]
            lines = [
                f"{r['id']:>6}  {r['version']}  fra {r['valid_from']}"
                + ("  (aktiv)" if r["is_active"] else "")
                for r in rows
            ]
            self._out(options, rows, "\n".join(lines) or "Ingen kontoplan indlæst.")
        else:
            changes = national.national_history(limit=max(1, options["limit"]))
            rows = [
                {
                    "at": c.at.isoformat(),
                    "by": c.by.get_username() if c.by else None,
                    "kind": c.kind,
                    "label": c.label,
                    "action": c.action,
                    "old": c.old,
                    "new": c.new,
                }
                for c in changes
            ]
            lines = [f"{r['at'][:16]}  {r['by'] or '–'}  {r['label']}: {r['action']}" for r in rows]
            self._out(options, rows, "\n".join(lines) or "Ingen ændringer endnu.")

    def _catalogues(self, action: str, user: Any, options: dict[str, Any]) -> None:
        if action == "list":
            rows: list[dict[str, Any]] = [
                {
                    "id": c.pk,
                    "version": c.version,
                    "valid_from": c.valid_from.isoformat(),
                    "draft": catalogues.is_draft(c),
                    "chosen_for": catalogues.years_of(c),
                }
                for c in catalogues.catalogues()
            ]
            lines = [
                f"{r['id']:>6}  {r['version']}  fra {r['valid_from']}  "
                + ("kladde" if r["draft"] else "i brug")
                + (f"  valgt for {', '.join(map(str, r['chosen_for']))}" if r["chosen_for"] else "")
                for r in rows
            ]
            self._out(options, rows, "\n".join(lines) or "Ingen spørgerammer indlæst.")
            return
        catalogue = catalogues.get_catalogue(options["id"])
        if action == "questions":
            rows = [
                {"id": q.pk, "code": q.code, "text": q.text, "version": q.version}
                for q in catalogue.questions.order_by("order", "code")
            ]
            lines = [f"{r['id']:>6}  {r['code']}  {r['text']}" for r in rows]
            self._out(options, rows, "\n".join(lines) or "Ingen spørgsmål.")
        elif action == "activate":
            choice = catalogues.choose_catalogue(
                styringsaar=options["styringsaar"], catalogue=catalogue, by=user
            )
            self._out(
                options,
                {"styringsaar": choice.styringsaar, "catalogue_id": catalogue.pk},
                f"{catalogue} er valgt for styringsår {choice.styringsaar}.",
            )
        else:
            question = catalogues.update_question_text(
                question=catalogues.get_question(catalogue, options["question"]),
                text=options["text"],
                version=options["version"],
                by=user,
            )
            self._out(
                options,
                {
                    "id": question.pk,
                    "code": question.code,
                    "text": question.text,
                    "version": question.version,
                },
                f"Spørgsmål {question.code} er gemt.",
            )


def _date(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise CommandError(f"Datoen {raw!r} skal skrives ÅÅÅÅ-MM-DD.") from exc


def scale_json(scale: Any) -> dict[str, Any]:
    return {
        "id": scale.pk,
        "version": scale.version,
        "valid_from": scale.valid_from.isoformat(),
        "green_from": scale.green_from,
        "yellow_from": scale.yellow_from,
        "provenance": scale.provenance,
        "is_official": scale.is_official,
        "mark": scale.mark,
    }


def chart_json(chart: Any) -> dict[str, Any]:
    return {
        "id": chart.pk,
        "version": chart.version,
        "valid_from": chart.valid_from.isoformat(),
        "is_active": chart.is_active,
    }
