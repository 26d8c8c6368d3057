"""Writes of the accounts app: e-mail notification preferences, and sending a notification.

``notify`` is the one place a notification e-mail is made: Danish plain text with a link to the
page (``PUBLIC_BASE_URL`` + path), to each recipient who has an e-mail address and has not
turned the kind off on "Min profil". The message goes through Django mail, so
``EMAIL_BACKEND`` queues it as a background job (docs/reference/jobs.md). With ``key`` a
notification is sent at most once per recipient: the reminders of ``send-reminders`` use it so
that running the command twice sends nothing twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction

from styringsdialog.accounts.models import (
    NotificationKind,
    NotificationOptOut,
    SentNotification,
)

SIGNATURE = (
    "Du får denne e-mail fra Styringsdialog, fordi du har en rolle i dialogen. "
    "Du kan fravælge denne slags e-mails under »Min profil«: {profile}"
)


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
    if kind not in NotificationKind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    by_id = {u.pk: u for u in users if u.is_active and u.email}
    if exclude is not None:
        by_id.pop(getattr(exclude, "pk", None), None)
    if not by_id:
        return []
    off = set(
        NotificationOptOut.objects.filter(user_id__in=by_id, kind=kind).values_list(
            "user_id", flat=True
        )
    )
    if key:
        off |= set(
            SentNotification.objects.filter(key=key, user_id__in=by_id).values_list(
                "user_id", flat=True
            )
        )
    recipients = [u for pk, u in sorted(by_id.items()) if pk not in off]
    url = absolute_url(path)
    sent = [
        Notification(kind=kind, user_id=u.pk, email=u.email, subject=subject, url=url, key=key)
        for u in recipients
    ]
    if dry_run or not sent:
        return sent
    text = f"{body.strip()}\n\n{url}\n\n-- \n{SIGNATURE.format(profile=_profile_url())}\n"
    messages = [
        EmailMessage(subject=f"Styringsdialog: {subject}", body=text, to=[u.email])
        for u in recipients
    ]
    with transaction.atomic():
        if key:
            SentNotification.objects.bulk_create(
                [SentNotification(key=key, user=u, kind=kind) for u in recipients],
                ignore_conflicts=True,
            )
        get_connection().send_messages(messages)
    return sent
