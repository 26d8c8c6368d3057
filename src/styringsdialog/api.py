"""The REST API at /api/v1/: one NinjaAPI, routers from each app, one JSON error shape.

Every error, whatever raised it, leaves as::

    {"error": {"status": 404, "code": "not_found", "message": "…", "details": []}}

— also an unknown path under ``/api/`` and a method the path does not have (405) — and every
operation declares these answers in the OpenAPI document (``StyringsdialogAPI.get_openapi_schema``).
HEAD answers every GET operation without the body, and OPTIONS answers 204 with ``Allow``
(``_json_method_not_allowed``).

Authentication: ``Authorization: Bearer <token>`` (``styringsdialog create-token USER``) or the
browser session, which must send the CSRF token on unsafe methods (403 ``csrf_failed``). Failed
bearer tokens are counted per client IP; past ``API_TOKEN_FAILURE_LIMIT`` in
``API_TOKEN_FAILURE_WINDOW`` seconds every bearer request from that IP is refused with 429 and
``Retry-After`` until the window ends. Scope is decided by ``accounts.permissions``.
"""

from __future__ import annotations

import functools
import logging
import math
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Router, Schema, Swagger
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from styringsdialog.accounts.models import ApiToken, hash_token
from styringsdialog.lib.api_types import Year
from styringsdialog.lib.client_ip import client_ip
from styringsdialog.publication.integrity import log_mismatch
from styringsdialog.publication.models import ChecksumMismatchError

logger = logging.getLogger(__name__)

UNSAFE_METHODS = frozenset({"post", "put", "patch", "delete"})


class CsrfFailed(Exception):
    """A session-authenticated unsafe request without a valid CSRF token (or from a foreign
    Origin)."""


# --- Authentication ------------------------------------------------------------------------------


class TokenFailures:
    """Failed bearer tokens per client IP in fixed windows, kept in Django's cache (the default
    cache, or ``store``): with Redis or the database cache (``STYRINGSDIALOG_CACHE_URL``) every
    server process counts on the same counter."""

    prefix = "api-token-failures"

    def __init__(self, store: Any = None):
        self.store = store

    @property
    def cache(self) -> Any:
        return self.store if self.store is not None else cache

    def _window(self) -> tuple[int, float]:
        length = max(1, int(settings.API_TOKEN_FAILURE_WINDOW))
        start = math.floor(time.time() / length) * length
        return length, start

    def _key(self, ip: str, start: float) -> str:
        return f"{self.prefix}:{ip}:{int(start)}"

    def blocked_for(self, ip: str) -> int | None:
        """Seconds until ``ip`` may try again, or None when it is not blocked."""
        length, start = self._window()
        if (self.cache.get(self._key(ip, start)) or 0) < settings.API_TOKEN_FAILURE_LIMIT:
            return None
        return max(1, math.ceil(start + length - time.time()))

    def record(self, ip: str) -> None:
        length, start = self._window()
        key = self._key(ip, start)
        self.cache.add(key, 0, timeout=length + 1)
        try:
            self.cache.incr(key)
        except ValueError:  # expired between add and incr
            self.cache.set(key, 1, timeout=length + 1)


token_failures = TokenFailures()


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        ip = client_ip(request) or "unknown"
        wait = token_failures.blocked_for(ip)
        if wait is not None:
            # Refused before the token is looked up, so a blocked client learns nothing.
            raise Throttled(wait=wait)
        row = None
        if len(token) <= 200:
            row = ApiToken.objects.select_related("user").filter(key_hash=hash_token(token)).first()
        if row is None or not row.user.is_active:
            token_failures.record(ip)
            return None
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        request.user = row.user
        return row.user


