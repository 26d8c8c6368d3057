"""Benchmark runs as background jobs: ``start_benchmark`` queues one, the task calls the
ordinary synchronous service (``services.run_benchmark``) and reports its progress. The
``benchmark`` CLI keeps calling the service directly."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from styringsdialog.benchmarking import services
from styringsdialog.benchmarking.models import BenchmarkRun
from styringsdialog.jobs.models import Job
from styringsdialog.jobs.queries import active_job_for_user
from styringsdialog.jobs.services import JobFailed, Outcome, Progress, run_job, start_job

METHOD_LABELS = dict(BenchmarkRun.Method.choices)


@task()
def run_benchmark_job(job_id: int, year: int, method: str, result_path: str) -> dict[str, Any]:
    def work(job: Job, progress: Progress) -> Outcome:
        try:
            run = services.run_benchmark(
                year=year, method=method, by=job.started_by, progress=progress
            )
        except services.BenchmarkError as exc:
            raise JobFailed(" ".join(exc.errors)) from exc
        # pages take ?aar=; the API keeps its documented ?year=
        param = "year" if result_path.startswith("/api/") else "aar"
        return Outcome(
            url=f"{result_path}?{param}={run.data_year}&method={run.method}",
            label=f"Se beregning nr. {run.pk}",
        )

    return run_job(job_id, work)


def start_benchmark(*, year: int, method: str, by: Any, result_path: str) -> Job:
    """Queue a benchmark run for ``year`` and ``method``; the finished job links to
    ``result_path`` (an efficiency page) showing the new run."""
    return start_job(
        task=run_benchmark_job,
        kind="benchmark",
        title=f"Beregning af effektivitetstal og nøgletal for {year} ({METHOD_LABELS.get(method, method)})",
        by=by,
        year=year,
        method=method,
        result_path=result_path,
    )


def start_benchmark_once(*, year: int, method: str, by: Any, result_path: str) -> tuple[Job, bool]:
    """``start_benchmark`` unless the same run (year and method) is already queued or running
    as a job ``by`` can see: then that job. Returns the job and whether it was started now."""
    existing = active_job_for_user(by, "benchmark", year=year, method=method)
    if existing is not None:
        return existing, False
    return start_benchmark(year=year, method=method, by=by, result_path=result_path), True
