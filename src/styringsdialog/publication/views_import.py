"""The review pages of the history import (C13): upload referat files, review each proposal
beside the text read from the file, correct it and confirm.

``/kommune/<code>/referater/import/`` takes one or many files (each is read and kept by its
sha256 until confirmed); ``…/import/<sha256>/`` shows one proposal as a form beside the source
text and, on "Importér", stores it with ``history_import.import_referat`` (the same service as the
CLI and the API). Caseworkers of the kommune only: others get 404 (the kommune is not theirs to
see) or 403.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from styringsdialog.accounts.permissions import can_import_referater, require, scope_for
from styringsdialog.meetings.models import ResponsibleSide, Side
from styringsdialog.publication import history_import
from styringsdialog.publication.models import ImportedReferat, PublishedReferat
from styringsdialog.registry.models import Kommune
from styringsdialog.registry.queries import get_kommune_for_user

MAX_FILES = 50
EXTRA_ROWS = 2  # empty rows to add an item, participant or agreement
SHA = re.compile(r"^[0-9a-f]{64}$")


def _kommune(request: HttpRequest, code: str) -> Kommune:
    kommune = get_kommune_for_user(request.user, code)
    require(
        can_import_referater(scope_for(request.user), kommune.pk),
        "Kun kommunens sagsbehandlere kan importere referater.",
    )
    return kommune


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, code: str) -> HttpResponse:
    kommune = _kommune(request, code)
    results: list[dict[str, Any]] = []
    errors: list[str] = []
    if request.method == "POST":
        files = request.FILES.getlist("files")
        if not files:
            errors.append("Vælg en eller flere referatfiler.")
        elif len(files) > MAX_FILES:
            errors.append(f"Vælg højst {MAX_FILES} filer ad gangen.")
        else:
            context = history_import.ImportContext.of(kommune)
            for f in files:
                name = (f.name or "referat")[-200:]
                if f.size and f.size > history_import.MAX_FILE_BYTES:
                    results.append({"name": name, "error": "Filen er for stor; grænsen er 25 MB."})
                    continue
                data = f.read()
                try:
                    proposal = history_import.propose(
                        kommune=kommune, data=data, filename=name, context=context
                    )
                except ValidationError as exc:
                    results.append({"name": name, "error": " ".join(exc.messages)})
                    continue
                sha = history_import.stage_upload(data, name)
                results.append(
                    {
                        "name": name,
                        "proposal": proposal,
                        "url": reverse("publishing:import_review", args=[kommune.code, sha])
                        + f"?fil={name}",
                    }
                )
    imported = (
        ImportedReferat.objects.filter(kommune=kommune)
        .select_related("meeting__organisation")
        .order_by("-imported_at")[:20]
    )
    status = 400 if errors else 200
    return render(
        request,
        "publication/internal/import_upload.html",
        {"kommune": kommune, "results": results, "errors": errors, "imported": imported},
        status=status,
    )


def _numbered(proposal: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for item in proposal["items"]:
        rows.append({**item, "level": 0})
        rows += [{**child, "level": 1} for child in item["children"]]
    return rows


def _field(post: Any, prefix: str, n: int) -> Any:
    def get(name: str) -> str:
        return str(post.get(f"{prefix}-{n}-{name}") or "").strip()

    return get


def proposal_from_post(post: Any, base: dict[str, Any]) -> dict[str, Any]:
    """The corrected proposal from the review form (rows ``item-N-…``, ``participant-N-…``,
    ``agreement-N-…``, ``department-N``); a row with an empty title, name or text, or with its
    "Fjern" box ticked, is left out. A sub-item's number is "<parent>.<letter or number>"."""

    def rows(prefix: str) -> list[int]:
        found = {int(m.group(1)) for k in post for m in [re.match(rf"{prefix}-(\d+)-", k)] if m}
        return sorted(n for n in found if n < 1000)

    items: list[dict[str, Any]] = []
    for n in rows("item"):
        get = _field(post, "item", n)
        if get("delete") or not get("title"):
            continue
        entry = {
            "number": get("number"),
            "title": get("title"),
            "text": get("text").replace("\r\n", "\n"),
            "decision": get("decision").replace("\r\n", "\n") or None,
            "children": [],
        }
        parent = entry["number"].rsplit(".", 1)[0] if "." in entry["number"] else ""
        owner = next((i for i in reversed(items) if parent and i["number"] == parent), None)
        (owner["children"] if owner else items).append(entry)
    participants = []
    for n in rows("participant"):
        get = _field(post, "participant", n)
        if get("delete") or not get("name"):
            continue
        participants.append(
            {
                "name": get("name"),
                "side": get("side") or None,
                "role": get("role") or None,
                "user": get("user") or None,
            }
        )
    agreements = []
    for n in rows("agreement"):
        get = _field(post, "agreement", n)
        if get("delete") or not get("text"):
            continue
        agreements.append(
            {
                "text": get("text"),
                "owner": get("owner") or None,
                "owner_name": get("owner_name") or None,
                "deadline": get("deadline") or None,
                "item": get("item") or None,
            }
        )
    departments = []
    for n, mention in enumerate(base.get("departments") or []):
        departments.append(
            {**mention, "department": (post.get(f"department-{n}") or "").strip() or None}
        )
    return {
        **base,
        "meeting_date": (post.get("meeting_date") or "").strip() or None,
        "start_time": (post.get("start_time") or "").strip() or None,
        "organisation": (post.get("organisation") or "").strip() or None,
        "items": items,
        "participants": participants,
        "agreements": agreements,
        "departments": departments,
    }


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, code: str, sha256: str) -> HttpResponse:
    kommune = _kommune(request, code)
    name = (request.POST.get("fil") or request.GET.get("fil") or "referat")[-200:]
    data = history_import.uploaded_file(kommune, sha256, name) if SHA.match(sha256) else None
    if data is None:
        raise Http404("Filen findes ikke; upload den igen.")
    context_ = history_import.ImportContext.of(kommune)
    try:
        proposal = history_import.propose(
            kommune=kommune, data=data, filename=name, context=context_, source=True
        )
    except ValidationError as exc:  # pragma: no cover - it was readable when uploaded
        raise Http404(" ".join(exc.messages)) from exc
    errors: list[str] = []
    if request.method == "POST":
        corrected = proposal_from_post(request.POST, proposal)
        try:
            result = history_import.import_referat(
                kommune=kommune,
                proposal=corrected,
                data=data,
                filename=name,
                by=request.user,
                context=context_,
            )
        except ValidationError as exc:
            errors = exc.messages
            proposal = corrected
        else:
            if result.created:
                messages.success(
                    request,
                    f"Referatet er importeret som dialogmødet {result.meeting.date:%d.%m.%Y}.",
                )
            else:
                messages.info(request, "Filen var allerede importeret; intet nyt er oprettet.")
            published = PublishedReferat.objects.filter(meeting=result.meeting).first()
            return redirect(
                published.get_absolute_url()
                if published
                else reverse("publishing:import", args=[kommune.code])
            )
    item_numbers = [row["number"] for row in _numbered(proposal) if row["number"]]
    context = {
        "kommune": kommune,
        "name": name,
        "sha256": sha256,
        "proposal": proposal,
        "items": _numbered(proposal)
        + [{"number": "", "title": "", "text": "", "decision": "", "level": 0}] * EXTRA_ROWS,
        "participants": proposal["participants"]
        + [{"name": "", "side": None, "role": "", "user": None}] * EXTRA_ROWS,
        "agreements": proposal["agreements"]
        + [{"text": "", "owner": None, "owner_name": "", "deadline": None, "item": None}]
        * EXTRA_ROWS,
        "item_numbers": item_numbers,
        "organisations": context_.organisations.values(),
        "departments": sorted(
            (key, dep)
            for key, dep in context_.departments.items()
            if not proposal.get("organisation") or key.startswith(f"{proposal['organisation']}-")
        ),
        "sides": [(v, label) for v, label in Side.choices],
        "owners": [(v, label) for v, label in ResponsibleSide.choices],
        "errors": errors,
    }
    return render(
        request, "publication/internal/import_review.html", context, status=400 if errors else 200
    )
