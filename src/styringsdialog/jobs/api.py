"""Read endpoint for a job's status, scoped like the pages (own jobs; administrators all)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Schema, Status

from styringsdialog.accounts.permissions import can_restart_job, require, scope_for
from styringsdialog.jobs.models import Job
from styringsdialog.jobs.queries import get_job_for_user
from styringsdialog.jobs.services import restart_job
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


@router.post(
    "/jobs/{job_id}/restart",
    response={202: JobOut},
    summary="Start et fejlet baggrundsjob igen",
    description="Køer det samme arbejde igen med de samme valg (beregninger og afstemninger) "
    "som et nyt job; svaret er det nye job med `Location` på dets statusadresse. Kun den, der "
    "må starte den slags job (ellers 403).",
    openapi_extra={
        "responses": {
            202: {
                "description": "Det nye job",
                "headers": {
                    "Location": {
                        "description": "Det nye jobs statusadresse, /api/v1/jobs/{id}",
                        "schema": {"type": "string"},
                    }
                },
            }
        }
    },
)
def job_restart(request: HttpRequest, response: HttpResponse, job_id: ObjectId) -> Status:
    job = get_job_for_user(request.user, job_id)
    require(
        can_restart_job(scope_for(request.user), job.kind),
        "Du kan ikke starte denne type job igen.",
    )
    new_job = restart_job(job=job, by=request.user)
    response["Location"] = reverse("api:job_status", kwargs={"job_id": new_job.pk})
    return Status(202, job_out(new_job))
