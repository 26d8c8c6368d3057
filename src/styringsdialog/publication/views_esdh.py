"""Journal facts and the ESDH export of a meeting or a case (issue 16, item 5).

``/moeder/<id>/journal/``, ``/sager/<id>/journal/`` and ``/byggesager/<id>/journal/``: the journal number and KLE (and, for a
case, its private parties) with optimistic locking and history, and the button "Eksportér til
ESDH" (POST) that answers with the ZIP package. Scope as the record's own page with
``write=True``: outsiders 404, readers 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from styringsdialog.accounts.permissions import can_write_meeting, require, scope_for
from styringsdialog.construction.queries import get_construction_case_for_user
from styringsdialog.meetings.queries import (
    get_agreement_for_user,
    get_case_for_user,
    get_meeting_for_user,
)
from styringsdialog.publication.esdh import export_to_file, package_filename
from styringsdialog.records.models import Kind, RecordChange
from styringsdialog.records.queries import record_info
from styringsdialog.records.services import update_record_info

EXPORTABLE = (Kind.MEETING, Kind.CASE, Kind.CONSTRUCTION)


def export_response(kind: str, obj: Any, by: Any) -> FileResponse:
    handle, _ = export_to_file(kind=kind, obj=obj, by=by)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=package_filename(kind, obj),
        content_type="application/zip",
    )
    response["Cache-Control"] = "no-store"
    return response


def _page(
    request: HttpRequest,
    kind: str,
    obj: Any,
    *,
    title: str,
    back: str,
    self_url: str,
) -> HttpResponseBase:
    info = record_info(kind, obj)
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "export" and kind in EXPORTABLE:
                return export_response(kind, obj, request.user)
            if action == "save":
                raw_version = request.POST.get("version", "")
                update_record_info(
                    kind=kind,
                    obj=obj,
                    by=request.user,
                    journal_number=request.POST.get("journal_number", ""),
                    kle=request.POST.get("kle", ""),
                    parties=request.POST.get("parties") if kind == Kind.CASE else None,
                    version=int(raw_version) if raw_version.isdigit() else None,
                )
                messages.success(request, "Journaloplysningerne er gemt.")
                return redirect(self_url)
            errors.append("Ukendt handling.")
        except ValidationError as exc:
            errors.extend(exc.messages)
            info.journal_number = request.POST.get("journal_number", info.journal_number)
            info.kle = request.POST.get("kle", info.kle)
    changes = (
        RecordChange.objects.filter(record_id=info.pk).select_related("by")[:50] if info.pk else []
    )
    context = {
        "kind": kind,
        "obj": obj,
        "info": info,
        "title": title,
        "back": back,
        "errors": errors,
        "changes": changes,
        "with_parties": kind == Kind.CASE,
        "exportable": kind in EXPORTABLE,
    }
    return render(request, "publication/esdh/records.html", context, status=400 if errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_records(request: HttpRequest, pk: int) -> HttpResponseBase:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    return _page(
        request,
        Kind.MEETING,
        meeting,
        title=f"{meeting.meeting_type.name} {meeting.organisation.name}, {meeting.date:%d.%m.%Y}",
        back=reverse("meetings:meeting", args=[meeting.pk]),
        self_url=reverse("publishing:meeting_records", args=[meeting.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_records(request: HttpRequest, pk: int) -> HttpResponseBase:
    case = get_case_for_user(request.user, pk, write=True)
    return _page(
        request,
        Kind.CASE,
        case,
        title=f"Sag: {case.title}",
        back=reverse("meetings:case", args=[case.pk]),
        self_url=reverse("publishing:case_records", args=[case.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_records(request: HttpRequest, pk: int) -> HttpResponseBase:
    """An agreement's journal number and KLE (it is exported with its meeting's referat)."""
    agreement = get_agreement_for_user(request.user, pk, write=True)
    require(
        can_write_meeting(scope_for(request.user), agreement),
        "Kun kommunens sagsbehandlere kan ændre journaloplysningerne.",
    )
    return _page(
        request,
        Kind.AGREEMENT,
        agreement,
        title=f"Aftale: {agreement.text[:60]}",
        back=reverse("meetings:agreement", args=[agreement.pk]),
        self_url=reverse("publishing:agreement_records", args=[agreement.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def construction_records(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A construction case's journal number, KLE and ESDH export (the kommune's rights)."""
    case = get_construction_case_for_user(request.user, pk, write=True)
    return _page(
        request,
        Kind.CONSTRUCTION,
        case,
        title=f"Byggesag: {case.title}",
        back=reverse("construction:case", args=[case.pk]),
        self_url=reverse("publishing:construction_records", args=[case.pk]),
    )
