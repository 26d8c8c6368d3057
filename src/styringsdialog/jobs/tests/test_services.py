"""Starting a job, its progress and its outcome (django-tasks' immediate backend)."""

from __future__ import annotations

import logging

import pytest

from styringsdialog.jobs.models import Job
from styringsdialog.jobs.services import UNEXPECTED_ERROR, ProgressReporter, start_job
from styringsdialog.jobs.tests import sample_tasks
from styringsdialog.jobs.tests.sample_tasks import count_to

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_seen():
    sample_tasks.SEEN.clear()


def test_a_started_job_runs_reports_progress_and_links_to_its_result(world):
    user = world.users["analyst"]
    job = start_job(task=count_to, kind="test", title="Tæl til tre", by=user, n=3)
    assert job.status == Job.Status.DONE
    assert job.started_by == user and job.kind == "test" and job.task_id
    assert sample_tasks.SEEN == [
        ("Tæller til 1", 0, 3),
        ("Tæller til 2", 1, 3),
        ("Tæller til 3", 2, 3),
    ]
    assert (job.progress_done, job.progress_total, job.percent) == (3, 3, 100)
    assert (job.result_url, job.result_label) == ("/resultat/3/", "Se de 3 tal")
    assert job.started_at and job.finished_at and job.started_at <= job.finished_at
    assert job.error == ""


def test_a_failure_with_a_danish_message_is_shown_as_it_is(world):
    job = start_job(
        task=count_to,
        kind="test",
        title="Tæl",
        by=world.users["admin"],
        n=3,
        fail_at=1,
        message="Der er ingen regnskabslinjer for 2031; intet er beregnet.",
    )
    assert job.status == Job.Status.FAILED
    assert job.error == "Der er ingen regnskabslinjer for 2031; intet er beregnet."
    assert job.result_url == "" and job.finished_at is not None
    assert job.progress_done == 0  # the first step was reported, the second never started


def test_an_unexpected_error_is_logged_and_shown_as_a_general_danish_message(world, caplog):
    with caplog.at_level(logging.ERROR, logger="styringsdialog.jobs.services"):
        job = start_job(task=count_to, kind="test", title="Tæl", by=None, n=2, fail_at=0)
    assert job.status == Job.Status.FAILED
    assert job.error == UNEXPECTED_ERROR
    assert "internal detail" not in job.error
    assert any(r.exc_info and "internal detail" in str(r.exc_info[1]) for r in caplog.records)
    assert job.started_by is None


def test_progress_writes_are_throttled_but_never_drop_a_new_step_or_the_end(world):
    job = Job.objects.create(kind="test", title="Tæl")
    report = ProgressReporter(job.pk, interval=60)
    report("Indlæser", 0, 100)
    report("Indlæser", 1, 100)  # same step, within the interval: not written
    job.refresh_from_db()
    assert (job.step, job.progress_done) == ("Indlæser", 0)
    report("Beregner", 2, 100)  # a new step is always written
    job.refresh_from_db()
    assert (job.step, job.progress_done) == ("Beregner", 2)
    report("Beregner", 100, 100)  # the end is always written
    job.refresh_from_db()
    assert job.progress_done == 100 and job.percent == 100
