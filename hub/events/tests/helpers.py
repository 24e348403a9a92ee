"""Test data shared by the event pages' and the calendars' tests."""

from datetime import datetime, timedelta

from django.utils import timezone

from hub.core.models import PublicationStatus as S
from hub.core.tests.factories import make_event, make_published_event
from hub.events.models import Event


def in_days(days: float) -> datetime:
    return timezone.now() + timedelta(days=days)


def hidden_events() -> list[Event]:
    """One event in every state the public must not see, both upcoming and past."""
    events = []
    for when in (in_days(10), in_days(-10)):
        for status in (S.DRAFT, S.SUBMITTED, S.REJECTED, S.ARCHIVED):
            events.append(make_event(title=f"Hidden {status} {when:%Y%m%d}", status=status, starts_at=when))
        events.append(make_published_event(title=f"Scheduled {when:%Y%m%d}", published_at=in_days(1), starts_at=when))
    return events