class SessionAuth(APIKeyCookie):
    """The Django session. Unsafe methods must carry the CSRF token (``X-CSRFToken`` header or
    ``csrfmiddlewaretoken`` field) and, when the browser sends one, a trusted ``Origin``: the
    same check as Django's ``CsrfViewMiddleware`` on the pages."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None  # no session: the answer is 401, not a CSRF failure
        if (
            self.csrf
            and not getattr(request, "_ninja_csrf_exempt", False)
            and check_csrf(request) is not None
        ):
            raise CsrfFailed()
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if key and user is not None and user.is_authenticated:
            return user
        return None


AUTH = [TokenAuth(), SessionAuth(csrf=True)]


# --- The error shape and its OpenAPI declaration -------------------------------------------------


class ErrorDetail(Schema):
    location: str
    message: str


class ErrorBody(Schema):
    status: int
    code: str
    message: str
    details: list[ErrorDetail]


class ErrorOut(Schema):
    """Every error answer of the API."""

    error: ErrorBody


ERROR_DESCRIPTIONS = {
    400: "Forespørgslens indhold kunne ikke læses (`bad_request`)",
    401: "Ikke logget ind og intet gyldigt API-token (`unauthenticated`)",
    403: "Adgang nægtet: kun læseadgang (`forbidden`), eller CSRF-token mangler ved "
    "sessionslogin (`csrf_failed`)",
    404: "Findes ikke, eller ligger uden for brugerens adgang (`not_found`)",
    409: "I konflikt med objektets tilstand (`conflict`)",
    422: "Ugyldige parametre eller data (`invalid`); `details` peger på feltet",
    429: "For mange mislykkede API-tokens fra denne adresse (`too_many_requests`); se "
    "`Retry-After`",
    500: "Uventet fejl (`server_error`), eller en offentliggjort fil har ændret kontrolsum "
    "(`integrity_error`)",
}


def error_statuses(method: str, operation: dict[str, Any]) -> list[int]:
    """The error answers an operation can give, as its OpenAPI entry declares them."""
    statuses = [404, 422, 500]
    if operation.get("security"):
        # 403 also on reads: an administrator-only read (the audit log) or a kommune's action
        # on an object the user may only read (the ESDH export, journal facts)
        statuses += [401, 403, 429]
    if method in UNSAFE_METHODS:
        statuses += [400, 409]
        if 403 not in statuses:
            statuses.append(403)
    return sorted(statuses)


class StyringsdialogAPI(NinjaAPI):
    """NinjaAPI whose 405s are in the error shape and whose schema declares the errors."""

    def _get_urls(self) -> list[Any]:
        urls = super()._get_urls()
        for pattern in urls:
            if isinstance(pattern, URLPattern):
                pattern.callback = _json_method_not_allowed(pattern.callback)
        return urls

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        defs = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(defs.pop("$defs", {}))
        components["ErrorOut"] = defs
        ref = {"$ref": "#/components/schemas/ErrorOut"}
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                responses = operation.setdefault("responses", {})
                for status in error_statuses(method, operation):
                    entry: dict[str, Any] = {
                        "description": ERROR_DESCRIPTIONS[status],
                        "content": {"application/json": {"schema": ref}},
                    }
                    if status == 429:
                        entry["headers"] = {
                            "Retry-After": {
                                "description": "Sekunder til næste forsøg",
                                "schema": {"type": "integer", "minimum": 1},
                            }
                        }
                    if status not in responses and str(status) not in responses:
                        responses[status] = entry
        return schema


api = StyringsdialogAPI(
    title="Styringsdialog API",
    version="1",
    description="Læse- og skriveadgang til Styringsdialog. Fejl har altid formen "
    '`{"error": {"status", "code", "message", "details"}}`.',
    auth=AUTH,
    urls_namespace="api",
    # Served from the project's static files (``ninja`` in INSTALLED_APPS); no validator badge,
    # which Swagger UI would otherwise fetch from a third-party host.
    docs=Swagger(settings={"validatorUrl": None}),
)


def error_response(
    request: HttpRequest, status: int, code: str, message: str, details: list | None = None
) -> HttpResponse:
    return api.create_response(
        request,
        {"error": {"status": status, "code": code, "message": message, "details": details or []}},
        status=status,
    )


def _allowed(methods: str) -> str:
    """The ``Allow`` header of an operation path: its methods, HEAD beside GET, and OPTIONS."""
    names = [m.strip().upper() for m in methods.split(",") if m.strip()]
    if "GET" in names and "HEAD" not in names:
        names.append("HEAD")
    names.append("OPTIONS")
    order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    return ", ".join(sorted(set(names), key=lambda m: (order.index(m) if m in order else 99, m)))


def _json_method_not_allowed(view: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap an operation path's view: HEAD answers as GET without the body, OPTIONS answers 204
    with ``Allow``, and a method the path does not have is 405 in the error shape."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        method = request.method
        # No operation takes a list in the query string: a repeated parameter is ambiguous (the
        # framework would silently use the last value), so it is refused like any invalid input.
        repeated = sorted(key for key, values in request.GET.lists() if len(values) > 1)
        if repeated:
            return error_response(
                request,
                422,
                "invalid",
                f"Parameteren {repeated[0]} må kun angives én gang i adressen.",
                [
                    {"location": f"query.{key}", "message": "angivet mere end én gang"}
                    for key in repeated
                ],
            )
        if method == "HEAD":
            request.method = "GET"
            try:
                response = view(request, *args, **kwargs)
            finally:
                request.method = method
        else:
            response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = _allowed(response["Allow"])
            if method == "OPTIONS":
                out = HttpResponse(status=204)
            else:
                out = error_response(
                    request,
                    405,
                    "method_not_allowed",
                    f"Metoden {method} findes ikke på denne adresse (tilladt: {allowed}).",
                )
            out["Allow"] = allowed
            response = out
        if method == "HEAD" and not getattr(response, "streaming", False):
            response["Content-Length"] = str(len(response.content))
            response.content = b""
        return response

    return wrapper


@csrf_exempt
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Any path under ``/api/`` that no operation has (mounted last in ``styringsdialog.urls``)."""
    return error_response(
        request,
        404,
        "not_found",
        "Adressen findes ikke i API'et. Se /api/v1/docs for de adresser der findes.",
    )


