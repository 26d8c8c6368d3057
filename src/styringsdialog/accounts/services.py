"""Writes of the accounts app: e-mail notification preferences, and sending a notification.

``notify`` is the one place a notification e-mail is made: Danish plain text with a link to the
page (``PUBLIC_BASE_URL`` + path), to each recipient who has an e-mail address and has not
turned the kind off on "Min profil". The message goes through Django mail, so
``EMAIL_BACKEND`` queues it as a background job (docs/reference/jobs.md). With ``key`` a
notification is sent at most once per recipient: the reminders of ``send-reminders`` use it so
that running the command twice sends nothing twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction

from styringsdialog.accounts.models import (
    ApiToken,
    NotificationKind,
    NotificationOptOut,
    SentNotification,
    hash_token,
)

SIGNATURE = (
    "Du får denne e-mail fra Styringsdialog, fordi du har en rolle i dialogen. "
    "Du kan fravælge denne slags e-mails under »Min profil«: {profile}"
)


_suppressed: ContextVar[bool] = ContextVar("notifications_suppressed", default=False)


@contextmanager
def notifications_suppressed() -> Iterator[None]:
    """Inside this block no notification is sent or recorded (the demo data's made-up history)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


@dataclass(frozen=True)
class Notification:
    """One e-mail to one user (what ``notify`` sent, or would send with ``dry_run``)."""

    kind: str
    user_id: int
    email: str
    subject: str
    url: str
    key: str = ""


@transaction.atomic
def set_notification_preferences(*, user: Any, enabled: Iterable[str]) -> list[str]:
    """Turn on exactly the kinds in ``enabled`` (every other kind off); returns the kinds on."""
    wanted = set(enabled)
    unknown = wanted - set(NotificationKind.values)
    if unknown:
        raise ValidationError(f"Ukendt slags e-mail: {', '.join(sorted(unknown))}.")
    off = [k for k in NotificationKind.values if k not in wanted]
    NotificationOptOut.objects.filter(user=user).exclude(kind__in=off).delete()
    existing = set(NotificationOptOut.objects.filter(user=user).values_list("kind", flat=True))
    NotificationOptOut.objects.bulk_create(
        NotificationOptOut(user=user, kind=k) for k in off if k not in existing
    )
    return [k for k in NotificationKind.values if k in wanted]


def absolute_url(path: str) -> str:
    return f"{settings.PUBLIC_BASE_URL}{path}"


def _profile_url() -> str:
    from django.urls import reverse

    return absolute_url(reverse("accounts:profile"))


@dataclass
class Pending:
    """One notification to make: a kind, its recipients, the text and the page it links to."""

    kind: str
    users: list[Any]
    subject: str
    body: str
    path: str
    key: str = ""
    exclude: Any = None


def notify(
    *,
    kind: str,
    users: Iterable[Any],
    subject: str,
    body: str,
    path: str,
    key: str = "",
    dry_run: bool = False,
    exclude: Any = None,
) -> list[Notification]:
    """Send one notification e-mail to each user in ``users`` who receives ``kind``.

    ``path`` is the page the mail links to; ``key`` (reminders) sends at most once per user;
    ``exclude`` is a user who should not be told of their own action; ``dry_run`` sends and
    records nothing and returns what would be sent."""
    pending = Pending(kind, list(users), subject, body, path, key, exclude)
    return notify_batch([pending], dry_run=dry_run)


def _chunks(values: list[Any], size: int = 500) -> Iterable[list[Any]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


def notify_batch(batch: Iterable[Pending], *, dry_run: bool = False) -> list[Notification]:
    """``notify`` for many notifications at once (the daily reminders): the opt-outs and the
    keys already sent are read in a few queries for the whole batch, and the mails are queued in
    one transaction."""
    if _suppressed.get():
        return []
    batch = list(batch)
    for p in batch:
        if p.kind not in NotificationKind.values:
            raise ValueError(f"unknown notification kind {p.kind!r}")
    user_ids = sorted({u.pk for p in batch for u in p.users})
    kinds = sorted({p.kind for p in batch})
    off: set[tuple[int, str]] = set()
    for chunk in _chunks(user_ids):
        off |= set(
            NotificationOptOut.objects.filter(user_id__in=chunk, kind__in=kinds).values_list(
                "user_id", "kind"
            )
        )
    keys = sorted({p.key for p in batch if p.key})
    done: set[tuple[str, int]] = set()
    for chunk in _chunks(keys):
        done |= set(SentNotification.objects.filter(key__in=chunk).values_list("key", "user_id"))
    sent: list[Notification] = []
    messages: list[EmailMessage] = []
    records: list[SentNotification] = []
    profile = ""
    for p in batch:
        url = absolute_url(p.path)
        skip = getattr(p.exclude, "pk", None)
        recipients = {
            u.pk: u
            for u in p.users
            if u.is_active
            and u.email
            and u.pk != skip
            and (u.pk, p.kind) not in off
            and (p.key, u.pk) not in done
        }
        for pk, u in sorted(recipients.items()):
            sent.append(
                Notification(
                    kind=p.kind, user_id=pk, email=u.email, subject=p.subject, url=url, key=p.key
                )
            )
            if dry_run:
                continue
            if p.key:
                records.append(SentNotification(key=p.key, user=u, kind=p.kind))
                done.add((p.key, pk))
            profile = profile or _profile_url()
            text = f"{p.body.strip()}\n\n{url}\n\n-- \n{SIGNATURE.format(profile=profile)}\n"
            messages.append(
                EmailMessage(subject=f"Styringsdialog: {p.subject}", body=text, to=[u.email])
            )
    if dry_run or not messages:
        return sent
    with transaction.atomic():
        SentNotification.objects.bulk_create(records, ignore_conflicts=True, batch_size=500)
        get_connection().send_messages(messages)
    return sent


# --- Personal API tokens ("Mine API-tokens", /api/v1/me/tokens, create-token) ---------------

# More than this many tokens per user is refused: a token per integrating system is plenty, and
# an unbounded number would let one account fill the table.
MAX_TOKENS_PER_USER = 20
MAX_TOKEN_NAME = 100


def create_api_token(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """A new bearer token for ``user``: the stored row (only the sha256) and the raw token,
    which is shown once and never again."""
    name = (name or "").strip()
    if not name:
        raise ValidationError("Giv tokenet et navn, fx det system der skal bruge det.")
    if len(name) > MAX_TOKEN_NAME or "\x00" in name:
        raise ValidationError(f"Navnet må højst være {MAX_TOKEN_NAME} tegn.")
    with transaction.atomic():
        if ApiToken.objects.select_for_update().filter(user=user).count() >= MAX_TOKENS_PER_USER:
            raise ValidationError(
                f"Du har allerede {MAX_TOKENS_PER_USER} API-tokens. Tilbagekald et, du ikke bruger."
            )
        raw = ApiToken.new_raw_key()
        token = ApiToken.objects.create(user=user, name=name, key_hash=hash_token(raw))
    return token, raw


def revoke_api_token(*, token: ApiToken) -> None:
    """Delete the token: requests that carry it are refused (401) from now on."""
    token.delete()
