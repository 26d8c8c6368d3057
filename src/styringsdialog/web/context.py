"""Template context shared by every page: the user's role and the navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from styringsdialog.accounts.permissions import scope_for
from styringsdialog.users.queries import user_admin_kommuner


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    scope = scope_for(user)
    context: dict[str, Any] = {"scope": scope}
    # w1a: a kommune administrator's way to "Brugere og roller" (header navigation, home page);
    # one query, only for kommune administrators
    if scope.user_admin_kommune_ids:
        context["user_admin_kommuner"] = user_admin_kommuner(user)
    return context
