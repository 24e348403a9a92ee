import html
import re
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from hub.core.models import PublicationStatus
from hub.core.tests.factories import (
    make_organisation,
    make_project,
    make_published_event,
    make_session,
    make_session_role,
    make_topic,
    make_user,
)
from hub.events.models import Event, Session, SessionRole
from hub.events.tests.helpers import hidden_events, in_days

S = PublicationStatus
pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
CALENDAR = reverse("events:calendar-ics")
SECRET_LINK = "https://meet.example.org/members-only-room"
SITE = "https://hub.example.eu"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.HUB_SITE_URL = SITE


def event_ics(event: Event) -> str:
    return reverse("events:event-ics", kwargs={"slug": event.slug})


def project_ics(project) -> str:
    return reverse("events:project-calendar-ics", kwargs={"slug": project.slug})


def fetch(client, url: str) -> icalendar.Calendar:
    response = client.get(url)
    assert response.status_code == 200
    return icalendar.Calendar.from_ical(response.content)


def titles(calendar: icalendar.Calendar) -> set[str]:
    return {str(vevent["SUMMARY"]) for vevent in calendar.events}


def only_event(calendar: icalendar.Calendar) -> icalendar.Event:
    [vevent] = calendar.events
    return vevent


def make_agenda(event: Event, sessions: int) -> None:
    """``sessions`` timed panels, each with a moderator, a member and a guest speaker, and a project presenting."""
    organisation, project = make_organisation(), make_project()
    for n in range(sessions):
        starts = event.starts_at + timedelta(minutes=30 * n)
        session = make_session(
            event=event,
            title=f"Panel {n}",
            kind=Session.Kind.PANEL,
            order=n,
            starts_at=starts,
            ends_at=starts + timedelta(minutes=25),
        )
        session.projects.add(project)
        make_session_role(session=session, role=SessionRole.Role.MODERATOR, organisation=organisation)
        make_session_role(session=session, person=make_user(public_profile=True), project=project)
        make_session_role(session=session, organisation=organisation, project=project, talk_title="Results")


def next_spring_forward_in_brussels() -> date:
    """The last Sunday of March of next year, when Brussels moves its clocks from 02:00 to 03:00."""
    march_31 = date(timezone.now().year + 1, 3, 31)
    return march_31 - timedelta(days=(march_31.weekday() + 1) % 7)


# What each file holds


def test_event_file_parses_and_holds_the_event_its_agenda_and_its_page(client):
    project = make_project(acronym="RECYCLE")
    event = make_published_event(title="Recycling workshop", summary="How to close the loop.", projects=[project])
    opening = make_session(event=event, title="Opening keynote", kind=Session.Kind.KEYNOTE, starts_at=event.starts_at)
    make_session_role(session=opening, role=SessionRole.Role.CHAIR, guest_name="Ana Chair")
    make_session_role(
        session=opening, guest_name="Bo Speaker", organisation=make_organisation(name="VITO"), talk_title="Black mass"
    )
    make_session(event=event, title="Networking lunch", kind=Session.Kind.BREAK)

    vevent = only_event(fetch(client, event_ics(event)))

    page = SITE + event.get_absolute_url()
    assert str(vevent["SUMMARY"]) == "Recycling workshop"
    assert str(vevent["URL"]) == page
    description = str(vevent["DESCRIPTION"])
    local_start = event.local_starts_at.strftime("%H:%M")
    for text in (
        "How to close the loop.",
        "Organised by RECYCLE.",
        "Agenda (times in Europe/Brussels):",
        f"{local_start} Opening keynote (Keynote)",
        "Chair: Ana Chair",
        "Speaker: Bo Speaker, VITO: “Black mass”",
        "Networking lunch (Break)",
        f"Event page: {page}",
    ):
        assert text in description
    assert str(vevent["STATUS"]) == "CONFIRMED"


