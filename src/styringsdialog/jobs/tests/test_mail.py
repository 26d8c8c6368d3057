"""Every e-mail goes through a job: the queued backend, the message's trip through JSON, and
a failing SMTP server."""

from __future__ import annotations

import socket
from email.mime.text import MIMEText

import pytest
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives

from styringsdialog.jobs.messages import message_from_json, message_to_json
from styringsdialog.jobs.models import Job

pytestmark = pytest.mark.django_db

QUEUED = "styringsdialog.jobs.mail.QueuedEmailBackend"


def test_a_message_survives_the_trip_through_json():
    message = EmailMultiAlternatives(
        subject="Referat til kommentering",
        body="Se referatet.",
        from_email="Styringsdialog <noreply@example.dk>",
        to=["a@example.dk"],
        cc=["b@example.dk"],
        bcc=["c@example.dk"],
        reply_to=["svar@example.dk"],
        headers={"X-Styringsdialog": "referat"},
    )
    message.attach_alternative("<p>Se <b>referatet</b>.</p>", "text/html")
    message.attach("referat.pdf", b"%PDF-1.7 \x00\xff", "application/pdf")
    message.attach("noter.txt", "æøå", "text/plain")
    back = message_from_json(message_to_json(message))
    assert (back.subject, back.body, back.from_email) == (
        message.subject,
        message.body,
        message.from_email,
    )
    assert (back.to, back.cc, back.bcc, back.reply_to) == (
        message.to,
        message.cc,
        message.bcc,
        message.reply_to,
    )
    assert back.extra_headers == {"X-Styringsdialog": "referat"}
    assert back.alternatives == [("<p>Se <b>referatet</b>.</p>", "text/html")]
    assert [tuple(a) for a in back.attachments] == [
        ("referat.pdf", b"%PDF-1.7 \x00\xff", "application/pdf"),
        ("noter.txt", "æøå", "text/plain"),
    ]
    assert back.message().as_bytes() is not None


def test_a_prebuilt_mime_attachment_is_refused_in_the_senders_process():
    message = EmailMessage("Emne", "Tekst", to=["a@example.dk"])
    message.attach(MIMEText("hej"))
    with pytest.raises(TypeError, match="filename, content, mimetype"):
        message_to_json(message)


def test_sending_mail_queues_a_job_that_sends_it(settings):
    settings.EMAIL_BACKEND = QUEUED
    sent = mail.send_mail(
        "Ny sag", "Der er oprettet en sag.", None, ["a@example.dk"], html_message="<p>Sag</p>"
    )
    assert sent == 1
    job = Job.objects.get()
    assert (job.kind, job.status, job.title) == ("email", Job.Status.DONE, "E-mail: Ny sag")
    assert len(mail.outbox) == 1
    assert isinstance(mail.outbox[0], EmailMultiAlternatives)
    assert mail.outbox[0].alternatives == [("<p>Sag</p>", "text/html")]
    assert mail.outbox[0].from_email == settings.DEFAULT_FROM_EMAIL


def test_a_message_without_recipients_is_not_queued(settings):
    settings.EMAIL_BACKEND = QUEUED
    assert EmailMessage("Emne", "Tekst", to=[]).send() == 0
    assert not Job.objects.exists()


def test_an_unreachable_smtp_server_fails_the_job_with_a_danish_message(settings):
    with socket.socket() as s:  # a free port on this machine that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.EMAIL_BACKEND = QUEUED
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    assert mail.send_mail("Emne", "Tekst", None, ["a@example.dk"]) == 1  # the request is not hurt
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert job.error.startswith("E-mailen kunne ikke sendes: mailserveren svarede ikke")
    assert "ConnectionRefusedError" in job.error and mail.outbox == []
