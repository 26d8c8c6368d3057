"""A job's status page, its progress fragment (polled by htmx while the job runs) and the list
of the user's jobs. Scope: ``queries.get_job_for_user`` (own jobs; administrators all)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from styringsdialog.jobs.queries import get_job_for_user, visible_jobs
from styringsdialog.lib.pagination import paginate

JOBS_PER_PAGE = 50


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for_user(request.user, pk)
    return render(request, "jobs/job_detail.html", {"job": job})


@login_required
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for_user(request.user, pk)
    return render(request, "jobs/_progress.html", {"job": job})


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, visible_jobs(request.user), JOBS_PER_PAGE)
    return render(request, "jobs/job_list.html", {"page_obj": page})
