"""Jobs and the user's own settings that existed before the table."""

from __future__ import annotations

from tests.api.operations import Ctx, Op

CW = "caseworker_ballerup"


def _failed_benchmark(c: Ctx) -> None:
    from styringsdialog.jobs.models import Job

    job = Job.objects.create(
        kind="benchmark",
        title="Effektivitetstal",
        started_by=c.user(CW),
        status=Job.Status.FAILED,
        error="stale",
        task_path="styringsdialog.jobs.tests.sample_tasks.count_to",
        arguments={"n": 2},
    )
    c.extra["job"] = job.pk


def _job(c: Ctx) -> None:
    from styringsdialog.jobs.models import Job

    job = Job.objects.create(
        kind="reconcile",
        title="Afstemning",
        started_by=c.user(CW),
        status=Job.Status.FAILED,
        error="stale",
        task_path="styringsdialog.jobs.tests.sample_tasks.count_to",
        arguments={"n": 2},
    )
    c.extra["job"] = job.pk


OPERATIONS: list[Op] = [
    Op(
        "get",
        "/api/v1/jobs/{job_id}",
        owner=CW,
        outsider="caseworker_kbh",
        prepare=_job,
        params=lambda c: {"job_id": c.extra["job"]},
    ),
    Op(
        "post",
        "/api/v1/jobs/{job_id}/restart",
        owner=CW,
        outsider="caseworker_kbh",
        prepare=_failed_benchmark,
        params=lambda c: {"job_id": c.extra["job"]},
        expect=202,
    ),
    Op("get", "/api/v1/me/notifications", owner=CW, outsider=None, note="own settings"),
    Op(
        "put",
        "/api/v1/me/notifications",
        owner=CW,
        outsider=None,
        body=lambda c: {"enabled": []},
        note="own settings",
    ),
    Op("get", "/api/v1/me/todo", owner=CW, outsider=None, note="own list"),
]
