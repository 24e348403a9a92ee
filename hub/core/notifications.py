"""E-mails that follow a review step: staff hear of submissions, authors of the decision.

A broken SMTP server must never undo or break the step that triggered a mail. With the queued
backend (the default, hub/core/mail.py) the mail is stored in the same transaction as the step
and the worker delivers it, retrying; with a direct backend (the tests' in-memory one, or any
DJANGO_EMAIL_BACKEND set as EMAIL_BACKEND) it leaves after commit and a failure is only logged.
"""

import logging
from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.module_loading import import_string

from .mail import QueuedEmailBackend

logger = logging.getLogger(__name__)


def staff_addresses() -> list[str]:
    if settings.HUB_STAFF_EMAILS:
        return list(settings.HUB_STAFF_EMAILS)
    users = get_user_model().objects.filter(is_staff=True, is_active=True)
    return list(users.values_list("email", flat=True))


def author_of(obj):
    for name in ("author", "created_by", "uploaded_by"):
        if hasattr(obj, name):
            return getattr(obj, name)
    return None


@cache
def _is_queued(backend_path: str) -> bool:
    return issubclass(import_string(backend_path), QueuedEmailBackend)


def send_safely(*, subject: str, body: str, recipients: list[str]) -> None:
    """Queue the mail in the current transaction (direct backend: send it after commit); never raise on delivery."""
    if not recipients:
        return
    if _is_queued(settings.EMAIL_BACKEND):
        # Stored now, inside the caller's transaction: it commits or rolls back with the step.
        send_mail(subject, body, None, recipients)
        return

    def send():
        try:
            send_mail(subject, body, None, recipients)
        except Exception:  # any SMTP or network error: the step itself already succeeded
            logger.exception("Could not send “%s” to %s", subject, recipients)

    transaction.on_commit(send)


def notify_transition(*, obj, action: str, by, reason: str = "") -> None:
    """Tell staff about a submission, and the author about a publication or a rejection."""
    context = {
        "obj": obj,
        "kind": obj._meta.verbose_name,
        "by": by,
        "reason": reason,
        "site_url": settings.HUB_SITE_URL,
    }
    if action == "submit":
        recipients = staff_addresses()
        template = "core/email/submitted.txt"
    elif action in {"publish", "reject"}:
        author = author_of(obj)
        recipients = [author.email] if author and author.is_active and author != by else []
        template = f"core/email/{action}ed.txt"
    else:
        return
    subject, _, body = render_to_string(template, context).strip().partition("\n")
    send_safely(subject=subject.strip(), body=body.strip(), recipients=recipients)
