"""styringsdialog referat send|comment|reply|resolve|approve|publish|reopen|correction|download

The referat workflow from the command line, acting as a user (``--as``) through the same scoped
lookups and services as the meeting page and the API (``meetings.services.referat``,
``publication.services``). Lives in publication because publishing is publication's service.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from styringsdialog.accounts.cli import add_as_argument, danish_errors, resolve_actor
from styringsdialog.meetings import services
from styringsdialog.meetings.models import Meeting, ReferatComment
from styringsdialog.meetings.queries import get_agenda_item, get_meeting_for_user
from styringsdialog.meetings.workflow import empty_items
from styringsdialog.publication.integrity import verified_html
from styringsdialog.publication.models import (
    ChecksumMismatchError,
    PublishedReferat,
    ReferatVersion,
)
from styringsdialog.publication.personal_data import CHOICES, current_findings
from styringsdialog.publication.services import publish_correction, publish_referat

EMPTY_CHOICES = ("omit", "no_remarks")
PERSONAL_KINDS = ("cpr", "phone", "email", "address", "name")
FORMATS = ("html", "pdf", "docx")


def state_json(meeting: Meeting) -> dict[str, Any]:
    meeting.refresh_from_db()
    return {
        "meeting_id": meeting.pk,
        "referat_status": meeting.referat_status,
        "held": meeting.is_held,
        "referat_sent_at": _iso(meeting.referat_sent_at),
        "referat_approved_at": _iso(meeting.referat_approved_at),
        "referat_published_at": _iso(meeting.referat_published_at),
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def comment_json(comment: ReferatComment) -> dict[str, Any]:
    return {
        "id": comment.pk,
        "parent_id": comment.parent_id,
        "item_id": comment.item_id,
        "text": comment.text,
        "resolved": comment.resolved,
    }


def version_json(version: ReferatVersion) -> dict[str, Any]:
    return {
        "referat_id": version.referat_id,
        "version": version.number,
        "change_note": version.change_note,
    }


class Command(BaseCommand):
    help = (
        "Referatets arbejdsgang: send til kommentering, kommentér, svar, markér som løst, "
        "godkend, offentliggør, genåbn, offentliggør en rettelse, og hent en offentliggjort "
        "version som HTML, PDF eller DOCX."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="HANDLING")

        def step(name: str, text: str) -> CommandParser:
            p = sub.add_parser(name, help=text)
            p.add_argument("meeting_id", type=int, help="Mødets id")
            p.add_argument("--json", action="store_true", help="Skriv resultatet som JSON")
            add_as_argument(p)
            return p

        step("send", "Send referatet til boligorganisationen til kommentering")
        comment = step("comment", "Kommentér referatet (boligorganisationens medarbejdere)")
        comment.add_argument("--text", required=True, help="Kommentaren")
        comment.add_argument("--item", type=int, default=None, help="Punktets id (standard: hele)")
        reply = step("reply", "Svar på en kommentar")
        reply.add_argument("comment_id", type=int, help="Kommentarens id")
        reply.add_argument("--text", required=True, help="Svaret")
        reply.add_argument("--resolve", action="store_true", help="Markér også kommentaren løst")
        resolve = step("resolve", "Markér en kommentar som løst")
        resolve.add_argument("comment_id", type=int, help="Kommentarens id")
        step("approve", "Godkend referatet")
        publish = step("publish", "Offentliggør det godkendte referat (version 1)")
        correction = step("correction", "Offentliggør en rettet, gengodkendt version")
        correction.add_argument("--note", required=True, help="Ændringsnoten: hvad er rettet")
        for p in (publish, correction):
            p.add_argument(
                "--empty",
                choices=EMPTY_CHOICES,
                default=None,
                help="Punkter uden tekst: omit (udelad) eller no_remarks (»Ingen bemærkninger.«)",
            )
            p.add_argument(
                "--decisions",
                default=None,
                metavar="FIL",
                help="JSON-fil med beslutninger om personoplysninger: {nøgle: redact|keep}; "
                "nøglen kan også være kind:<art> eller *",
            )
            p.add_argument(
                "--redact-all",
                action="store_true",
                help="Fjern alle fundne personoplysninger, der ikke er besluttet andet om",
            )
            p.add_argument(
                "--keep",
                action="append",
                choices=PERSONAL_KINDS,
                default=[],
                metavar="ART",
                help="Behold alle fund af denne art (cpr, phone, email, address, name); kan gentages",
            )
        step("personal-data", "Vis mulige personoplysninger, der skal tages stilling til")
        reopen = step("reopen", "Genåbn referatet til rettelser")
        reopen.add_argument("--reason", required=True, help="Begrundelsen")
        download = step("download", "Skriv en offentliggjort version til en fil")
        download.add_argument("--format", choices=FORMATS, default="pdf", help="html, pdf, docx")
        download.add_argument(
            "--version", type=int, default=None, help="Version (standard: nyeste)"
        )
        download.add_argument("--output", "-o", required=True, help="Filen der skrives")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        user = resolve_actor(options.get("as_user"))
        with danish_errors():
            if action == "download":
                self._download(user, options)
                return
            write = action not in ("comment", "reply")  # the services check who may comment
            meeting = get_meeting_for_user(user, options["meeting_id"], write=write)
            if action == "send":
                services.send_referat_to_organisation(meeting=meeting, by=user)
                self._out(options, state_json(meeting), "Referatet er sendt til kommentering.")
            elif action == "comment":
                item = get_agenda_item(meeting, options["item"]) if options["item"] else None
                made = services.add_referat_comment(
                    meeting=meeting, by=user, text=options["text"], item=item
                )
                self._out(options, comment_json(made), f"Kommentaren er gemt (id {made.pk}).")
            elif action in ("reply", "resolve"):
                comment = meeting.comments.filter(pk=options["comment_id"]).first()
                if comment is None:
                    raise CommandError(
                        f"Referatet har ingen kommentar med id {options['comment_id']}."
                    )
                comment.meeting = meeting
                if action == "reply":
                    made = services.reply_to_referat_comment(
                        comment=comment, by=user, text=options["text"], resolve=options["resolve"]
                    )
                    self._out(options, comment_json(made), f"Svaret er gemt (id {made.pk}).")
                else:
                    made = services.resolve_referat_comment(comment=comment, by=user)
                    self._out(options, comment_json(made), "Kommentaren er markeret som løst.")
            elif action == "approve":
                services.approve_referat(meeting=meeting, by=user)
                self._out(options, state_json(meeting), "Referatet er godkendt.")
            elif action == "reopen":
                services.reopen_referat_for_correction(
                    meeting=meeting, by=user, reason=options["reason"]
                )
                self._out(options, state_json(meeting), "Referatet er genåbnet til rettelser.")
            elif action == "personal-data":
                found = current_findings(meeting)
                if options.get("json"):
                    self.stdout.write(json.dumps([f.as_json() for f in found], ensure_ascii=False))
                elif not found:
                    self.stdout.write("Referatet indeholder ingen mulige personoplysninger.")
                else:
                    for f in found:
                        self.stdout.write(f"{f.key}\t{f.label}\t{f.context}")
            elif action == "publish":
                if PublishedReferat.objects.filter(meeting=meeting).exists():
                    raise CommandError(
                        "Referatet er allerede offentliggjort. Genåbn det, og brug "
                        "'referat correction'."
                    )
                version = publish_referat(
                    meeting=meeting,
                    by=user,
                    empty=_empty(meeting, options),
                    personal_data=_personal_data(options),
                )
                self._out(
                    options, version_json(version), "Referatet er offentliggjort (version 1)."
                )
            else:
                version = publish_correction(
                    meeting=meeting,
                    by=user,
                    change_note=options["note"],
                    empty=_empty(meeting, options),
                    personal_data=_personal_data(options),
                )
                self._out(
                    options,
                    version_json(version),
                    f"Rettelsen er offentliggjort (version {version.number}).",
                )

    def _download(self, user: Any, options: dict[str, Any]) -> None:
        """A published version is public; the meeting id only names it."""
        referat = PublishedReferat.objects.filter(meeting_id=options["meeting_id"]).first()
        if referat is None or referat.current is None:
            raise CommandError(
                f"Mødet nr. {options['meeting_id']} har intet offentliggjort referat."
            )
        if options["version"]:
            version = referat.versions.filter(number=options["version"]).first()
            if version is None:
                raise CommandError(f"Referatet har ingen version {options['version']}.")
        else:
            version = referat.current
        fmt = options["format"]
        try:
            data = (
                verified_html(version).encode("utf-8")
                if fmt == "html"
                else version.verified_file(fmt)
            )
        except ChecksumMismatchError as exc:
            raise CommandError(
                "Den gemte fil har ikke længere den kontrolsum, den havde ved offentliggørelsen."
            ) from exc
        path = Path(options["output"])
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"Filen {options['output']!r} kan ikke skrives.") from exc
        out = {**version_json(version), "format": fmt, "path": str(path), "bytes": len(data)}
        self._out(options, out, f"Version {version.number} er skrevet til {path} ({fmt}).")

    def _out(self, options: dict[str, Any], data: dict[str, Any], text: str) -> None:
        self.stdout.write(json.dumps(data) if options.get("json") else text)


def _empty(meeting: Meeting, options: dict[str, Any]) -> dict[int, str]:
    choice = options.get("empty")
    return {item.pk: choice for item in empty_items(meeting)} if choice else {}


def _personal_data(options: dict[str, Any]) -> dict[str, str]:
    """--decisions FILE, then --keep KIND and --redact-all, as the service's decisions."""
    decisions: dict[str, str] = {}
    if options.get("decisions"):
        try:
            raw = json.loads(Path(options["decisions"]).read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"Filen {options['decisions']!r} kan ikke læses.") from exc
        except ValueError as exc:
            raise CommandError(f"Filen {options['decisions']!r} er ikke gyldig JSON.") from exc
        if not isinstance(raw, dict) or not all(
            isinstance(k, str) and v in CHOICES for k, v in raw.items()
        ):
            raise CommandError(
                'Beslutningsfilen skal være et JSON-objekt {nøgle: "redact" eller "keep"}.'
            )
        decisions.update(raw)
    for kind in options.get("keep") or []:
        decisions.setdefault(f"kind:{kind}", "keep")
    if options.get("redact_all"):
        decisions.setdefault("*", "redact")
    return decisions
