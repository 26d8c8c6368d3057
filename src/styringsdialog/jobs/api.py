"""Read endpoint for a job's status, scoped like the pages (own jobs; administrators all)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from styringsdialog.jobs.models import Job
from styringsdialog.jobs.queries import get_job_for_user
from styringsdialog.lib.api_types import ObjectId

router = Router(tags=["Baggrundsjob"])


class ProgressOut(Schema):
    done: int
    total: int
    percent: int | None
    step: str


class JobOut(Schema):
    id: int
    kind: str
    title: str
    status: str
    status_label: str
    progress: ProgressOut
    result_url: str
    result_label: str
    error: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


def job_out(job: Job) -> dict:
    return {
        "id": job.pk,
        "kind": job.kind,
        "title": job.title,
        "status": job.status,
        "status_label": job.get_status_display(),
        "progress": {
            "done": job.progress_done,
            "total": job.progress_total,
            "percent": job.percent,
            "step": job.step,
        },
        "result_url": job.result_url,
        "result_label": job.result_label,
        "error": job.error,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
    }


@router.get("/jobs/{job_id}", response=JobOut, summary="Et baggrundsjobs status")
def job_status(request: HttpRequest, job_id: ObjectId) -> dict:
    return job_out(get_job_for_user(request.user, job_id))
