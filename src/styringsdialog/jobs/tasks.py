"""The jobs app's own task: sending one e-mail through the real mail backend."""

from __future__ import annotations

import smtplib
from typing import Any

from django.conf import settings
from django.core.mail import get_connection
from django_tasks import task

from styringsdialog.jobs.messages import message_from_json
from styringsdialog.jobs.models import Job
from styringsdialog.jobs.services import JobFailed, Outcome, Progress, run_job


@task()
def send_email(job_id: int, message: dict[str, Any]) -> dict[str, Any]:
    """Send a queued message with ``settings.EMAIL_DELIVERY_BACKEND`` (SMTP, or files in the demo)."""

    def work(job: Job, progress: Progress) -> Outcome:
        progress("Sender e-mailen", 0, 1)
        email = message_from_json(message)
        try:
            with get_connection(settings.EMAIL_DELIVERY_BACKEND) as connection:
                connection.send_messages([email])
        except (smtplib.SMTPException, OSError) as exc:
            raise JobFailed(
                "E-mailen kunne ikke sendes: mailserveren svarede ikke eller afviste den "
                f"({type(exc).__name__}). Tjek STYRINGSDIALOG_EMAIL_-indstillingerne, og prøv igen."
            ) from exc
        progress("E-mailen er sendt", 1, 1)
        return Outcome()

    return run_job(job_id, work)
