"""A task for the jobs tests: counts to ``n``, reporting each step, and can fail on the way."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from styringsdialog.jobs.models import Job
from styringsdialog.jobs.services import JobFailed, Outcome, Progress, run_job

SEEN: list[tuple[str, int, int]] = []
"""(step, done, total) as the job row stood after each progress call."""


@task()
def count_to(job_id: int, n: int, fail_at: int | None = None, message: str = "") -> dict[str, Any]:
    def work(job: Job, progress: Progress) -> Outcome:
        for i in range(n):
            if i == fail_at:
                if message:
                    raise JobFailed(message)
                raise RuntimeError("internal detail that must not reach the user")
            progress(f"Tæller til {i + 1}", i, n)
            row = Job.objects.get(pk=job_id)
            SEEN.append((row.step, row.progress_done, row.progress_total))
        return Outcome(url=f"/resultat/{n}/", label=f"Se de {n} tal")

    return run_job(job_id, work)


@task()
def sleep_for(job_id: int, seconds: float) -> dict[str, Any]:
    """Reports one step, then sleeps without reporting (the heartbeat thread keeps beating)."""
    import time

    def work(job: Job, progress: Progress) -> Outcome:
        progress("Sover", 0, 1)
        time.sleep(seconds)
        return Outcome()

    return run_job(job_id, work)