@api.exception_handler(ChecksumMismatchError)
def _integrity_error(request: HttpRequest, exc: ChecksumMismatchError) -> HttpResponse:
    """A published file changed in the storage since publication: refused, and logged."""
    log_mismatch(exc, request.path)
    response = error_response(
        request,
        500,
        "integrity_error",
        "Referatet kan ikke vises: en gemt fil har ikke længere den kontrolsum (SHA-256), den "
        "havde ved offentliggørelsen. Driften er underrettet.",
    )
    response["Cache-Control"] = "no-store"
    return response


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(request, 404, "not_found", str(exc) or "Findes ikke.")


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(request, 403, "forbidden", str(exc) or "Adgang nægtet.")


@api.exception_handler(CsrfFailed)
def _csrf_failed(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(
        request,
        403,
        "csrf_failed",
        "CSRF-kontrollen fejlede: send CSRF-tokenet i headeren X-CSRFToken fra samme "
        "oprindelse, eller brug et API-token (Authorization: Bearer).",
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(
        request, 401, "unauthenticated", "Log ind eller angiv et gyldigt API-token."
    )


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    wait = max(1, math.ceil(exc.wait or 1))
    response = error_response(
        request,
        429,
        "too_many_requests",
        f"For mange forsøg med ugyldigt API-token fra denne adresse. Prøv igen om {wait} sekunder.",
    )
    response["Retry-After"] = str(wait)
    return response


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
    message = str(exc)
    if exc.status_code == 400:  # django-ninja's own message for a body it cannot parse
        message = (
            "Forespørgslens indhold kunne ikke læses (forventet gyldig JSON eller formulardata)."
        )
    return error_response(request, exc.status_code, codes.get(exc.status_code, "error"), message)


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error")
    return error_response(request, 500, "server_error", "Der opstod en uventet fejl.")


# --- the user's to-do list (the overview page as data; the parts come from each app) -----------

me = Router(tags=["Overblik"])


class TodoItemOut(Schema):
    kind: str
    title: str
    url: str
    organisation: str
    status: str
    deadline: date | None
    late: bool


class YearRowOut(Schema):
    organisation: str
    organisation_name: str
    package_status: str | None
    package_state: str
    package_late: bool
    package_url: str
    meeting_id: int | None
    meeting_date: date | None
    meeting_status: str | None
    referat_status: str | None
    overdue_agreements: int


class KommuneYearOut(Schema):
    code: str
    name: str
    styringsaar: int
    rows: list[YearRowOut]


class TodoOut(Schema):
    today: date
    items: list[TodoItemOut]
    kommuner: list[KommuneYearOut]


@me.get(
    "/me/todo",
    response=TodoOut,
    summary="Mit overblik: det, der venter på mig (pakker, indkaldelser, referater, aftaler), "
    "og for sagsbehandlere året på én side pr. kommune",
)
def my_todo(request: HttpRequest, styringsaar: Year | None = None) -> dict[str, Any]:
    from django.urls import reverse

    from styringsdialog.accounts.permissions import scope_for
    from styringsdialog.intake import todo as intake_todo
    from styringsdialog.intake.queries import kommune_overview
    from styringsdialog.meetings import todo as meetings_todo
    from styringsdialog.registry.queries import own_kommuner

    scope = scope_for(request.user)
    today = timezone.localdate()
    year = styringsaar or today.year
    items = [
        *intake_todo.organisation_todo(scope, today=today),
        *meetings_todo.organisation_todo(scope, today=today),
    ]
    items.sort(key=lambda i: (not i.late, i.deadline or date.max))
    kommuner = []
    for kommune in own_kommuner(scope).order_by("name"):
        overview = kommune_overview(kommune=kommune, scope=scope, styringsaar=year, today=today)
        rows = meetings_todo.year_rows(
            kommune=kommune, styringsaar=year, packages=overview.rows, today=today
        )
        kommuner.append(
            {
                "code": kommune.code,
                "name": kommune.name,
                "styringsaar": year,
                "rows": [
                    {
                        "organisation": r.organisation.number,
                        "organisation_name": r.organisation.name,
                        "package_status": r.package.status if r.package else None,
                        "package_state": r.package_state.label,
                        "package_late": r.package_state.is_late,
                        "package_url": reverse(
                            "intake:package", args=[r.organisation.number, year]
                        ),
                        "meeting_id": r.meeting.pk if r.meeting else None,
                        "meeting_date": r.meeting.date if r.meeting else None,
                        "meeting_status": r.meeting.status if r.meeting else None,
                        "referat_status": r.meeting.referat_status if r.meeting else None,
                        "overdue_agreements": r.overdue_agreements,
                    }
                    for r in rows
                ],
            }
        )
    return {"today": today, "items": [i.as_dict() for i in items], "kommuner": kommuner}


def _add_routers() -> None:
    """Mount every app's router explicitly: a missing or broken api module fails loudly at
    start-up instead of silently removing endpoints from the API and its OpenAPI schema."""
    from styringsdialog.accounts.api import router as accounts
    from styringsdialog.accounts.api_audit import router as audit
    from styringsdialog.anvisning.api import router as anvisning
    from styringsdialog.benchmarking.api import router as benchmarking
    from styringsdialog.benchmarking.api_configuration import router as colour_scales
    from styringsdialog.construction.api import router as construction
    from styringsdialog.intake.api import router as intake
    from styringsdialog.intake.api_configuration import router as national_settings
    from styringsdialog.jobs.api import router as jobs
    from styringsdialog.meetings.api import router as meetings
    from styringsdialog.publication.api import router as publication
    from styringsdialog.registers.api import router as registers
    from styringsdialog.registry.api import router as registry
    from styringsdialog.users.api import router as users  # h16a

    for router in (
        registry,
        intake,
        benchmarking,
        registers,
        meetings,
        anvisning,
        construction,
        publication,
        jobs,
        accounts,
        colour_scales,
        national_settings,
        users,
        me,
        audit,  # h16b
    ):
        api.add_router("/", router)


_add_routers()
