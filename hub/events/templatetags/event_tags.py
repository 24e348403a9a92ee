"""Dates of events, always in the event's own time zone."""

from django import template

register = template.Library()


@register.filter
def is_one_day(event) -> bool:
    """Whether the event starts and ends on the same calendar day where it takes place."""
    return event.local_starts_at.date() == event.local_ends_at.date()


@register.inclusion_tag("events/includes/event_when.html")
def event_when(event):
    """When the event takes place, e.g. 16 November 2023, 09:00 to 17:00 (Europe/Brussels), or two dates."""
    return {
        "start": event.local_starts_at,
        "end": event.local_ends_at,
        "one_day": is_one_day(event),
        "time_zone": event.time_zone,
    }
