"""styringsdialog worker: run background jobs from the queue (django-tasks' database worker).

The same worker as django-tasks-db's ``db_worker``, with two differences: it never reloads
itself on code changes (``--reload`` to turn that on while developing), and its help is Danish.
SIGTERM or Ctrl-C lets the running job finish, then stops; a second one stops at once.
"""

from __future__ import annotations

from argparse import ArgumentParser

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand


class Command(DatabaseWorkerCommand):
    help = (
        "Kør baggrundsjob fra køen (beregninger, afstemninger, e-mails), til den stoppes. "
        "--batch: kør de ventende job og stop."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(reload=False)