def test_event_file_carries_the_properties_calendars_rely_on(client):
    topic = make_topic(name="Battery passport")
    event = make_published_event(kind=Event.Kind.WEBINAR, format=Event.Format.ONLINE)
    event.topics.add(topic)

    calendar = fetch(client, event_ics(event))
    vevent = only_event(calendar)

    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert "Cluster Hub" in str(calendar["PRODID"])
    assert vevent["LAST-MODIFIED"].dt == event.updated_at.replace(microsecond=0)
    assert vevent["DTSTAMP"].dt.tzinfo is not None
    assert [str(category) for category in vevent.categories] == ["Webinar", "Online", "Battery passport"]
    assert "GEO" not in vevent
    assert "ORGANIZER" not in vevent


def test_a_single_event_file_names_no_calendar_so_outlook_adds_the_event_instead_of_a_new_calendar(client):
    calendar = fetch(client, event_ics(make_published_event()))

    assert "X-WR-CALNAME" not in calendar
    assert "NAME" not in calendar


def test_subscription_calendars_are_named_and_keep_their_uid(client):
    project = make_project(acronym="DLE")
    make_published_event(projects=[project])

    hub = fetch(client, CALENDAR)
    for_project = fetch(client, project_ics(project))

    assert str(hub["X-WR-CALNAME"]) == "Cluster Hub events"
    assert str(for_project["X-WR-CALNAME"]) == "DLE events (Cluster Hub)"
    assert str(hub["METHOD"]) == "PUBLISH"
    assert str(hub["UID"]) == str(fetch(client, CALENDAR)["UID"])
    assert str(hub["UID"]) != str(for_project["UID"])


