"""Writes of the jobs app: start a job, and — from inside the task — report its progress and
its outcome.

A domain app starts work with ``start_job(task=…, kind=…, title=…, by=…, **arguments)``: it
stores a ``Job``, enqueues the task (django-tasks) with ``job_id`` and the arguments, and returns
the job. The task body calls ``run_job(job_id, work)``, where ``work(job, progress)`` calls the
app's ordinary synchronous service and returns an ``Outcome`` (a link to the result). Raise
``JobFailed`` with a Danish message for a failure the user should read; any other exception is
logged and shown as a general Danish error.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from styringsdialog.jobs.models import Job

logger = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]

UNEXPECTED_ERROR = (
    "Der opstod en uventet fejl, og jobbet blev stoppet. Prøv igen; sker det igen, så kontakt "
    "en administrator (fejlen er skrevet i workerens log)."
)


class JobFailed(Exception):
    """The work could not be done; the message is Danish and is shown to the user as it is."""


@dataclass(frozen=True)
class Outcome:
    """What a finished job links to (``url`` may be empty: nothing to show)."""

    url: str = ""
    label: str = ""


def start_job(*, task: Any, kind: str, title: str, by: Any = None, **arguments: Any) -> Job:
    """Store a queued ``Job`` and enqueue ``task(job_id=…, **arguments)``; returns the job.

    ``arguments`` must be JSON values (the database backend stores them). The job and the
    queued task are written in one transaction, so a worker never sees a task without its job.
    """
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind, title=title[:200], started_by=by if getattr(by, "pk", None) else None
        )
        result = task.enqueue(job_id=job.pk, **arguments)
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


class ProgressReporter:
    """``progress(step, done, total)`` for a service: writes the job's step and counts, at most
    every ``interval`` seconds unless the step changes or the work is complete."""

    def __init__(self, job_id: int, interval: float = 0.5):
        self.job_id = job_id
        self.interval = interval
        self._last_write = 0.0
        self._last_step = ""

    def __call__(self, step: str, done: int, total: int) -> None:
        now = time.monotonic()
        if step == self._last_step and done < total and now - self._last_write < self.interval:
            return
        Job.objects.filter(pk=self.job_id).update(
            step=step[:200], progress_done=max(done, 0), progress_total=max(total, 0)
        )
        self._last_write, self._last_step = now, step


def run_job(job_id: int, work: Callable[[Job, Progress], Outcome]) -> dict[str, Any]:
    """Run ``work`` for the job: mark it running, pass it a progress reporter, then store the
    outcome (done) or the Danish error (failed). Returns the task's JSON result.

    A failure is re-raised after it is stored, so the task library records the task as failed
    (with its traceback) as well.
    """
    job = Job.objects.select_related("started_by").get(pk=job_id)
    Job.objects.filter(pk=job_id).update(status=Job.Status.RUNNING, started_at=timezone.now())
    try:
        outcome = work(job, ProgressReporter(job_id))
    except JobFailed as exc:
        _fail(job_id, str(exc) or UNEXPECTED_ERROR)
        raise
    except Exception:
        logger.exception("Job %s (%s) failed", job_id, job.kind)
        _fail(job_id, UNEXPECTED_ERROR)
        raise
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.DONE,
        progress_done=F("progress_total"),
        result_url=outcome.url[:500],
        result_label=outcome.label[:200],
        finished_at=timezone.now(),
    )
    return {"job": job_id, "result_url": outcome.url}


def _fail(job_id: int, message: str) -> None:
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.FAILED, error=message, finished_at=timezone.now()
    )
