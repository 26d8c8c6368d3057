"""E-mail messages as JSON and back, so a message can wait in the task queue (the database
backend stores task arguments as JSON)."""

from __future__ import annotations

import base64
from email.mime.base import MIMEBase
from typing import Any

from django.core.mail import EmailMessage, EmailMultiAlternatives


def message_to_json(message: EmailMessage) -> dict[str, Any]:
    """The parts of ``message`` that ``message_from_json`` needs to rebuild it.

    Attachments must be ``(filename, content, mimetype)``; a prebuilt MIME part cannot be
    queued and raises ``TypeError`` at once, in the sender's process.
    """
    attachments = []
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):
            raise TypeError("Queued e-mail takes attachments as (filename, content, mimetype).")
        filename, content, mimetype = attachment
        if isinstance(content, bytes):
            attachments.append(
                {
                    "filename": filename,
                    "base64": base64.b64encode(content).decode(),
                    "mimetype": mimetype,
                }
            )
        else:
            attachments.append({"filename": filename, "text": str(content), "mimetype": mimetype})
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": str(message.from_email),
        "to": [str(a) for a in message.to],
        "cc": [str(a) for a in message.cc],
        "bcc": [str(a) for a in message.bcc],
        "reply_to": [str(a) for a in message.reply_to],
        "headers": {str(k): str(v) for k, v in message.extra_headers.items()},
        "content_subtype": message.content_subtype,
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": attachments,
    }


def message_from_json(data: dict[str, Any]) -> EmailMultiAlternatives:
    """The message ``message_to_json`` described."""
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    message.content_subtype = data.get("content_subtype", "plain")
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for a in data["attachments"]:
        content = base64.b64decode(a["base64"]) if "base64" in a else a["text"]
        message.attach(a["filename"], content, a["mimetype"])
    return message
