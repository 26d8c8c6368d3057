"""styringsdialog send-invitation MEETING_ID --by USER: send the meeting's invitation."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from styringsdialog.accounts.models import User
from styringsdialog.meetings import services
from styringsdialog.meetings.queries import get_meeting_for_user


class Command(BaseCommand):
    help = (
        "Send indkaldelsen til et dialogmøde (igen: en opdateret indkaldelse). Organisationens "
        "medarbejdere og deltagere, der er brugere, får en e-mail; derefter kan organisationen se "
        "dagsorden og bilag."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("meeting_id", type=int, help="Mødets id (fra mødets adresse)")
        parser.add_argument(
            "--by",
            "--as",
            dest="by",
            required=True,
            help="Brugernavn på den sagsbehandler, der sender",
        )
        parser.add_argument("--json", action="store_true", help="Skriv resultatet som JSON")

    def handle(self, *args: Any, meeting_id: int, by: str, **options: Any) -> None:
        user = User.objects.filter(username=by, is_active=True).first()
        if user is None:
            raise CommandError(f"Brugeren {by!r} findes ikke eller er deaktiveret.")
        try:
            meeting = get_meeting_for_user(user, meeting_id, write=True)
            meeting = services.send_invitation(meeting=meeting, by=user)
        except Http404 as exc:
            raise CommandError(str(exc)) from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc) or "Du har ikke adgang til at indkalde.") from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "meeting_id": meeting.pk,
                        "invitation_sent_at": meeting.invitation_sent_at.isoformat()
                        if meeting.invitation_sent_at
                        else None,
                        "invitation_sequence": meeting.invitation_sequence,
                    }
                )
            )
        else:
            self.stdout.write(
                f"Indkaldelsen til {meeting.title} den {meeting.date:%d.%m.%Y} er sendt."
            )
