"""Writes for the hub's own pages: storing contact messages and telling staff about them."""

import logging
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string

from .models import ContactMessage

logger = logging.getLogger(__name__)


def staff_recipients() -> list[str]:
    """Where contact messages go: HUB_STAFF_EMAILS if set, else every active staff member."""
    if settings.HUB_STAFF_EMAILS:
        return list(settings.HUB_STAFF_EMAILS)
    users = get_user_model().objects.filter(is_active=True, is_staff=True).exclude(email="")
    return list(users.order_by("email").values_list("email", flat=True))


def contact_message_notify(*, contact_message: ContactMessage) -> bool:
    """E-mail staff about ``contact_message``; never raises: a failure is logged and the message stays stored."""
    recipients = staff_recipients()
    if not recipients:
        logger.warning("Contact message %s stored, but no staff address to notify.", contact_message.pk)
        return False
    # Names come from the public: keep them on one line so they cannot add headers to the subject.
    subject = f"[{settings.HUB_NAME}] Contact message from {' '.join(contact_message.name.split())}"
    body = render_to_string("pages/email/contact_message.txt", {"contact_message": contact_message})
    email = EmailMessage(subject, body, to=recipients, reply_to=[contact_message.email])
    try:
        email.send()
    except Exception:
        logger.exception("Could not e-mail staff about contact message %s.", contact_message.pk)
        return False
    return True


@transaction.atomic
def contact_message_create(
    *, name: str, email: str, organisation: str, message: str, project: str = ""
) -> ContactMessage:
    """Store a visitor's message and, once it is committed, e-mail staff; a mail failure never undoes the row."""
    contact_message = ContactMessage(
        name=name, email=email, organisation=organisation, project=project, message=message
    )
    contact_message.full_clean()
    contact_message.save()
    transaction.on_commit(partial(contact_message_notify, contact_message=contact_message))
    return contact_message


def contact_messages_mark_handled(*, queryset) -> int:
    """Mark the messages in ``queryset`` as answered; return how many changed."""
    return queryset.filter(handled=False).update(handled=True)
