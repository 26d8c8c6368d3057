"""Records who viewed which non-public page or downloaded which non-public file.

One INSERT per authenticated GET/HEAD to a non-public address; nothing at all (no query, not
even the session) for public pages, static files and the health check: the path is checked
against ``AUDIT_PUBLIC_PREFIXES`` before the user is looked at.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from styringsdialog.audit import context
from styringsdialog.audit.models import Kind
from styringsdialog.audit.services import record

# Routes whose <int:pk> is a meeting or a case (the basis of an akteindsigt per meeting or case).
MEETING_ROUTES = ("moeder/<int:pk>/",)
CASE_ROUTES = ("sager/<int:pk>/",)
# API routes whose {case_id} is not a meetings case.
OTHER_CASE_API_ROUTES = ("api/v1/construction/",)


def _is_download(response: HttpResponse) -> bool:
    disposition = response.get("Content-Disposition", "")
    return getattr(response, "streaming", False) or disposition.startswith("attachment")


def _refs(request: HttpRequest) -> dict[str, Any]:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return {}
    kwargs = {k: v for k, v in match.kwargs.items() if isinstance(v, (int, str))}
    route = match.route or ""
    refs: dict[str, Any] = {
        "object_type": (match.view_name or "")[:100],
        "object_id": ",".join(f"{k}={v}" for k, v in sorted(kwargs.items()))[:64],
    }
    pk = kwargs.get("pk")
    if isinstance(pk, int):
        if route.startswith(MEETING_ROUTES):
            refs["meeting_id"] = pk
        elif route.startswith(CASE_ROUTES):
            refs["case_id"] = pk
    # The API's paths name them (/api/v1/meetings/{meeting_id}, /api/v1/cases/{case_id}); the
    # {case_id} of /api/v1/construction/cases/… is a construction case (object_id has it).
    for name in ("meeting_id", "case_id"):
        if name == "case_id" and route.startswith(OTHER_CASE_API_ROUTES):
            continue
        value = str(kwargs.get(name, ""))
        if value.isdigit() and len(value) < 18:
            refs[name] = int(value)
    return refs


class AuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.public = tuple(settings.AUDIT_PUBLIC_PREFIXES)
        self.enabled = settings.AUDIT_LOG_VIEWS

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = context.set_request(request)
        try:
            response = self.get_response(request)
        finally:
            context.reset_request(token)
        if (
            self.enabled
            and request.method in ("GET", "HEAD")
            and not request.path.startswith(self.public)
        ):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                record(
                    kind=Kind.DOWNLOAD if _is_download(response) else Kind.VIEW,
                    user=user,
                    request=request,
                    status=response.status_code,
                    **_refs(request),
                )
        return response
