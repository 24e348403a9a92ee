"""iCalendar (RFC 5545) files and "add to calendar" links for public events.

Each event is one VEVENT and, in the single event's file, its agenda goes into the DESCRIPTION,
rather than one VEVENT per session: "add to calendar" then adds a single entry that is removed in
one go, and sessions without times still show. Subscription calendars hold the events of the last
HUB_CALENDAR_PAST_MONTHS months and every upcoming one, each without its agenda (its page has it):
a calendar app fetches them every few hours, and with the agenda of every event since the start
the hub's calendar had grown to 2.6 MB and 8 s of work per fetch.
Times keep the event's own zone (DTSTART;TZID=... plus a matching VTIMEZONE), so a calendar
places them right across daylight-saving changes. These files are public: the members-only
online link is never written, and no ORGANIZER is set because the hub has no address that
would answer replies.
"""

from datetime import UTC, date, datetime, timedelta
from urllib.parse import quote, urlencode, urlsplit

import icalendar
from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from hub.projects.models import Project, Topic

from .models import Event, Session, SessionRole
from .selectors import AgendaItem, event_agenda

PRODID = "-//Cluster Hub//Events//EN"
REFRESH_INTERVAL = timedelta(hours=12)  # how often subscribed calendars should fetch again


def subscription_events(events):
    """Of ``events``, what a subscribed calendar shows, in three queries: recent past ones, so an entry does
    not vanish from the visitor's calendar the day after, and every upcoming one. Their entries need no
    agenda, and no long description (the page has both)."""
    since = timezone.now() - timedelta(days=round(30.44 * settings.HUB_CALENDAR_PAST_MONTHS))
    published = events.published().filter(ends_at__gte=since).order_by("starts_at", "id").defer("description")
    projects = Prefetch("projects", queryset=Project.objects.only("acronym"))
    return published.prefetch_related(projects, Prefetch("topics", queryset=Topic.objects.only("name")))


def with_agenda(events):
    """``events`` with what their calendar entries show, in a fixed number of queries."""
    roles = SessionRole.objects.select_related("person", "organisation", "project")
    sessions = Session.objects.prefetch_related(Prefetch("roles", queryset=roles), "projects")
    return events.prefetch_related("projects", "topics", Prefetch("sessions", queryset=sessions))


# Addresses


def absolute_url(path: str) -> str:
    return settings.HUB_SITE_URL + path


def webcal_url(path: str) -> str:
    """The webcal:// address that makes a browser hand a calendar to the visitor's calendar app."""
    return f"webcal://{urlsplit(settings.HUB_SITE_URL).netloc}{path}"


def uid(kind: str, pk: int | str) -> str:
    """A UID that never changes for the same object, so calendars update entries instead of duplicating them."""
    return f"{kind}-{pk}@{urlsplit(settings.HUB_SITE_URL).hostname}"


# What the entry says


def event_location(event: Event) -> str:
    """Venue, address, city and country; "Online" for online events; the venue "and online" for hybrid ones."""
    venue = ", ".join(part for part in (event.venue_name, event.venue_address, event.city, event.country.name) if part)
    if event.format == Event.Format.ONLINE or (event.format == Event.Format.HYBRID and not venue):
        return _("Online")
    if event.format == Event.Format.HYBRID:
        return _("%(venue)s and online") % {"venue": venue}
    return venue


def event_categories(event: Event) -> list[str]:
    return [event.get_kind_display(), event.get_format_display(), *(topic.name for topic in event.topics.all())]


def person_line(role: SessionRole) -> str:
    """A person as the agenda on the page shows them (a member's e-mail address never appears)."""
    name = role.guest_name or (role.person.full_name if role.person else "") or _("A hub member")
    line = f"{role.get_role_display()}: {name}"
    if role.organisation:
        line += f", {role.organisation.name}"
    if role.project:
        line += f" ({role.project.acronym})"
    if role.talk_title:
        line += f": “{role.talk_title}”"
    return line


def session_when(session: Session, event: Event, *, one_day: bool) -> str:
    if not session.starts_at:
        return ""
    start = timezone.localtime(session.starts_at, event.zone)
    when = start.strftime("%H:%M") if one_day else dateformat.format(start, "l j F, H:i")
    if session.ends_at:
        when += "\N{EN DASH}" + timezone.localtime(session.ends_at, event.zone).strftime("%H:%M")
    return when + " "


def agenda_item_lines(item: AgendaItem, event: Event, *, one_day: bool) -> list[str]:
    session = item.session
    lines = [f"{session_when(session, event, one_day=one_day)}{session.title} ({session.get_kind_display()})"]
    lines += [f"  {person_line(role)}" for role in item.hosts + item.speakers]
    presenting = ", ".join(project.acronym for project in session.projects.all())
    if presenting:
        lines.append("  " + _("Projects presenting: %(projects)s") % {"projects": presenting})
    lines += [f"  {line}" for line in session.description.strip().splitlines() if line.strip()]
    return lines


