"""The REST API at /api/v1/: one NinjaAPI, routers from each app, one JSON error shape.

Every error, whatever raised it, leaves as::

    {"error": {"status": 404, "code": "not_found", "message": "…", "details": []}}

Authentication: the browser session (with CSRF on writes) or ``Authorization: Bearer <token>``
(``styringsdialog create-token USER``). Scope is decided by ``accounts.permissions``.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import APIKeyCookie, HttpBearer

from styringsdialog.accounts.models import ApiToken, hash_token

logger = logging.getLogger(__name__)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        row = ApiToken.objects.select_related("user").filter(key_hash=hash_token(token)).first()
        if row is None or not row.user.is_active:
            return None
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        request.user = row.user
        return row.user


class SessionAuth(APIKeyCookie):
    """Django session; CSRF is checked on unsafe methods."""

    param_name = "sessionid"

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None


AUTH = [TokenAuth(), SessionAuth(csrf=True)]

api = NinjaAPI(
    title="Styringsdialog API",
    version="1",
    description="Læse- og skriveadgang til Styringsdialog. Fejl har altid formen "
    '`{"error": {"status", "code", "message", "details"}}`.',
    auth=AUTH,
    urls_namespace="api",
)


def error_response(
    request: HttpRequest, status: int, code: str, message: str, details: list | None = None
) -> HttpResponse:
    return api.create_response(
        request,
        {"error": {"status": status, "code": code, "message": message, "details": details or []}},
        status=status,
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(request, 404, "not_found", str(exc) or "Findes ikke.")


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(request, 403, "forbidden", str(exc) or "Adgang nægtet.")


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(
        request, 401, "unauthenticated", "Log ind eller angiv et gyldigt API-token."
    )


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = [
        {"location": ".".join(str(p) for p in e.get("loc", [])), "message": e.get("msg", "")}
        for e in exc.errors
    ]
    return error_response(request, 422, "invalid", "Ugyldige data i forespørgslen.", details)


@api.exception_handler(DjangoValidationError)
def _domain_invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    return error_response(request, 422, "invalid", " ".join(exc.messages))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    codes = {
        400: "bad_request",
        401: "unauthenticated",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        409: "conflict",
    }
    return error_response(request, exc.status_code, codes.get(exc.status_code, "error"), str(exc))


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error")
    return error_response(request, 500, "server_error", "Der opstod en uventet fejl.")


def _add_routers() -> None:
    """Mount every app's router explicitly: a missing or broken api module fails loudly at
    start-up instead of silently removing endpoints from the API and its OpenAPI schema."""
    from styringsdialog.benchmarking.api import router as benchmarking
    from styringsdialog.intake.api import router as intake
    from styringsdialog.meetings.api import router as meetings
    from styringsdialog.publication.api import router as publication
    from styringsdialog.registers.api import router as registers
    from styringsdialog.registry.api import router as registry

    for router in (registry, intake, benchmarking, registers, meetings, publication):
        api.add_router("/", router)


_add_routers()
