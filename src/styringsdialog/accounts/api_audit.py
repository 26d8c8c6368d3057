"""REST endpoints for the audit log: administrators only (everyone else 403)."""

# No ``from __future__ import annotations`` here: django-ninja resolves the schemas at runtime.
from datetime import date, datetime
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from styringsdialog.accounts.audit_access import build_filter, require_audit_reader
from styringsdialog.audit.exports import MAX_ROWS, export_bytes
from styringsdialog.audit.queries import search_entries
from styringsdialog.lib.api_types import ObjectId, Page, Text

router = Router(tags=["Revisionslog"])


class AuditEntryOut(Schema):
    id: int
    at: datetime
    kind: str
    user_id: int | None
    username: str
    ip: str | None
    method: str
    path: str
    status: int | None
    object_type: str
    object_id: str
    object_label: str
    fields: list[str]
    meeting_id: int | None
    case_id: int | None

    @staticmethod
    def resolve_fields(obj) -> list[str]:
        return [f for f in obj.fields.split(",") if f]


class AuditFilters(Schema):
    q: Text | None = None
    username: Text | None = None
    kind: Literal["view", "download", "create", "change", "delete"] | None = None
    since: date | None = None
    until: date | None = None
    meeting_id: ObjectId | None = None
    case_id: ObjectId | None = None


def _filter(request: HttpRequest, filters: AuditFilters):
    require_audit_reader(request.user)
    return build_filter(
        text=filters.q,
        username=filters.username,
        kind=filters.kind,
        since=filters.since,
        until=filters.until,
        meeting=filters.meeting_id,
        case=filters.case_id,
    )


@router.get(
    "/audit",
    response=list[AuditEntryOut],
    summary="Søg i revisionsloggen",
    description="Hvem har set, hentet, oprettet, ændret eller slettet hvad, nyeste først. "
    "Med `meeting_id` eller `case_id`: alt om ét møde eller én sag (grundlag for aktindsigt). "
    "Kun administratorer (ellers 403).",
)
@paginate(Page)
def audit_search(request: HttpRequest, filters: Query[AuditFilters]):
    return search_entries(_filter(request, filters))


@router.get(
    "/audit/export",
    summary="Eksportér revisionsloggen (CSV eller XLSX)",
    description="Samme filtre som søgningen; danske kolonneoverskrifter. Kun administratorer.",
    openapi_extra={
        "responses": {
            200: {
                "description": "Filen, med filnavnet i Content-Disposition",
                "content": {
                    "text/csv": {"schema": {"type": "string"}},
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                        "schema": {"type": "string", "format": "binary"}
                    },
                },
            }
        }
    },
)
def audit_export(
    request: HttpRequest,
    filters: Query[AuditFilters],
    format: Literal["csv", "xlsx"] = "csv",
) -> HttpResponse:
    entries = search_entries(_filter(request, filters))
    content, content_type = export_bytes(entries[:MAX_ROWS], format)
    response = HttpResponse(content, content_type=content_type)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="revisionslog-{stamp}.{format}"'
    response["Cache-Control"] = "private, no-store"
    return response
