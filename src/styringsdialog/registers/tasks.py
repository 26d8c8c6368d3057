"""Reconciliation runs as background jobs: ``start_reconciliation`` queues one, the task calls
the ordinary synchronous service (``services.reconcile.run_reconciliation``) with the snapshots
of the chosen year (or the newest) and reports its progress. The ``reconcile`` CLI keeps calling
the service directly."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django_tasks import task

from styringsdialog.accounts.permissions import can_start_reconciliation, scope_for
from styringsdialog.jobs.models import Job
from styringsdialog.jobs.queries import active_job_for_user
from styringsdialog.jobs.services import JobFailed, Outcome, Progress, run_job, start_job
from styringsdialog.registers.services.reconcile import ReconcileError, run_reconciliation

MIN_YEAR, MAX_YEAR = 2000, 2100


@task()
def run_reconciliation_job(
    job_id: int, result_path: str, year: int | None = None
) -> dict[str, Any]:
    def work(job: Job, progress: Progress) -> Outcome:
        try:
            run = run_reconciliation(by=job.started_by, year=year, progress=progress)
        except ReconcileError as exc:
            raise JobFailed(str(exc)) from exc
        return Outcome(url=result_path, label=f"Se afstemning nr. {run.pk}")

    return run_job(job_id, work)


def start_reconciliation(
    *, by: Any, result_path: str, kommune: Any = None, year: int | None = None
) -> Job:
    """Queue a reconciliation of the LBF, BBR and DST snapshots of ``year`` (None: the newest);
    the finished job links to ``result_path`` (a kommune's reconciliation page). With ``kommune``
    the user must be allowed to start one from that kommune's page (``PermissionDenied``)."""
    scope = scope_for(by)
    if not can_start_reconciliation(scope, getattr(kommune, "pk", None)):
        raise PermissionDenied(
            "Kun administratorer og kommunens sagsbehandlere kan starte en afstemning."
        )
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(f"Året skal ligge mellem {MIN_YEAR} og {MAX_YEAR}.")
    title = "Afstemning af boliger og m² mellem LBF, BBR og Danmarks Statistik"
    return start_job(
        task=run_reconciliation_job,
        kind="reconcile",
        title=f"{title} ({year})" if year else title,
        by=by,
        result_path=result_path,
        year=year,
    )


def start_reconciliation_once(
    *, by: Any, result_path: str, kommune: Any = None, year: int | None = None
) -> tuple[Job, bool]:
    """``start_reconciliation`` unless a reconciliation of the same year (None: the newest
    extracts) is already queued or running as a job ``by`` can see: then that job (the run is
    national, so it covers this kommune too). Returns the job and whether it was started now."""
    scope = scope_for(by)
    if not can_start_reconciliation(scope, getattr(kommune, "pk", None)):
        raise PermissionDenied(
            "Kun administratorer og kommunens sagsbehandlere kan starte en afstemning."
        )
    existing = active_job_for_user(by, "reconcile", year=year)
    if existing is not None:
        return existing, False
    job = start_reconciliation(by=by, result_path=result_path, kommune=kommune, year=year)
    return job, True
