"""Background tasks of the hub core: delivering queued e-mail, with retries and backoff.

Tasks use django-tasks (the backport of Django 6's ``django.tasks``); the database backend
stores them and ``manage.py run_worker`` runs them (see hub/core/management/commands/run_worker.py).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.utils import timezone
from django_tasks import task

from .mail import message_from_dict

logger = logging.getLogger(__name__)


def retry_delay(attempt: int) -> int:
    """Seconds to wait after failed ``attempt``: doubling from HUB_EMAIL_RETRY_SECONDS, at most an hour."""
    return min(settings.HUB_EMAIL_RETRY_SECONDS * 2 ** (attempt - 1), 3600)


@task()
def deliver_email(*, message: dict, attempt: int = 1) -> None:
    """Send ``message``; if that fails, queue it again for later and record this attempt as failed.

    After HUB_EMAIL_MAX_ATTEMPTS the last failed task keeps the message and the error for staff
    (back office: Tasks Database Backend → Task Results); nothing is dropped silently.
    """
    connection = get_connection(settings.HUB_EMAIL_DELIVERY_BACKEND)
    try:
        message_from_dict(message, connection=connection).send()
    except Exception:
        if attempt < settings.HUB_EMAIL_MAX_ATTEMPTS and deliver_email.get_backend().supports_defer:
            delay = retry_delay(attempt)
            later = deliver_email.using(run_after=timezone.now() + timedelta(seconds=delay))
            later.enqueue(message=message, attempt=attempt + 1)
            logger.warning("E-mail “%s” to %s failed (attempt %d); retrying in %ds.", *_names(message), attempt, delay)
        else:
            logger.error("E-mail “%s” to %s failed for good after %d attempts.", *_names(message), attempt)
        raise


def _names(message: dict) -> tuple[str, str]:
    return message["subject"], ", ".join(message["to"] + message["cc"] + message["bcc"])
