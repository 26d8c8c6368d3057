"""styringsdialog worker: run background jobs from the queue (django-tasks' database worker).

The same worker as django-tasks-db's ``db_worker``, with three differences: it never reloads
itself on code changes (``--reload`` to turn that on while developing), its help is Danish, and
it recovers the jobs of workers that were killed hard (``jobs.services.recover_stale_jobs``):
once when it starts, and then every ``JOBS_HEARTBEAT_INTERVAL`` seconds in a background thread
(not with ``--batch``). SIGTERM or Ctrl-C lets the running job finish, then stops; a second one
stops at once.
"""

from __future__ import annotations

import logging
import threading
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from styringsdialog.jobs.services import recover_stale_jobs

logger = logging.getLogger(__name__)


class Command(DatabaseWorkerCommand):
    help = (
        "Kør baggrundsjob fra køen (beregninger, afstemninger, e-mails), til den stoppes. "
        "--batch: kør de ventende job og stop. Job, hvis worker blev dræbt, markeres som "
        "afbrudt, når workeren starter, og derefter løbende."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(reload=False)

    def handle(self, *args: Any, **options: Any) -> None:
        recover()
        if not options.get("batch"):
            threading.Thread(
                target=recover_periodically,
                args=(threading.Event(),),
                name="job-recovery",
                daemon=True,
            ).start()
        super().handle(*args, **options)


def recover() -> list[int]:
    """One recovery pass; a database error is logged, never stops the worker."""
    try:
        return recover_stale_jobs()
    except DatabaseError:
        logger.warning("Recovery of stopped jobs failed; trying again later", exc_info=True)
        return []


def recover_periodically(stop: threading.Event) -> None:
    """Recovery every ``JOBS_HEARTBEAT_INTERVAL`` seconds until ``stop`` is set (the worker's
    thread is a daemon and never sets it: it ends with the process)."""
    while not stop.wait(settings.JOBS_HEARTBEAT_INTERVAL):
        recover()
        connections.close_all()  # this thread's own connection
