"""Writes of the jobs app: start a job, and — from inside the task — report its progress and
its outcome.

A domain app starts work with ``start_job(task=…, kind=…, title=…, by=…, **arguments)``: it
stores a ``Job``, enqueues the task (django-tasks) with ``job_id`` and the arguments, and returns
the job. The task body calls ``run_job(job_id, work)``, where ``work(job, progress)`` calls the
app's ordinary synchronous service and returns an ``Outcome`` (a link to the result). Raise
``JobFailed`` with a Danish message for a failure the user should read; any other exception is
logged and shown as a general Danish error.

While the work runs, a heartbeat thread writes ``Job.heartbeat_at`` every
``JOBS_HEARTBEAT_INTERVAL`` seconds. ``recover_stale_jobs`` (run by the worker when it starts and
periodically, and by ``styringsdialog jobs recover``) fails the running jobs whose heartbeat is
older than ``JOBS_STALE_AFTER``: their worker was killed. ``restart_job`` queues a failed job's
work again with the same arguments.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connections, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from styringsdialog.jobs.models import Job

logger = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]

UNEXPECTED_ERROR = (
    "Der opstod en uventet fejl, og jobbet blev stoppet. Prøv igen; sker det igen, så kontakt "
    "en administrator (fejlen er skrevet i workerens log)."
)
STALE_ERROR = "Afbrudt: baggrundsworkeren stoppede under kørslen. Start jobbet igen."


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
            kind=kind,
            title=title[:200],
            started_by=by if getattr(by, "pk", None) else None,
            task_path=str(getattr(task, "module_path", ""))[:200],
            arguments=arguments,
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
            step=step[:200],
            progress_done=max(done, 0),
            progress_total=max(total, 0),
            heartbeat_at=timezone.now(),
        )
        self._last_write, self._last_step = now, step


def run_job(job_id: int, work: Callable[[Job, Progress], Outcome]) -> dict[str, Any]:
    """Run ``work`` for the job: mark it running, pass it a progress reporter, then store the
    outcome (done) or the Danish error (failed). Returns the task's JSON result.

    A failure is re-raised after it is stored, so the task library records the task as failed
    (with its traceback) as well.
    """
    job = Job.objects.select_related("started_by").get(pk=job_id)
    now = timezone.now()
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.RUNNING, started_at=now, heartbeat_at=now
    )
    try:
        with Heartbeat(job_id, settings.JOBS_HEARTBEAT_INTERVAL):
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


class Heartbeat:
    """A daemon thread that writes the job's ``heartbeat_at`` every ``interval`` seconds while
    the work runs, also when the service reports no progress. It writes nothing before the
    first interval has passed (``run_job`` writes the first beat itself), so short jobs never
    start a second database connection."""

    def __init__(self, job_id: int, interval: float):
        self.job_id = job_id
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._beat, name=f"job-{job_id}-heartbeat", daemon=True
        )

    def __enter__(self) -> Heartbeat:
        if self.interval > 0:
            self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _beat(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                try:
                    Job.objects.filter(pk=self.job_id, status=Job.Status.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except DatabaseError:  # a locked SQLite file, a lost connection: try again
                    logger.warning("Job %s: heartbeat not written", self.job_id, exc_info=True)
        finally:
            connections.close_all()  # this thread's own connections only


def stale_jobs(*, now: datetime, older_than: timedelta) -> Any:
    """Running jobs whose last sign of life (heartbeat, else start) is older than ``older_than``."""
    cutoff = now - older_than
    return Job.objects.filter(status=Job.Status.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff)
        | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
        | Q(heartbeat_at__isnull=True, started_at__isnull=True, created_at__lt=cutoff)
    )


def recover_stale_jobs(*, older_than: timedelta | None = None) -> list[int]:
    """Fail the running jobs whose worker stopped (no heartbeat for ``older_than``, default
    ``JOBS_STALE_AFTER`` seconds) with ``STALE_ERROR``, and mark the task library's rows failed
    too, so no worker picks the work up half-done. Returns the ids of the jobs failed."""
    limit = older_than if older_than is not None else timedelta(seconds=settings.JOBS_STALE_AFTER)
    if limit.total_seconds() <= 0:
        raise ValidationError("Grænsen for et stoppet job skal være et positivt antal sekunder.")
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            stale_jobs(now=now, older_than=limit)
            .select_for_update(skip_locked=True)
            .values_list("pk", "task_id")
        )
        if not rows:
            return []
        job_ids = [pk for pk, _ in rows]
        Job.objects.filter(pk__in=job_ids, status=Job.Status.RUNNING).update(
            status=Job.Status.FAILED, error=STALE_ERROR, finished_at=now
        )
        task_ids = [task_id for _, task_id in rows if _is_uuid(task_id)]
        DBTaskResult.objects.filter(id__in=task_ids, status__in=["RUNNING", "READY"]).update(
            status="FAILED",
            finished_at=now,
            exception_class_path="styringsdialog.jobs.services.WorkerStopped",
            traceback=STALE_ERROR,
            return_value=None,
        )
    for job_id in job_ids:
        logger.warning("Job %s failed: its worker stopped (no heartbeat for %s)", job_id, limit)
    return job_ids


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def restart_job(*, job: Job, by: Any) -> Job:
    """Queue a failed job's work again, with the same arguments, as a new job started by ``by``.

    The caller checks that ``by`` may start this kind of work
    (``accounts.permissions.can_restart_job``)."""
    if job.status != Job.Status.FAILED:
        raise ValidationError("Kun et job, der er fejlet eller afbrudt, kan startes igen.")
    try:
        task = import_string(job.task_path) if job.task_path else None
    except ImportError:
        task = None
    if task is None or not hasattr(task, "enqueue"):
        raise ValidationError(
            "Jobbet kan ikke startes igen herfra; start det, hvor det blev startet."
        )
    return start_job(task=task, kind=job.kind, title=job.title, by=by, **job.arguments)
