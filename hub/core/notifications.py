"""E-mails that follow a review step: staff hear of submissions, authors of the decision.

Mail leaves after the transaction commits and a failure is logged, never raised: a broken
SMTP server must not undo or break the step that triggered it.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

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


def send_safely(*, subject: str, body: str, recipients: list[str]) -> None:
    """Send after commit; log and swallow delivery errors."""
    if not recipients:
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
