"""styringsdialog import-referat FILE... --kommune KODE [--organisation NR] [--dry-run] [--json]

Reads historical referat files (PDF, DOCX, HTML, text; a folder means every file in it) into
proposed meetings and, without ``--dry-run``, imports them as held, published meetings — one file
at a time, all or nothing per file, the same validation as the review page. ``--json`` prints one
JSON object per file and line (the proposal; with ``meeting`` and ``created`` when imported, or
``error``). A progress bar goes to stderr when there are several files. Exit code 1 if any file
failed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from styringsdialog.accounts.cli import add_as_argument, danish_errors, resolve_actor
from styringsdialog.lib.cli_progress import stage_bar
from styringsdialog.publication.history_import import ImportContext, import_referat, propose
from styringsdialog.registry.queries import get_kommune_for_user


def expand(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
        else:
            files.append(path)
    return files


class Command(BaseCommand):
    help = "Læs gamle referater (PDF, Word, HTML, tekst) og importér dem som afholdte, offentliggjorte møder."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FIL", help="Referatfiler eller mapper")
        parser.add_argument("--kommune", required=True, help="Kommunekode, fx 151")
        parser.add_argument(
            "--organisation",
            default=None,
            help="Boligorganisationens LBF-nummer (ellers genkendes den)",
        )
        parser.add_argument("--dry-run", action="store_true", help="Vis forslaget; gem intet")
        parser.add_argument(
            "--json", action="store_true", help="Skriv ét JSON-objekt pr. fil og linje"
        )
        add_as_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        user = resolve_actor(options.get("as_user"))
        with danish_errors("Kun kommunens sagsbehandlere kan importere referater."):
            kommune = get_kommune_for_user(user, options["kommune"], write=True)
        files = expand(options["files"])
        if not files:
            raise CommandError("Ingen filer at læse.")
        context = ImportContext.of(kommune)
        failed = 0
        show_bar = len(files) > 1 and options.get("verbosity", 1) > 0
        with stage_bar("Læser referater", enabled=show_bar) as progress:
            for n, path in enumerate(files):
                progress(f"Læser referater ({path.name})", n, len(files))
                result = self._one(path, kommune, context, user, options)
                failed += "error" in result
                self._print(result, options["json"])
            progress("Læser referater", len(files), len(files))
        if failed:
            raise CommandError(
                f"{failed} af {len(files)} filer kunne ikke "
                + ("læses." if options["dry_run"] else "importeres.")
            )

    def _one(
        self, path: Path, kommune: Any, context: ImportContext, user: Any, options: dict[str, Any]
    ) -> dict[str, Any]:
        try:
            data = path.read_bytes()
        except OSError:
            return {"file": str(path), "error": f"Filen {str(path)!r} kan ikke læses."}
        try:
            proposal = propose(
                kommune=kommune,
                data=data,
                filename=path.name,
                organisation=options["organisation"],
                context=context,
            )
            proposal["file"]["path"] = str(path)
            if options["dry_run"]:
                return proposal
            result = import_referat(
                kommune=kommune,
                proposal=proposal,
                data=data,
                filename=path.name,
                by=user,
                context=context,
            )
        except (ValidationError, PermissionDenied) as exc:
            message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            return {"file": str(path), "error": message}
        proposal["meeting"] = result.meeting.pk
        proposal["created"] = result.created
        return proposal

    def _print(self, result: dict[str, Any], as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        if "error" in result:
            self.stderr.write(f"{result['file']}: {result['error']}")
            return
        name = result["file"]["path"]
        when = result["meeting_date"] or "ukendt dato"
        items = sum(1 + len(i["children"]) for i in result["items"])
        line = (
            f"{name}: {when}, {result['organisation'] or 'ukendt organisation'}, {items} punkter, "
            f"{len(result['participants'])} deltagere, {len(result['agreements'])} aftaler"
        )
        if "meeting" in result:
            line += (
                f" – importeret som møde {result['meeting']}"
                if result["created"]
                else f" – allerede importeret (møde {result['meeting']})"
            )
        self.stdout.write(line)
        for warning in result["warnings"]:
            self.stdout.write(f"  Advarsel: {warning}")
