"""Dates of events, always in the event's own time zone, and the links that add them to a calendar."""

from django import template
from django.urls import reverse
from django.utils import timezone

from hub.events import ical

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


@register.simple_tag
def add_to_calendar_links(event) -> dict[str, str] | None:
    """The .ics file and Google and Outlook web links for an event still to come; None once it has ended."""
    if event.ends_at < timezone.now():
        return None
    return {
        "ics": reverse("events:event-ics", kwargs={"slug": event.slug}),
        "google": ical.google_calendar_url(event),
        "outlook": ical.outlook_calendar_url(event),
    }


@register.simple_tag
def webcal_url(path: str) -> str:
    """The webcal:// address of a calendar on this site, which browsers hand to the calendar app."""
    return ical.webcal_url(path)