def agenda_lines(event: Event) -> list[str]:
    agenda = event_agenda(event)
    if not agenda:
        return []
    one_day = event.local_starts_at.date() == event.local_ends_at.date()
    lines = [_("Agenda (times in %(zone)s):") % {"zone": event.time_zone}]
    for item in agenda:
        lines += agenda_item_lines(item, event, one_day=one_day)
    return lines


def format_line(event: Event) -> str:
    if event.format == Event.Format.ONLINE:
        return _("Online event: the link is shared with registered participants.")
    if event.format == Event.Format.HYBRID:
        return _("Hybrid event: in person and online; the online link is shared with registered participants.")
    return ""


def event_description(event: Event, *, agenda: bool = True) -> str:
    """Summary, format, organisers, registration, agenda (if ``agenda``) and the page's address, as plain text."""
    organisers = ", ".join(project.acronym for project in event.projects.all())
    paragraphs = [
        event.summary.strip(),
        format_line(event),
        _("Organised by %(projects)s.") % {"projects": organisers} if organisers else "",
        _("Register: %(url)s") % {"url": event.registration_url} if event.registration_open else "",
        "\n".join(agenda_lines(event)) if agenda else "",
        _("Event page: %(url)s") % {"url": absolute_url(event.get_absolute_url())},
    ]
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def event_component(event: Event, *, stamp: datetime) -> icalendar.Event:
    component = icalendar.Event.new(
        uid=uid("event", event.pk),
        sequence=event.version,  # bumped on every change, so calendars replace their copy
        stamp=stamp,
        last_modified=event.updated_at,
        start=event.local_starts_at,
        end=event.local_ends_at,
        summary=event.title,
        description=event_description(event),
        location=event_location(event) or None,
        categories=event_categories(event),
        status="CONFIRMED",
        url=absolute_url(event.get_absolute_url()),
    )
    if event.latitude is not None and event.longitude is not None:
        component.add("GEO", (float(event.latitude), float(event.longitude)))
    return component


# Calendars


def add_time_zones(calendar: icalendar.Calendar, events: list[Event]) -> None:
    """A VTIMEZONE for every zone used, covering whole years so it shows both standard and summer time."""
    if events:
        first = min(event.local_starts_at for event in events)
        last = max(event.local_ends_at for event in events)
        calendar.add_missing_timezones(first_date=date(first.year, 1, 1), last_date=date(last.year + 1, 1, 1))


def published_calendar() -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.prodid, calendar.version, calendar.method = PRODID, "2.0", "PUBLISH"
    return calendar


def fill_calendar(calendar: icalendar.Calendar, events, *, stamp: datetime | None = None) -> bytes:
    """``calendar`` with ``events`` and their time zones, serialised."""
    stamp = stamp or timezone.now()
    events = list(events)
    for event in events:
        calendar.add_component(event_component(event, stamp=stamp))
    add_time_zones(calendar, events)
    return calendar.to_ical()


def event_calendar(event: Event, *, stamp: datetime | None = None) -> bytes:
    """One event to add to a calendar. It names no calendar (X-WR-CALNAME): Outlook would open such a file
    as a new calendar instead of adding the event to the visitor's own."""
    return fill_calendar(published_calendar(), [event], stamp=stamp)


def subscription_calendar(
    events, *, name: str, description: str, calendar_uid: str, stamp: datetime | None = None
) -> bytes:
    """A calendar to subscribe to (``events`` from ``subscription_events``): named, with a stable UID,
    and a hint how often to fetch it again. Its entries leave the agenda to the event page.

    The icalendar library builds the calendar and its time zones; the events are written here
    (``vevent_lines``): through the library they cost about 1 ms each, 1.2 s for the hub's calendar."""
    calendar = published_calendar()
    calendar.calendar_name, calendar.description, calendar.uid = name, description, calendar_uid
    calendar.refresh_interval = REFRESH_INTERVAL
    calendar.add("X-PUBLISHED-TTL", icalendar.vDuration(REFRESH_INTERVAL))  # the older name Outlook reads
    events = list(events)
    for zone in time_zones(events):
        calendar.add_component(zone)
    stamp = ical_utc(stamp or timezone.now())
    displays = DisplayNames()
    lines = [line for event in events for line in vevent_lines(event, stamp=stamp, displays=displays)]
    head, end = calendar.to_ical().decode().rsplit("END:VCALENDAR", 1)
    return (head + "".join(f"{fold(line)}\r\n" for line in lines) + "END:VCALENDAR" + end).encode()


# Subscription calendars, written without the icalendar library (RFC 5545)

ICAL_UTC_NAMES = {"UTC", "Etc/UTC"}


