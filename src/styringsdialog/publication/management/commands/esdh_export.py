"""styringsdialog esdh-export meeting|case|construction ID --output FIL [--journal NR] [--kle NN.NN.NN]

Writes the ESDH package (ZIP, ``publication.esdh``) of a meeting or a case, acting as a user
(``--as``) through the same scoped lookups as the pages (write scope: outsiders "findes ikke",
readers "kun læseadgang"). ``--journal``/``--kle``/``--party`` set the journal facts first;
``--show`` only prints them.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from styringsdialog.accounts.cli import add_as_argument, danish_errors, resolve_actor
from styringsdialog.accounts.permissions import can_write_meeting, require, scope_for
from styringsdialog.construction.queries import get_construction_case_for_user
from styringsdialog.meetings.queries import (
    get_agreement_for_user,
    get_case_for_user,
    get_meeting_for_user,
)
from styringsdialog.publication.esdh import export_to_file
from styringsdialog.records.models import Kind
from styringsdialog.records.queries import record_info
from styringsdialog.records.services import update_record_info

KINDS = {
    "meeting": Kind.MEETING,
    "case": Kind.CASE,
    "agreement": Kind.AGREEMENT,
    "construction": Kind.CONSTRUCTION,
}


class Command(BaseCommand):
    help = (
        "Eksportér et møde, en sag eller en byggesag til ESDH som ZIP-pakke (dokumenter og metadata.json/.xml "
        "med sha256); vis eller ret journalnummer, KLE-nummer og en sags private parter."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kind",
            choices=sorted(KINDS),
            help=(
                "meeting (møde), case (sag), construction (byggesag) eller agreement "
                "(aftale: kun --show og ret)"
            ),
        )
        parser.add_argument("object_id", type=int, help="Mødets, sagens eller byggesagens id")
        parser.add_argument("--output", "-o", default=None, metavar="FIL", help="ZIP-filen")
        parser.add_argument("--journal", default=None, help="Sæt journalnummeret først")
        parser.add_argument("--kle", default=None, help="Sæt KLE-nummeret først (NN.NN.NN [G01])")
        parser.add_argument(
            "--party",
            action="append",
            default=None,
            metavar="NAVN",
            help="Sagens private parter (erstatter listen; kan gentages)",
        )
        parser.add_argument("--show", action="store_true", help="Vis kun journaloplysningerne")
        parser.add_argument("--json", action="store_true", help="Skriv resultatet som JSON")
        add_as_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        user = resolve_actor(options.get("as_user"))
        kind = KINDS[options["kind"]]
        with danish_errors():
            obj: Any
            if kind == Kind.MEETING:
                obj = get_meeting_for_user(user, options["object_id"], write=True)
            elif kind == Kind.CASE:
                obj = get_case_for_user(user, options["object_id"], write=True)
            elif kind == Kind.CONSTRUCTION:
                obj = get_construction_case_for_user(user, options["object_id"], write=True)
            else:
                obj = get_agreement_for_user(user, options["object_id"], write=True)
                require(
                    can_write_meeting(scope_for(user), obj),
                    "Kun kommunens sagsbehandlere kan ændre journaloplysningerne.",
                )
            info = record_info(kind, obj)
            if options["journal"] is not None or options["kle"] is not None or options["party"]:
                if options["party"] and kind != Kind.CASE:
                    raise CommandError("Kun en sag har private parter (--party).")
                info = update_record_info(
                    kind=kind,
                    obj=obj,
                    by=user,
                    journal_number=info.journal_number
                    if options["journal"] is None
                    else options["journal"],
                    kle=info.kle if options["kle"] is None else options["kle"],
                    parties="\n".join(options["party"]) if options["party"] else None,
                )
            facts = {
                "kind": kind,
                "id": obj.pk,
                "journal_number": info.journal_number,
                "kle": info.kle,
            }
            if options["show"] or not options["output"]:
                if not options["show"]:
                    raise CommandError("Angiv --output FIL (ZIP-filen) eller --show.")
                self._out(
                    options,
                    facts,
                    f"Journalnummer: {info.journal_number or '–'}; KLE: {info.kle or '–'}",
                )
                return
            if kind == Kind.AGREEMENT:
                raise CommandError(
                    "En aftale eksporteres med sit møde (referatet): brug 'esdh-export meeting'."
                )
            handle, meta = export_to_file(kind=kind, obj=obj, by=user)
        path = Path(options["output"])
        try:
            with handle, path.open("wb") as out:
                shutil.copyfileobj(handle, out, 1024 * 1024)
        except OSError as exc:
            raise CommandError(f"Filen {options['output']!r} kan ikke skrives.") from exc
        facts.update(
            path=str(path),
            documents=len(meta.documents),
            bytes=path.stat().st_size,
        )
        self._out(
            options,
            facts,
            f"ESDH-pakken er skrevet til {path} ({len(meta.documents)} dokumenter).",
        )

    def _out(self, options: dict[str, Any], data: dict[str, Any], text: str) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False) if options.get("json") else text)
