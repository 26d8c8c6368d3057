""" "Start beregning": queue a benchmark run as a background job and show its progress page
(``jobs:detail``). Administrators, sector analysts and caseworkers (``accounts.permissions``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from styringsdialog.accounts.permissions import can_start_benchmark, require, scope_for
from styringsdialog.benchmarking.forms import StartRunForm
from styringsdialog.benchmarking.queries.inputs import accounting_years
from styringsdialog.benchmarking.tasks import start_benchmark
from styringsdialog.lib.paths import local_path


@login_required
@require_POST
def start_run(request: HttpRequest) -> HttpResponse:
    require(
        can_start_benchmark(scope_for(request.user)),
        "Kun administratorer, sektoranalytikere og kommunernes sagsbehandlere kan starte en beregning.",
    )
    back = local_path(request, request.POST.get("next", ""), reverse("web:home"))
    form = StartRunForm(request.POST, years=accounting_years())
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(back)
    job = start_benchmark(
        year=form.cleaned_data["year"],
        method=form.cleaned_data["method"],
        by=request.user,
        result_path=back,
    )
    return redirect("jobs:detail", pk=job.pk)
