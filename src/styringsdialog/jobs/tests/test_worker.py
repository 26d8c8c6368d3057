"""The real worker loop (``styringsdialog worker``) against django-tasks' database backend."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from styringsdialog.jobs.models import Job
from styringsdialog.testing import make_user

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


# transaction=True: the worker claims tasks in its own transactions, as it does in production.
@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_a_queued_e_mail_job_once_and_stops(settings):
    settings.TASKS = DATABASE_TASKS
    settings.EMAIL_BACKEND = "styringsdialog.jobs.mail.QueuedEmailBackend"
    user = make_user("karl")
    sent = mail.send_mail(
        "Mødet er flyttet", "Mødet er flyttet til tirsdag.", None, ["karl@example.dk"]
    )
    assert sent == 1 and mail.outbox == []  # queued, not sent in the sender's process
    job = Job.objects.get()
    assert job.status == Job.Status.QUEUED and job.kind == "email" and job.started_by is None
    assert DBTaskResult.objects.get(id=job.task_id).status == "READY"

    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)

    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.title == "E-mail: Mødet er flyttet"
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"
    assert [(m.subject, m.to, m.body) for m in mail.outbox] == [
        ("Mødet er flyttet", ["karl@example.dk"], "Mødet er flyttet til tirsdag.")
    ]
    assert user.jobs.count() == 0


def test_the_worker_does_not_reload_itself_unless_asked(settings):
    settings.TASKS = DATABASE_TASKS
    from styringsdialog.jobs.management.commands.worker import Command

    parser = Command().create_parser("styringsdialog", "worker")
    assert parser.parse_args([]).reload is False
    assert parser.parse_args(["--reload"]).reload is True
