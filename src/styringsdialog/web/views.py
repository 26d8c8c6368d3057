"""Landing page, the logged-in overview and Danish error pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from styringsdialog.accounts.permissions import scope_for
from styringsdialog.registry.queries import (
    own_kommuner,
    own_organisations,
    visible_kommuner,
    visible_organisations,
)


def home(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not scope.authenticated:
        return render(request, "web/landing.html")
    context = {
        "kommuner": own_kommuner(scope),
        "organisations": own_organisations(scope),
        "all_kommuner": visible_kommuner(scope) if scope.national else [],
    }
    if not scope.national and not scope.kommune_ids:
        context["organisations"] = visible_organisations(scope)
    return render(request, "web/home.html", context)


def _error(request: HttpRequest, exception: Exception | None, status: int) -> HttpResponse:
    message = (
        str(exception)
        if exception and str(exception) and not str(exception).startswith("{")
        else ""
    )
    return render(request, f"{status}.html", {"exception_message": message}, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error(request, exception, 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error(request, exception, 403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    # Django's resolver messages are technical; only pass on messages we wrote ourselves.
    text = str(exception)
    friendly = (
        exception if text.endswith(".") and "Resolver" not in text and "path" not in text else None
    )
    return _error(request, friendly, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