def time_zones(events: list[Event]) -> list[icalendar.Timezone]:
    """A VTIMEZONE for every zone used, covering whole years so it shows both standard and summer time."""
    zones = {event.time_zone for event in events} - ICAL_UTC_NAMES
    if not zones:
        return []
    first = min(event.local_starts_at for event in events)
    last = max(event.local_ends_at for event in events)
    first_date, last_date = date(first.year, 1, 1), date(last.year + 1, 1, 1)
    return [icalendar.Timezone.from_tzid(zone, first_date=first_date, last_date=last_date) for zone in sorted(zones)]


def escape(text: str) -> str:
    """A TEXT value: backslash, semicolon and comma escaped, line ends as \\n (RFC 5545 3.3.11)."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """Lines of at most 75 octets, continued on lines that start with a space, never inside a UTF-8 character."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, start, width = [], 0, 75
    while start < len(data):
        end = min(start + width, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # a continuation byte: step back
            end -= 1
        parts.append(data[start:end].decode())
        start, width = end, 74  # the leading space counts
    return "\r\n ".join(parts)


def ical_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def ical_local(name: str, moment: datetime, event: Event) -> str:
    if event.time_zone in ICAL_UTC_NAMES:
        return f"{name}:{ical_utc(moment)}"
    return f"{name};TZID={event.time_zone}:{timezone.localtime(moment, event.zone):%Y%m%dT%H%M%S}"


class DisplayNames:
    """The labels of the kinds and formats, looked up once per calendar rather than once per event."""

    def __init__(self):
        self.kinds, self.formats = dict(Event.Kind.choices), dict(Event.Format.choices)
        self.page_prefix, self.page_suffix = reverse("events:event-detail", kwargs={"slug": "slug"}).rsplit("slug", 1)

    def page(self, event: Event) -> str:
        """The event page's path: one reverse() per calendar (slugs need no escaping)."""
        return f"{self.page_prefix}{event.slug}{self.page_suffix}"

    def categories(self, event: Event) -> list[str]:
        topics = (topic.name for topic in event.topics.all())
        return [
            str(self.kinds.get(event.kind, event.kind)),
            str(self.formats.get(event.format, event.format)),
            *topics,
        ]


def vevent_lines(event: Event, *, stamp: str, displays: DisplayNames) -> list[str]:
    """The content lines of ``event_component(event, agenda=False)``, unfolded."""
    lines = [
        "BEGIN:VEVENT",
        f"SUMMARY:{escape(event.title)}",
        ical_local("DTSTART", event.starts_at, event),
        ical_local("DTEND", event.ends_at, event),
        f"DTSTAMP:{stamp}",
        f"UID:{uid('event', event.pk)}",
        f"SEQUENCE:{event.version}",
        "CATEGORIES:" + ",".join(escape(category) for category in displays.categories(event)),
        f"DESCRIPTION:{escape(event_description(event, agenda=False))}",
    ]
    if event.latitude is not None and event.longitude is not None:
        lines.append(f"GEO:{float(event.latitude)};{float(event.longitude)}")
    lines.append(f"LAST-MODIFIED:{ical_utc(event.updated_at)}")
    location = event_location(event)
    if location:
        lines.append(f"LOCATION:{escape(location)}")
    lines += ["STATUS:CONFIRMED", f"URL:{absolute_url(displays.page(event))}", "END:VEVENT"]
    return lines


# Links that open the event in a web calendar (plain links: no script, no account on our side)


def link_details(event: Event) -> str:
    page = _("Event page: %(url)s") % {"url": absolute_url(event.get_absolute_url())}
    return "\n\n".join(part for part in (event.summary.strip(), format_line(event), page) if part)


def encoded(base: str, params: dict[str, str]) -> str:
    """``base`` with ``params`` percent-encoded (spaces as %20: Outlook shows a "+" literally)."""
    return base + "?" + urlencode({key: value for key, value in params.items() if value}, quote_via=quote)


def google_calendar_url(event: Event) -> str:
    start, end = event.starts_at.astimezone(UTC), event.ends_at.astimezone(UTC)
    return encoded(
        "https://calendar.google.com/calendar/render",
        {
            "action": "TEMPLATE",
            "text": event.title,
            "dates": f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}",
            "ctz": event.time_zone,
            "details": link_details(event),
            "location": event_location(event),
        },
    )


def outlook_calendar_url(event: Event) -> str:
    start, end = event.starts_at.astimezone(UTC), event.ends_at.astimezone(UTC)
    return encoded(
        "https://outlook.live.com/calendar/0/deeplink/compose",
        {
            "path": "/calendar/action/compose",
            "rru": "addevent",
            "subject": event.title,
            "startdt": f"{start:%Y-%m-%dT%H:%M:%SZ}",
            "enddt": f"{end:%Y-%m-%dT%H:%M:%SZ}",
            "body": link_details(event),
            "location": event_location(event),
        },
    )
