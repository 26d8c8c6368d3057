"""styringsdialog audit: search the audit log and export it (CSV/XLSX), also per meeting or
case as the basis for an akteindsigt. Administrators only (``--as``; default: an administrator)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from styringsdialog.accounts.audit_access import build_filter, require_audit_reader
from styringsdialog.accounts.cli import add_as_argument, danish_errors, resolve_actor
from styringsdialog.audit.exports import MAX_ROWS, export_bytes, rows
from styringsdialog.audit.queries import search_entries


class Command(BaseCommand):
    help = (
        "Søg i revisionsloggen (hvem har set, hentet, oprettet, ændret eller slettet hvad) og "
        "eksportér den til CSV eller Excel – fx alt om ét møde eller én sag til en aktindsigt. "
        "Kun administratorer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_as_argument(parser)
        parser.add_argument(
            "--tekst", dest="text", default="", metavar="TEKST", help="Søg i adresse, objekt, felt"
        )
        parser.add_argument(
            "--bruger", dest="username", default="", metavar="BRUGERNAVN", help="Kun denne bruger"
        )
        parser.add_argument(
            "--handling",
            dest="kind",
            default="",
            metavar="HANDLING",
            help="view, download, create, change eller delete",
        )
        parser.add_argument(
            "--fra", dest="since", default=None, metavar="DATO", help="Fra dato (ÅÅÅÅ-MM-DD)"
        )
        parser.add_argument(
            "--til", dest="until", default=None, metavar="DATO", help="Til og med (ÅÅÅÅ-MM-DD)"
        )
        parser.add_argument(
            "--moede", dest="meeting", default=None, metavar="ID", help="Kun dette mødes id"
        )
        parser.add_argument(
            "--sag", dest="case", default=None, metavar="ID", help="Kun denne sags id"
        )
        parser.add_argument(
            "--limit",
            type=int,
            default=50,
            metavar="ANTAL",
            help="Vis højst så mange poster (standard 50)",
        )
        parser.add_argument("--json", action="store_true", help="Skriv posterne som JSON")
        parser.add_argument(
            "--format", choices=["csv", "xlsx"], default=None, help="Eksportér til en fil"
        )
        parser.add_argument(
            "--output", "-o", default=None, metavar="FIL", help="Filen, der skrives (med --format)"
        )

    def handle(self, *args: Any, **o: Any) -> None:
        with danish_errors("Kun administratorer kan se revisionsloggen."):
            actor = resolve_actor(o["as_user"])
            require_audit_reader(actor)
            f = build_filter(
                text=o["text"],
                username=o["username"],
                kind=o["kind"],
                since=o["since"],
                until=o["until"],
                meeting=o["meeting"],
                case=o["case"],
            )
        entries = search_entries(f)
        if o["format"]:
            if not o["output"]:
                raise CommandError("Angiv filen med --output, fx --output revisionslog.csv.")
            content, _ = export_bytes(entries[:MAX_ROWS], o["format"])
            try:
                Path(o["output"]).write_bytes(content)
            except OSError as exc:
                raise CommandError(f"Filen {o['output']} kan ikke skrives: {exc}") from exc
            self.stdout.write(f"Skrev {entries.count()} poster til {o['output']}.")
            return
        if o["limit"] < 1:
            raise CommandError("--limit skal være mindst 1.")
        shown = list(entries[: o["limit"]])
        if o["json"]:
            out = [
                {
                    "id": e.pk,
                    "tidspunkt": timezone.localtime(e.at).isoformat(),
                    "handling": e.kind,
                    "bruger": e.username,
                    "ip": e.ip,
                    "adresse": e.path,
                    "svarkode": e.status,
                    "objekttype": e.object_type,
                    "objekt_id": e.object_id,
                    "objekt": e.object_label,
                    "felter": [x for x in e.fields.split(",") if x],
                    "moede_id": e.meeting_id,
                    "sag_id": e.case_id,
                }
                for e in shown
            ]
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
            return
        total = entries.count()
        self.stdout.write(f"{total} poster i revisionsloggen (viser {len(shown)}, nyeste først):")
        for row in rows(shown):
            when, kind, _uid, user, ip, _m, path, status, otype, oid, label, fields = row[:12]
            what = path or f"{otype} {oid} {label}".strip()
            extra = f" [{fields}]" if fields else ""
            self.stdout.write(
                f"  {when}  {user or '–'}  {kind}: {what}{extra} {status or ''}".rstrip()
            )
