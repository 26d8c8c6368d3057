""" "Start afstemning": queue a reconciliation run for a chosen year (or the newest snapshots) as
a background job and show its progress page (``jobs:detail``). Administrators, and the
kommune's own caseworkers (``accounts.permissions.can_start_reconciliation``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from styringsdialog.accounts.permissions import can_start_reconciliation, require, scope_for
from styringsdialog.registers.tasks import start_reconciliation
from styringsdialog.registry.queries import get_kommune_for_user


def parse_year(raw: str | None) -> int | None:
    """The chosen year ("" or missing: None); ``ValidationError`` in Danish otherwise."""
    text = (raw or "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise ValidationError(f"'{text[:10]}' er ikke et årstal (fx 2024).")
    return int(text)


@login_required
@require_POST
def start(request: HttpRequest, code: str) -> HttpResponse:
    kommune = get_kommune_for_user(request.user, code)
    require(
        can_start_reconciliation(scope_for(request.user), kommune.pk),
        "Kun administratorer og kommunens sagsbehandlere kan starte en afstemning.",
    )
    page = reverse("registers:afstemning", args=[kommune.code])
    try:
        year = parse_year(request.POST.get("aar"))
        job = start_reconciliation(by=request.user, result_path=page, kommune=kommune, year=year)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(page)
    return redirect("jobs:detail", pk=job.pk)
