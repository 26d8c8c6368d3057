"""A job whose worker was killed hard does not stay "I gang": the heartbeat goes quiet, recovery
fails the job (and the task library's row) with a Danish message, and "Start igen" queues the
same work again for someone who may start it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from styringsdialog.jobs.models import Job
from styringsdialog.jobs.services import STALE_ERROR, recover_stale_jobs, start_job
from styringsdialog.jobs.tests import sample_tasks

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
CLI = str(Path(sys.executable).with_name("styringsdialog"))
COUNT_TO = "styringsdialog.jobs.tests.sample_tasks.count_to"


def running_job(*, heartbeat_age: timedelta, kind: str = "benchmark", by=None) -> Job:
    """A job the database backend queued and a worker claimed, last heard of ``heartbeat_age``
    ago."""
    job = start_job(task=sample_tasks.count_to, kind=kind, title="Tæl", by=by, n=2)
    beat = timezone.now() - heartbeat_age
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, started_at=beat, heartbeat_at=beat
    )
    DBTaskResult.objects.filter(id=job.task_id).update(status="RUNNING", started_at=beat)
    job.refresh_from_db()
    return job


@pytest.mark.django_db
def test_recovery_fails_a_running_job_without_heartbeat_and_its_task_row(settings):
    settings.TASKS = DATABASE_TASKS
    stale = running_job(heartbeat_age=timedelta(minutes=10))
    alive = running_job(heartbeat_age=timedelta(seconds=5))

    assert recover_stale_jobs(older_than=timedelta(minutes=5)) == [stale.pk]

    stale.refresh_from_db()
    alive.refresh_from_db()
    assert (stale.status, stale.error) == (Job.Status.FAILED, STALE_ERROR)
    assert stale.finished_at is not None
    assert alive.status == Job.Status.RUNNING and alive.error == ""
    task_row = DBTaskResult.objects.get(id=stale.task_id)
    assert task_row.status == "FAILED" and task_row.finished_at is not None
    assert DBTaskResult.objects.get(id=alive.task_id).status == "RUNNING"
    # Nothing is left for a worker to pick up half-done.
    assert not DBTaskResult.objects.ready().exists()
    assert recover_stale_jobs(older_than=timedelta(minutes=5)) == []


@pytest.mark.django_db
def test_the_default_limit_is_the_setting(settings):
    settings.TASKS = DATABASE_TASKS
    settings.JOBS_STALE_AFTER = 60
    old = running_job(heartbeat_age=timedelta(seconds=61))
    young = running_job(heartbeat_age=timedelta(seconds=30))
    assert recover_stale_jobs() == [old.pk]
    young.refresh_from_db()
    assert young.status == Job.Status.RUNNING


@pytest.mark.django_db
def test_a_queued_or_finished_job_is_never_recovered(settings):
    settings.TASKS = DATABASE_TASKS
    queued = start_job(task=sample_tasks.count_to, kind="benchmark", title="Tæl", n=2)
    Job.objects.filter(pk=queued.pk).update(created_at=timezone.now() - timedelta(days=1))
    assert recover_stale_jobs(older_than=timedelta(seconds=1)) == []


@pytest.mark.django_db
def test_run_job_writes_a_heartbeat_at_start_and_with_progress(immediate_tasks):
    job = start_job(task=sample_tasks.count_to, kind="benchmark", title="Tæl", n=3)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.heartbeat_at is not None
    assert job.task_path == COUNT_TO and job.arguments == {"n": 3}


def test_the_heartbeat_thread_beats_while_the_work_is_silent(monkeypatch):
    from styringsdialog.jobs import services

    beats: list[int] = []

    class Rows:
        def filter(self, **kwargs):
            return self

        def update(self, **kwargs):
            beats.append(1)

    monkeypatch.setattr(services.Job, "objects", Rows())
    monkeypatch.setattr(services.connections, "close_all", lambda: None)
    with services.Heartbeat(1, 0.05):
        time.sleep(0.3)
    count = len(beats)
    time.sleep(0.15)
    assert count >= 3 and len(beats) == count  # stops with the work


@pytest.mark.django_db
def test_jobs_recover_command_prints_json(settings):
    settings.TASKS = DATABASE_TASKS
    stale = running_job(heartbeat_age=timedelta(hours=1))
    out = StringIO()
    call_command("jobs", "recover", "--older-than", "600", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"recovered": [stale.pk], "older_than_seconds": 600}
    out = StringIO()
    call_command("jobs", "recover", stdout=out)
    assert out.getvalue().startswith("Ingen job uden livstegn i mere end 300 sekunder")


def test_jobs_recover_rejects_a_bad_limit_without_a_traceback():
    result = subprocess.run(
        [CLI, "jobs", "recover", "--older-than", "nul"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "positivt antal sekunder" in result.stderr and "Traceback" not in result.stderr


# transaction=True: the worker closes and reopens connections, as it does in production.
@pytest.mark.django_db(transaction=True)
def test_the_worker_recovers_stale_jobs_when_it_starts(settings):
    settings.TASKS = DATABASE_TASKS
    stale = running_job(heartbeat_age=timedelta(hours=1))
    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)
    stale.refresh_from_db()
    assert stale.status == Job.Status.FAILED and stale.error == STALE_ERROR


# --- "Start igen" -----------------------------------------------------------------------------


def failed_job(user, kind: str = "benchmark") -> Job:
    return Job.objects.create(
        kind=kind,
        title="Tæl igen",
        started_by=user,
        status=Job.Status.FAILED,
        error=STALE_ERROR,
        task_path=COUNT_TO,
        arguments={"n": 2},
    )


@pytest.mark.django_db
def test_start_igen_queues_the_same_work_again_for_someone_who_may_start_it(
    world, client_for, immediate_tasks
):
    analyst = world.users["analyst"]
    job = failed_job(analyst)
    client = client_for(analyst)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Start igen" in page

    response = client.post(reverse("jobs:restart", args=[job.pk]))

    new_job = Job.objects.exclude(pk=job.pk).get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "jobs:detail", args=[new_job.pk]
    )
    assert (new_job.kind, new_job.title, new_job.arguments) == ("benchmark", "Tæl igen", {"n": 2})
    assert new_job.started_by == analyst and new_job.status == Job.Status.DONE
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED  # the old job stays as history


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "kind", "status"),
    [
        ("caseworker_kbh", "benchmark", 404),  # someone else's job
        ("almenbo_staff", "benchmark", 403),  # own job, may not start benchmarks
        ("analyst", "reconcile", 403),  # own job, administrators and caseworkers reconcile
        ("admin", "email", 403),  # e-mails are not restarted from here
    ],
)
def test_start_igen_scope(world, client_for, immediate_tasks, persona, kind, status):
    owner = world.users["caseworker_ballerup" if persona == "caseworker_kbh" else persona]
    job = failed_job(owner, kind)
    client = client_for(world.users[persona])
    assert client.post(reverse("jobs:restart", args=[job.pk])).status_code == status
    assert client.post(f"/api/v1/jobs/{job.pk}/restart").status_code == status
    if status == 403:
        page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
        assert "Start igen" not in page
    assert Job.objects.count() == 1


@pytest.mark.django_db
def test_a_job_that_did_not_fail_is_not_restarted(world, client_for, immediate_tasks):
    analyst = world.users["analyst"]
    job = failed_job(analyst)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE)
    response = client_for(analyst).post(f"/api/v1/jobs/{job.pk}/restart")
    assert (
        response.status_code == 422
        and "fejlet eller afbrudt" in response.json()["error"]["message"]
    )


@pytest.mark.django_db
def test_the_restart_endpoint_answers_202_with_the_new_jobs_location(
    world, client_for, immediate_tasks
):
    job = failed_job(world.users["admin"], "reconcile")
    response = client_for(world.users["admin"]).post(f"/api/v1/jobs/{job.pk}/restart")
    assert response.status_code == 202
    body = response.json()
    assert response["Location"] == f"/api/v1/jobs/{body['id']}" and body["id"] != job.pk
    assert body["status"] == "done"


@pytest.mark.django_db
def test_the_restart_endpoint_enforces_csrf_for_a_session(world, immediate_tasks):
    job = failed_job(world.users["admin"], "reconcile")
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["admin"])
    response = client.post(f"/api/v1/jobs/{job.pk}/restart")
    assert response.status_code == 403 and response.json()["error"]["code"] == "csrf_failed"
    assert Job.objects.count() == 1


# --- A real worker, killed hard ---------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_with_sigkill_leaves_a_job_that_recovery_fails(settings, tmp_path):
    if (
        connection.vendor == "sqlite"
        and connection.settings_dict["NAME"] in ("", ":memory:")
        or (
            connection.vendor == "sqlite" and "mode=memory" in str(connection.settings_dict["NAME"])
        )
    ):
        pytest.skip("needs a database another process can open (PostgreSQL or an SQLite file)")
    settings.TASKS = DATABASE_TASKS
    job = start_job(task=sample_tasks.sleep_for, kind="benchmark", title="Sov", seconds=60)
    env = {**os.environ, "STYRINGSDIALOG_JOBS_STALE_AFTER": "10"}
    env["DATABASE_URL"] = _database_url(connection.settings_dict)
    worker = subprocess.Popen(
        [CLI, "worker", "--no-startup-delay", "--interval", "0.2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=Path(__file__).resolve().parents[4],
    )
    try:
        deadline = time.monotonic() + 20  # a loaded machine starts Django slowly
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.status == Job.Status.RUNNING and job.step == "Sover":
                break
            assert worker.poll() is None, worker.stderr.read().decode() if worker.stderr else ""
            time.sleep(0.1)
        assert job.status == Job.Status.RUNNING
        first_beat = job.heartbeat_at
        assert first_beat is not None
        time.sleep(2.5)  # the worker beats every 2 s with STALE_AFTER=10
        job.refresh_from_db()
        assert job.heartbeat_at is not None and job.heartbeat_at > first_beat
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)

    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING  # killed: nobody marked it
    assert recover_stale_jobs(older_than=timedelta(seconds=10)) == []  # beat a moment ago
    time.sleep(1.1)
    assert recover_stale_jobs(older_than=timedelta(seconds=1)) == [job.pk]
    job.refresh_from_db()
    assert (job.status, job.error) == (Job.Status.FAILED, STALE_ERROR)
    assert DBTaskResult.objects.get(id=job.task_id).status == "FAILED"


def _database_url(settings_dict: dict) -> str:
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    user = settings_dict.get("USER") or "postgres"
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{settings_dict['NAME']}"


def test_jobs_recover_on_an_unmigrated_database_is_a_danish_message(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["STYRINGSDIALOG_VAR_DIR"] = str(tmp_path)  # a new, empty SQLite file
    result = subprocess.run(
        [CLI, "jobs", "recover"], capture_output=True, text=True, timeout=60, check=False, env=env
    )
    assert result.returncode == 1
    assert "styringsdialog migrate" in result.stderr and "Traceback" not in result.stderr


def test_the_worker_keeps_recovering_while_it_runs(settings, monkeypatch):
    import threading

    from styringsdialog.jobs.management.commands import worker

    settings.JOBS_HEARTBEAT_INTERVAL = 0.05
    calls: list[int] = []

    def fake_recover() -> list[int]:
        calls.append(1)
        return []

    monkeypatch.setattr(worker, "recover", fake_recover)
    monkeypatch.setattr(worker.connections, "close_all", lambda: None)
    stop = threading.Event()
    thread = threading.Thread(target=worker.recover_periodically, args=(stop,), daemon=True)
    thread.start()
    time.sleep(0.3)
    stop.set()
    thread.join(timeout=2)
    assert not thread.is_alive() and len(calls) >= 3
