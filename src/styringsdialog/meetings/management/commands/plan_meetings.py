"""styringsdialog plan-meetings --kommune KODE --styringsaar ÅR --by USER: plan every missing meeting."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from styringsdialog.accounts.models import User
from styringsdialog.meetings import services
from styringsdialog.registry.queries import get_kommune_for_user


def _date(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise CommandError(f"Datoen {raw!r} skal skrives ÅÅÅÅ-MM-DD.") from exc


class Command(BaseCommand):
    help = (
        "Planlæg et dialogmøde (med kommunens standarddagsorden) for hver boligorganisation med "
        "hjemsted i kommunen, der ikke har et møde i styringsåret. Kan køres flere gange: "
        "organisationer, der har et møde, springes over."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kommune", required=True, help="Kommunekode, fx 151")
        parser.add_argument("--styringsaar", required=True, type=int, help="Styringsår, fx 2025")
        parser.add_argument(
            "--by",
            "--as",
            dest="by",
            required=True,
            help="Brugernavn på den sagsbehandler, der planlægger",
        )
        parser.add_argument(
            "--dato", help="Mødedato ÅÅÅÅ-MM-DD (standard: i dag, hvis den passer til året)"
        )
        parser.add_argument("--json", action="store_true", help="Skriv resultatet som JSON")

    def handle(self, *args: Any, kommune: str, styringsaar: int, by: str, **options: Any) -> None:
        user = User.objects.filter(username=by, is_active=True).first()
        if user is None:
            raise CommandError(f"Brugeren {by!r} findes ikke eller er deaktiveret.")
        when = _date(options["dato"]) if options.get("dato") else None
        try:
            found = get_kommune_for_user(user, kommune, write=True)
            created = services.plan_meetings_for_kommune(
                kommune=found, styringsaar=styringsaar, by=user, date=when
            )
        except Http404 as exc:
            raise CommandError(str(exc)) from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc) or "Du har ikke adgang til at planlægge møder.") from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "kommune": found.code,
                        "styringsaar": styringsaar,
                        "created": len(created),
                        "meetings": [
                            {
                                "id": m.pk,
                                "organisation": m.organisation.number,
                                "date": m.date.isoformat(),
                            }
                            for m in created
                        ],
                    }
                )
            )
        elif created:
            self.stdout.write(
                f"{len(created)} møde{'r' if len(created) != 1 else ''} planlagt i "
                f"{found.name} for styringsår {styringsaar}."
            )
        else:
            self.stdout.write(
                f"Alle organisationer i {found.name} har allerede et møde i styringsår {styringsaar}."
            )
