""" "Start afstemning": queue a reconciliation run as a background job and show its progress
page (``jobs:detail``). Administrators only (``accounts.permissions``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from styringsdialog.accounts.permissions import can_start_reconciliation, require, scope_for
from styringsdialog.registers.tasks import start_reconciliation
from styringsdialog.registry.queries import get_kommune_for_user


@login_required
@require_POST
def start(request: HttpRequest, code: str) -> HttpResponse:
    kommune = get_kommune_for_user(request.user, code)
    require(
        can_start_reconciliation(scope_for(request.user)),
        "Kun administratorer kan starte en afstemning.",
    )
    job = start_reconciliation(
        by=request.user, result_path=reverse("registers:afstemning", args=[kommune.code])
    )
    return redirect("jobs:detail", pk=job.pk)