def test_a_subscribed_entry_says_what_the_event_file_says_but_leaves_the_agenda_to_the_page(client):
    event = make_published_event(
        title="Lithium, cobalt; nickel \\ graphite: Liège-Göteborg",
        summary="Électrodes, «recyclage» et 電池: " + "une longue phrase qui dépasse 75 octets; " * 6,
        format=Event.Format.HYBRID,
        venue_name="Halle, Nord",
        city="Liège",
        latitude="50.632600",
        longitude="5.579700",
        projects=[make_project(acronym="RECYCLE")],
        starts_at=in_days(9),
    )
    event.topics.add(make_topic(name="Black mass, refining"))
    make_agenda(event, sessions=2)

    response = client.get(CALENDAR)
    feed = only_event(icalendar.Calendar.from_ical(response.content))
    single = only_event(fetch(client, event_ics(event)))

    assert max(len(line) for line in response.content.split(b"\r\n")) <= 75  # folded, as RFC 5545 requires
    for name in ("SUMMARY", "UID", "SEQUENCE", "LOCATION", "STATUS", "URL"):
        assert str(feed[name]) == str(single[name]), name
    for name in ("DTSTART", "DTEND", "LAST-MODIFIED"):
        assert feed[name].dt == single[name].dt, name
    assert feed["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert (feed["GEO"].latitude, feed["GEO"].longitude) == (single["GEO"].latitude, single["GEO"].longitude)
    assert [str(c) for c in feed.categories] == [str(c) for c in single.categories]
    assert "Black mass, refining" in [str(c) for c in feed.categories]
    agenda = next(part for part in str(single["DESCRIPTION"]).split("\n\n") if part.startswith("Agenda"))
    assert str(feed["DESCRIPTION"]) == str(single["DESCRIPTION"]).replace(agenda + "\n\n", "")
    assert "Panel 0" not in str(feed["DESCRIPTION"])


def test_the_agenda_of_a_multi_day_event_gives_each_session_its_day_in_the_event_zone(client):
    event = make_published_event(
        starts_at=datetime(2026, 3, 28, 10, tzinfo=BRUSSELS), ends_at=datetime(2026, 3, 30, 17, tzinfo=BRUSSELS)
    )
    make_session(
        event=event,
        title="Site visit",
        starts_at=datetime(2026, 3, 30, 7, tzinfo=UTC),
        ends_at=datetime(2026, 3, 30, 8, 30, tzinfo=UTC),
    )

    description = str(only_event(fetch(client, event_ics(event)))["DESCRIPTION"])

    assert "Monday 30 March, 09:00\N{EN DASH}10:30 Site visit (Talk)" in description


def test_coordinates_become_geo(client):
    event = make_published_event(latitude="50.845200", longitude="4.357100")

    vevent = only_event(fetch(client, event_ics(event)))

    assert vevent["GEO"].latitude == pytest.approx(50.8452)
    assert vevent["GEO"].longitude == pytest.approx(4.3571)


def test_calendar_lists_published_upcoming_and_recent_events_only(client, settings):
    settings.HUB_CALENDAR_PAST_MONTHS = 6
    upcoming = make_published_event(title="Upcoming", starts_at=in_days(5))
    running = make_published_event(title="Running", starts_at=in_days(-0.1), ends_at=in_days(0.1))
    recent = make_published_event(title="Past", starts_at=in_days(-170))
    make_published_event(title="Long past", starts_at=in_days(-200))
    hidden_events()

    calendar = fetch(client, CALENDAR)

    assert titles(calendar) == {"Upcoming", "Running", "Past"}
    assert {str(vevent["UID"]) for vevent in calendar.events} == {
        f"event-{event.pk}@hub.example.eu" for event in (upcoming, running, recent)
    }


def test_project_calendar_lists_that_projects_published_upcoming_and_recent_events_only(client):
    project, other = make_project(), make_project()
    make_published_event(title="Ours", starts_at=in_days(5), projects=[project])
    make_published_event(title="Joint", starts_at=in_days(6), projects=[project, other])
    make_published_event(title="Theirs", starts_at=in_days(5), projects=[other])
    make_published_event(title="Our recent one", starts_at=in_days(-5), projects=[project])
    make_published_event(title="Our old one", starts_at=in_days(-400), projects=[project])
    for event in hidden_events():
        event.projects.add(project)

    assert titles(fetch(client, project_ics(project))) == {"Ours", "Joint", "Our recent one"}


def test_a_project_without_events_has_an_empty_calendar(client):
    assert fetch(client, project_ics(make_project())).events == []


def test_an_unknown_project_has_no_calendar(client):
    assert client.get(reverse("events:project-calendar-ics", kwargs={"slug": "no-such-project"})).status_code == 404


def test_unpublished_and_scheduled_events_have_no_file(client):
    for event in hidden_events():
        assert client.get(event_ics(event)).status_code == 404, event.title


def test_an_unknown_event_has_no_file(client):
    assert client.get(reverse("events:event-ics", kwargs={"slug": "no-such-event"})).status_code == 404


def test_a_past_published_event_keeps_its_file(client):
    event = make_published_event(title="Last year", starts_at=in_days(-400))

    assert titles(fetch(client, event_ics(event))) == {"Last year"}


# Times


def test_times_keep_the_event_zone_across_a_daylight_saving_change(client):
    # Brussels moves from UTC+1 to UTC+2 on Sunday 29 March 2026; both events start at 10:00 local time.
    expected_utc = {
        datetime(2026, 3, 28, 10, tzinfo=BRUSSELS): datetime(2026, 3, 28, 9, tzinfo=UTC),
        datetime(2026, 3, 30, 10, tzinfo=BRUSSELS): datetime(2026, 3, 30, 8, tzinfo=UTC),
    }

    for local_start, utc_start in expected_utc.items():
        event = make_published_event(starts_at=local_start)
        response = client.get(event_ics(event))
        assert f"DTSTART;TZID=Europe/Brussels:{local_start:%Y%m%d}T100000" in response.content.decode()
        calendar = icalendar.Calendar.from_ical(response.content)
        vevent = only_event(calendar)
        assert vevent["DTSTART"].params["TZID"] == "Europe/Brussels"
        assert (vevent.start.hour, vevent.start.minute) == (10, 0)
        assert vevent.start.astimezone(UTC) == utc_start
        assert vevent.end.astimezone(UTC) == utc_start + timedelta(hours=3)
        [vtimezone] = calendar.timezones
        assert vtimezone.tz_name == "Europe/Brussels"
        assert vtimezone.standard
        assert vtimezone.daylight


def test_subscription_calendar_places_events_either_side_of_the_next_daylight_saving_change(client):
    change = next_spring_forward_in_brussels()
    saturday = datetime.combine(change - timedelta(days=1), time(10), BRUSSELS)
    monday = datetime.combine(change + timedelta(days=1), time(10), BRUSSELS)
    make_published_event(title="Saturday", starts_at=saturday)
    make_published_event(title="Monday", starts_at=monday)

    calendar = fetch(client, CALENDAR)

    starts = {str(vevent["SUMMARY"]): vevent.start for vevent in calendar.events}
    assert {title: (start.hour, start.tzinfo.key) for title, start in starts.items()} == {
        "Saturday": (10, "Europe/Brussels"),
        "Monday": (10, "Europe/Brussels"),
    }
    assert starts["Saturday"].astimezone(UTC).hour == 9
    assert starts["Monday"].astimezone(UTC).hour == 8
    [vtimezone] = calendar.timezones  # one per zone, however many events use it
    assert vtimezone.standard
    assert vtimezone.daylight


def test_an_event_in_another_zone_gets_its_own_time_zone_definition(client):
    make_published_event(title="Brussels")
    make_published_event(title="Helsinki", starts_at=in_days(40).replace(microsecond=0), time_zone="Europe/Helsinki")

    calendar = fetch(client, CALENDAR)

    assert {vtimezone.tz_name for vtimezone in calendar.timezones} == {"Europe/Brussels", "Europe/Helsinki"}
    assert {str(vevent["SUMMARY"]): vevent["DTSTART"].params["TZID"] for vevent in calendar.events} == {
        "Brussels": "Europe/Brussels",
        "Helsinki": "Europe/Helsinki",
    }


# Updates


def test_uid_stays_the_same_across_requests_and_sequence_follows_the_version(client):
    event = make_published_event()

    first = only_event(fetch(client, event_ics(event)))
    event.version += 1
    event.title = "Moved to a larger room"
    event.save()
    second = only_event(fetch(client, event_ics(event)))

    assert str(first["UID"]) == str(second["UID"]) == f"event-{event.pk}@hub.example.eu"
    assert (first["SEQUENCE"], second["SEQUENCE"]) == (1, 2)
    assert str(only_event(fetch(client, CALENDAR))["UID"]) == str(first["UID"])


# Where


@pytest.mark.parametrize(
    ("format", "location"),
    [
        (Event.Format.IN_PERSON, "Square, Mont des Arts, Brussels, Belgium"),
        (Event.Format.ONLINE, "Online"),
        (Event.Format.HYBRID, "Square, Mont des Arts, Brussels, Belgium and online"),
    ],
)
def test_location_says_where_the_event_takes_place(client, format, location):
    event = make_published_event(
        format=format, venue_name="Square", venue_address="Mont des Arts", city="Brussels", country="BE"
    )

    assert str(only_event(fetch(client, event_ics(event)))["LOCATION"]) == location


def test_online_and_hybrid_events_say_so_in_the_description_and_categories(client):
    online = make_published_event(format=Event.Format.ONLINE)
    hybrid = make_published_event(format=Event.Format.HYBRID, city="Brussels")

    for event, flag in ((online, "Online event"), (hybrid, "Hybrid event")):
        vevent = only_event(fetch(client, event_ics(event)))
        assert flag in str(vevent["DESCRIPTION"])
        assert event.get_format_display() in [str(category) for category in vevent.categories]


def test_an_in_person_event_without_a_venue_has_no_location(client):
    event = make_published_event(format=Event.Format.IN_PERSON)

    assert "LOCATION" not in only_event(fetch(client, event_ics(event)))


def test_the_members_only_online_link_never_appears(client):
    project = make_project()
    event = make_published_event(format=Event.Format.HYBRID, online_url=SECRET_LINK, projects=[project])

    for url in (event_ics(event), CALENDAR, project_ics(project), event.get_absolute_url()):
        assert SECRET_LINK not in client.get(url).content.decode(), url
    assert "members-only-room" not in html.unescape(client.get(event.get_absolute_url()).content.decode())


def test_people_are_named_as_on_the_page_never_by_their_e_mail_address(client):
    event = make_published_event()
    session = make_session(event=event)
    make_session_role(session=session, person=make_user(full_name="", email="hidden@example.org"))

    description = str(only_event(fetch(client, event_ics(event)))["DESCRIPTION"])

    assert "Speaker: A hub member" in description
    assert "hidden@example.org" not in description


# Responses


def test_a_single_event_is_a_download_named_after_the_event(client):
    event = make_published_event()

    response = client.get(event_ics(event))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    assert not response.cookies


def test_subscription_calendars_are_served_inline(client):
    project = make_project(slug="recycle")

    for url, filename in ((CALENDAR, "events.ics"), (project_ics(project), "recycle-events.ics")):
        response = client.get(url)
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response["Content-Disposition"] == f'inline; filename="{filename}"'
        assert not response.cookies


def test_the_calendar_takes_the_same_number_of_queries_however_many_events_it_holds(
    client, django_assert_max_num_queries
):
    def calendar_with(events: int) -> None:
        Event.objects.all().delete()
        for _ in range(events):
            event = make_published_event(starts_at=in_days(3), projects=[make_project(), make_project()])
            event.topics.add(make_topic(), make_topic())
            make_agenda(event, sessions=3)
        with django_assert_max_num_queries(6):
            assert len(fetch(client, CALENDAR).events) == events

    calendar_with(1)
    calendar_with(8)


# Links on the pages


CALENDAR_LINK = re.compile(r'<a href="([^"]+)"[^>]*>(Add to your calendar \(\.ics\)|Google|Outlook)')


def calendar_links(client, event: Event) -> dict[str, str]:
    page = client.get(event.get_absolute_url()).content.decode()
    return {label: html.unescape(href) for href, label in CALENDAR_LINK.findall(page)}


TITLE = "Lithium & cobalt: what's next for Liège/Brussels? (100%)"


def test_event_page_links_to_the_event_file_and_to_google_and_outlook_calendars(client):
    event = make_published_event(
        title=TITLE,
        summary="Refining in Europe; 100% recycled?",
        starts_at=datetime(2027, 3, 27, 10, tzinfo=BRUSSELS),
        ends_at=datetime(2027, 3, 29, 17, tzinfo=BRUSSELS),
        format=Event.Format.HYBRID,
        venue_name="Square",
        city="Brussels",
        country="BE",
        online_url=SECRET_LINK,
    )

    links = calendar_links(client, event)

    assert links["Add to your calendar (.ics)"] == event_ics(event)
    google, outlook = urlsplit(links["Google"]), urlsplit(links["Outlook"])
    assert (google.netloc, google.path) == ("calendar.google.com", "/calendar/render")
    assert (outlook.netloc, outlook.path) == ("outlook.live.com", "/calendar/0/deeplink/compose")
    assert "+" not in google.query + outlook.query  # spaces are %20, which every client decodes
    google_params = {key: value for key, [value] in parse_qs(google.query, strict_parsing=True).items()}
    outlook_params = {key: value for key, [value] in parse_qs(outlook.query, strict_parsing=True).items()}
    assert google_params["action"] == "TEMPLATE"
    assert google_params["text"] == outlook_params["subject"] == TITLE
    assert google_params["dates"] == "20270327T090000Z/20270329T150000Z"
    assert google_params["ctz"] == "Europe/Brussels"
    assert (outlook_params["startdt"], outlook_params["enddt"]) == ("2027-03-27T09:00:00Z", "2027-03-29T15:00:00Z")
    assert google_params["location"] == outlook_params["location"] == "Square, Brussels, Belgium and online"
    for details in (google_params["details"], outlook_params["body"]):
        assert details.startswith("Refining in Europe; 100% recycled?")
        assert details.endswith(event.get_absolute_url())
        assert SECRET_LINK not in details


def test_a_past_event_page_offers_no_add_to_calendar_links(client):
    event = make_published_event(starts_at=in_days(-5))

    assert calendar_links(client, event) == {}


def test_the_event_list_offers_a_subscription_to_the_calendar(client):
    content = client.get(reverse("events:event-list")).content.decode()

    assert f'<a href="{CALENDAR}" type="text/calendar">Subscribe to the calendar (iCal)</a>' in content
    assert f'href="webcal://hub.example.eu{CALENDAR}"' in content
