"""``EMAIL_BACKEND``: every e-mail Django sends (password reset, error mails, …) becomes a job,
so a slow or unreachable SMTP server never holds up a request. The worker sends it with the
real backend, ``settings.EMAIL_DELIVERY_BACKEND``."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

from styringsdialog.jobs.messages import message_to_json
from styringsdialog.jobs.services import start_job
from styringsdialog.jobs.tasks import send_email


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        """Queue each message as an ``email`` job (started by no one: administrators see them)."""
        queued = 0
        for message in email_messages:
            if not message.recipients():
                continue
            try:
                start_job(
                    task=send_email,
                    kind="email",
                    title=f"E-mail: {message.subject}",
                    message=message_to_json(message),
                )
            except Exception:
                if not self.fail_silently:
                    raise
                continue
            queued += 1
        return queued
