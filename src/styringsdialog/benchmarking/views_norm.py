"""The kommune's provisions norm: shown to everyone who may read the kommune, with its source and
history; editable by the kommune's caseworkers and administrators (``services.set_provision_norm``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from styringsdialog.accounts.permissions import can_edit_provision_norm, scope_for
from styringsdialog.benchmarking import services
from styringsdialog.benchmarking.forms import ProvisionNormForm
from styringsdialog.benchmarking.queries import norms
from styringsdialog.registry.queries import get_kommune_for_user


@login_required
@require_http_methods(["GET", "POST"])
def provision_norm(request: HttpRequest, code: str) -> HttpResponse:
    kommune = get_kommune_for_user(request.user, code, write=request.method == "POST")
    current = norms.norm_for(kommune)
    status = 200
    if request.method == "POST":
        form = ProvisionNormForm(request.POST)
        if form.is_valid():
            try:
                services.set_provision_norm(
                    kommune=kommune,
                    norm_per_m2=form.cleaned_data["norm_per_m2"],
                    source=form.cleaned_data["source"],
                    version=form.cleaned_data["version"],
                    by=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, "Normen er gemt. Den bruges i de næste beregninger af nøgletal."
                )
                return redirect("benchmarking:provision_norm", code=kommune.code)
        status = 400
    else:
        form = ProvisionNormForm(
            initial={
                "norm_per_m2": str(current.norm_per_m2).replace(".", ","),
                "source": current.source,
                "version": current.version,
            }
        )
    context = {
        "kommune": kommune,
        "norm": current,
        "history": norms.history(kommune),
        "form": form,
        "can_edit": can_edit_provision_norm(scope_for(request.user), kommune.pk),
    }
    return render(request, "benchmarking/provision_norm.html", context, status=status)
