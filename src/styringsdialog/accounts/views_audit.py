"""The audit log page for administrators: search, and export as CSV or XLSX."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from styringsdialog.accounts.audit_access import build_filter, require_audit_reader
from styringsdialog.audit.exports import MAX_ROWS, export_bytes
from styringsdialog.audit.models import Kind
from styringsdialog.audit.queries import AuditFilter, search_entries
from styringsdialog.lib.pagination import paginate

PER_PAGE = 100


@login_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    require_audit_reader(request.user)
    g = request.GET
    errors: list[str] = []
    try:
        f = build_filter(
            text=g.get("q"),
            username=g.get("bruger"),
            kind=g.get("handling"),
            since=g.get("fra"),
            until=g.get("til"),
            meeting=g.get("moede"),
            case=g.get("sag"),
        )
    except ValidationError as exc:
        errors, f = exc.messages, AuditFilter()
    entries = search_entries(f)
    fmt = g.get("format", "")
    if fmt in ("csv", "xlsx") and not errors:
        content, content_type = export_bytes(entries[:MAX_ROWS], fmt)
        response = HttpResponse(content, content_type=content_type)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        scope = f"-moede-{f.meeting_id}" if f.meeting_id else ""
        scope += f"-sag-{f.case_id}" if f.case_id else ""
        response["Content-Disposition"] = (
            f'attachment; filename="revisionslog{scope}-{stamp}.{fmt}"'
        )
        response["Cache-Control"] = "private, no-store"
        return response
    page = paginate(request, entries, PER_PAGE, param="side")
    query = g.copy()
    query.pop("side", None)
    query.pop("format", None)
    return render(
        request,
        "accounts/audit_log.html",
        {
            "page": page,
            "kinds": Kind.choices,
            "f": g,
            "errors": errors,
            "query": query.urlencode(),
        },
        status=400 if errors else 200,
    )
