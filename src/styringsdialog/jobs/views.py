"""A job's status page, its progress fragment (polled by htmx while the job runs) and the list
of the user's jobs. Scope: ``queries.get_job_for_user`` (own jobs; administrators all)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from styringsdialog.accounts.permissions import can_restart_job, require, scope_for
from styringsdialog.jobs.queries import get_job_for_user, visible_jobs
from styringsdialog.jobs.services import restart_job
from styringsdialog.lib.pagination import paginate

JOBS_PER_PAGE = 50


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for_user(request.user, pk)
    return render(
        request,
        "jobs/job_detail.html",
        {"job": job, "can_restart": can_restart_job(scope_for(request.user), job.kind)},
    )


@login_required
@require_POST
def job_restart(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Start igen": queue a failed job's work again and show the new job's page."""
    job = get_job_for_user(request.user, pk)
    require(
        can_restart_job(scope_for(request.user), job.kind),
        "Du kan ikke starte denne type job igen.",
    )
    try:
        new_job = restart_job(job=job, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("jobs:detail", pk=job.pk)
    return redirect("jobs:detail", pk=new_job.pk)


@login_required
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for_user(request.user, pk)
    return render(request, "jobs/_progress.html", {"job": job})


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, visible_jobs(request.user), JOBS_PER_PAGE)
    return render(request, "jobs/job_list.html", {"page_obj": page})
