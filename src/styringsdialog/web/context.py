"""Template context shared by every page: the user's role and the navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from styringsdialog.accounts.permissions import scope_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    scope = scope_for(getattr(request, "user", None))
    return {"scope": scope}
