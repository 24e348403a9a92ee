"""An e-mail backend that queues every message for the background worker instead of sending it.

Everything that sends mail through Django (our notifications, invitations, password resets,
contact notices) goes through EMAIL_BACKEND, so one setting moves all of it out of the request.
The queue is a row in the database (django-tasks' database backend), written in the caller's
transaction: a rolled-back write leaves no mail behind, a committed one cannot lose its mail.
The worker (``manage.py run_worker``) delivers with HUB_EMAIL_DELIVERY_BACKEND and retries.
"""

import base64

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        from .tasks import deliver_email  # tasks import this module's helpers

        for message in email_messages:
            deliver_email.enqueue(message=message_to_dict(message))
        return len(email_messages)


def message_to_dict(message: EmailMessage) -> dict:
    """A JSON-safe copy of ``message`` (attachments as base64), enough to rebuild it in the worker."""
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "content_subtype": message.content_subtype,
        "alternatives": [[content, mimetype] for content, mimetype in getattr(message, "alternatives", [])],
        "attachments": [_attachment_to_list(attachment) for attachment in message.attachments],
    }


def message_from_dict(data: dict, *, connection=None) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
        connection=connection,
    )
    message.content_subtype = data["content_subtype"]
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in data["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


def _attachment_to_list(attachment) -> list:
    if not isinstance(attachment, tuple):  # a ready-made MIME part: no portable form for it
        raise TypeError("Queued e-mail supports (filename, content, mimetype) attachments only.")
    filename, content, mimetype = attachment
    if isinstance(content, str):
        content = content.encode()
    return [filename, base64.b64encode(content).decode("ascii"), mimetype]
