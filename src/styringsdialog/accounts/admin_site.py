"""Django admin for superusers only, with a Danish header.

Configuration happens on the app's own pages (the kommune's "Indstillinger", the national
settings); admin is the superusers' tool for what has no page. Anyone else who is logged in —
also a user with ``is_staff`` but not ``is_superuser`` — gets 404 on every admin page, so admin
does not announce itself; an anonymous visitor is sent to the admin login as usual.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.http import Http404, HttpRequest


class SuperuserAdminSite(admin.AdminSite):
    site_header = "Styringsdialog – administration"
    site_title = "Styringsdialog – administration"
    index_title = "Administration for superbrugere"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_superuser)

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        inner: Callable[..., Any] = super().admin_view(view, cacheable)

        @functools.wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if request.user.is_authenticated and not self.has_permission(request):
                raise Http404("Siden findes ikke.")
            return inner(request, *args, **kwargs)

        return guarded

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        if request.user.is_authenticated and not self.has_permission(request):
            raise Http404("Siden findes ikke.")
        return super().login(request, extra_context)
