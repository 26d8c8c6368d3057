"""Reconciliation runs as background jobs: ``start_reconciliation`` queues one, the task calls
the ordinary synchronous service (``services.reconcile.run_reconciliation``) with the newest
snapshots and reports its progress. The ``reconcile`` CLI keeps calling the service directly."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from styringsdialog.jobs.models import Job
from styringsdialog.jobs.services import JobFailed, Outcome, Progress, run_job, start_job
from styringsdialog.registers.services.reconcile import ReconcileError, run_reconciliation


@task()
def run_reconciliation_job(job_id: int, result_path: str) -> dict[str, Any]:
    def work(job: Job, progress: Progress) -> Outcome:
        try:
            run = run_reconciliation(by=job.started_by, progress=progress)
        except ReconcileError as exc:
            raise JobFailed(str(exc)) from exc
        return Outcome(url=result_path, label=f"Se afstemning nr. {run.pk}")

    return run_job(job_id, work)


def start_reconciliation(*, by: Any, result_path: str) -> Job:
    """Queue a reconciliation of the newest LBF, BBR and DST snapshots; the finished job links
    to ``result_path`` (a kommune's reconciliation page)."""
    return start_job(
        task=run_reconciliation_job,
        kind="reconcile",
        title="Afstemning af boliger og m² mellem LBF, BBR og Danmarks Statistik",
        by=by,
        result_path=result_path,
    )
