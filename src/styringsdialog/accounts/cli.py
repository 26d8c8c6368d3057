"""Shared helpers for the CLI verbs that act as a user (``--as USERNAME``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError, CommandParser
from django.http import Http404

from styringsdialog.accounts.models import User
from styringsdialog.audit import context as audit_context


def add_as_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--as",
        dest="as_user",
        default=None,
        metavar="BRUGERNAVN",
        help="Udfør handlingen som denne bruger (standard: en administrator)",
    )


def resolve_actor(username: str | None) -> User:
    """The named active user, or (no name) the first active administrator. The audit log
    records what the verb then changes as done by this user."""
    user = _resolve_actor(username)
    audit_context.set_actor(user)
    return user


def _resolve_actor(username: str | None) -> User:
    if username:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Brugeren {username!r} findes ikke eller er deaktiveret.")
        return user
    admin = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if admin is None:
        raise CommandError("Der er ingen aktiv administrator; angiv en bruger med --as BRUGERNAVN.")
    return admin


@contextmanager
def danish_errors(denied: str = "Du har ikke adgang til denne handling.") -> Iterator[None]:
    """Turn the services' Danish exceptions into CommandError (exit code 1, no traceback)."""
    try:
        yield
    except Http404 as exc:
        raise CommandError(str(exc) or "Findes ikke.") from exc
    except PermissionDenied as exc:
        raise CommandError(str(exc) or denied) from exc
    except ValidationError as exc:
        raise CommandError(" ".join(exc.messages)) from exc


def parse_int(raw: Any, label: str) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError) as exc:
        raise CommandError(f"{label} skal være et helt tal, ikke {raw!r}.") from exc
