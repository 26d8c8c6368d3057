"""styringsdialog remind-late-packages --kommune KODE --by USER: e-mail about late packages."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils import timezone

from styringsdialog.accounts.models import User
from styringsdialog.intake.services.reminders import late_packages, remind_late_packages
from styringsdialog.registry.queries import get_kommune_for_user


class Command(BaseCommand):
    help = (
        "Send en påmindelse til medarbejderne i de organisationer i kommunen, hvis "
        "dokumentationspakke ikke er indsendt, selv om den formelle frist er overskredet. "
        "Højst én påmindelse pr. pakke og modtager om dagen."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kommune", required=True, help="Kommunekode, fx 151")
        parser.add_argument(
            "--by",
            "--as",
            dest="by",
            required=True,
            help="Brugernavn på den sagsbehandler, der sender",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Vis kun, hvem der ville få en e-mail"
        )
        parser.add_argument("--json", action="store_true", help="Skriv resultatet som JSON")

    def handle(self, *args: Any, kommune: str, by: str, **options: Any) -> None:
        user = User.objects.filter(username=by, is_active=True).first()
        if user is None:
            raise CommandError(f"Brugeren {by!r} findes ikke eller er deaktiveret.")
        dry_run = bool(options["dry_run"])
        try:
            found = get_kommune_for_user(user, kommune, write=True)
            sent = remind_late_packages(kommune=found, by=user, dry_run=dry_run)
        except Http404 as exc:
            raise CommandError(str(exc)) from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc) or "Du har ikke adgang til at påminde.") from exc
        late = late_packages(kommune=found, today=timezone.localdate())
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "kommune": found.code,
                        "dry_run": dry_run,
                        "late_packages": len(late),
                        "sent": len(sent),
                        "emails": [
                            {"user_id": n.user_id, "email": n.email, "subject": n.subject}
                            for n in sent
                        ],
                    }
                )
            )
            return
        verb = "ville blive sendt" if dry_run else "sendt"
        self.stdout.write(
            f"{len(late)} {'forsinket pakke' if len(late) == 1 else 'forsinkede pakker'} "
            f"i {found.name}; "
            f"{len(sent)} påmindelse{'r' if len(sent) != 1 else ''} {verb}."
        )
        for n in sent:
            self.stdout.write(f"  {n.email}: {n.subject}")
