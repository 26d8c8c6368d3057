"""Named reads on users: who holds a role for an organisation or a kommune (the recipients of
notifications), and the kinds of e-mail a user receives."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from styringsdialog.accounts.models import (
    ApiToken,
    NotificationKind,
    NotificationOptOut,
    Role,
    User,
)


def organisation_staff(organisation_ids: Iterable[int]) -> QuerySet[User]:
    """Active users with a membership as staff of one of the organisations."""
    return User.objects.filter(
        is_active=True,
        # h16a: staff of an administrationsorganisation work for the organisation too
        memberships__role__in=[Role.ORGANISATION, Role.ADMINISTRATION],
        memberships__organisation_id__in=list(organisation_ids),
    ).distinct()


def kommune_caseworkers(kommune_ids: Iterable[int]) -> QuerySet[User]:
    """Active users with a membership as caseworker in one of the kommuner."""
    return User.objects.filter(
        is_active=True,
        memberships__role=Role.CASEWORKER,
        memberships__kommune_id__in=list(kommune_ids),
    ).distinct()


def enabled_kinds(user: Any) -> list[str]:
    """The kinds of e-mail the user receives (every kind they have not turned off)."""
    off = set(NotificationOptOut.objects.filter(user=user).values_list("kind", flat=True))
    return [k for k in NotificationKind.values if k not in off]


def api_tokens_of(user: Any) -> QuerySet[ApiToken]:
    """The user's own API tokens, newest first (never anyone else's)."""
    return ApiToken.objects.filter(user_id=user.pk or 0).order_by("-created_at", "-pk")


def get_own_api_token(user: Any, token_id: int) -> ApiToken:
    """One of the user's own tokens; another user's token is 404, as if it did not exist."""
    token = api_tokens_of(user).filter(pk=token_id).first()
    if token is None:
        raise Http404("Tokenet findes ikke.")
    return token
