"""Named reads: the scoped lookups behind the job pages and the API (rule:
``accounts.permissions.job_filter``)."""

from __future__ import annotations

from typing import Any

from styringsdialog.accounts.permissions import job_filter, not_found, scope_for
from styringsdialog.jobs.models import Job
from styringsdialog.jobs.querysets import JobQuerySet


def visible_jobs(user: Any) -> JobQuerySet:
    """The jobs ``user`` may see, newest first."""
    return Job.objects.for_display().filter(job_filter(scope_for(user), getattr(user, "pk", None)))


def get_job_for_user(user: Any, pk: int) -> Job:
    """One job, or 404 when it does not exist or is someone else's."""
    job = visible_jobs(user).filter(pk=pk).first()
    if job is None:
        not_found("Jobbet findes ikke, eller du har ikke adgang til det.")
    return job


def active_job_for_user(user: Any, kind: str, **arguments: Any) -> Job | None:
    """The newest queued or running job of ``kind`` that ``user`` may see and whose stored
    arguments include ``arguments`` (the same work already on its way), or None."""
    qs = visible_jobs(user).active().filter(kind=kind)
    for name, value in arguments.items():
        qs = qs.filter(**{f"arguments__{name}": value})
    return qs.order_by("-created_at", "-pk").first()
