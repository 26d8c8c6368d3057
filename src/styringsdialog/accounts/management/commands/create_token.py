"""styringsdialog create-token USER: print a new API token (only its sha256 is stored)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from styringsdialog.accounts.models import ApiToken, User, hash_token


class Command(BaseCommand):
    help = "Opret et API-token til en bruger. Tokenet vises kun én gang."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--name", default="cli", help="Navn på tokenet, fx det system der bruger det"
        )

    def handle(self, *args: Any, username: str, name: str, **options: Any) -> None:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Brugeren {username!r} findes ikke eller er deaktiveret.")
        raw = ApiToken.new_raw_key()
        ApiToken.objects.create(user=user, name=name, key_hash=hash_token(raw))
        self.stdout.write(raw)
        self.stderr.write(
            f"Brug: curl -H 'Authorization: Bearer {raw}' http://127.0.0.1:8000/api/v1/departments"
        )
