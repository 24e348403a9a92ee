"""The event and agenda pages of the back office."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from hub.core.tests.admin_helpers import admin_url, form_errors, management_form
from hub.core.tests.factories import make_event, make_session, make_session_role, make_user
from hub.events.models import Event, Session, SessionRole


def event_form(**fields) -> dict:
    """What the add form posts for an event on 12 March 2026 from 09:00 to 17:00, with no agenda yet."""
    return {
        "title": "Annual meeting",
        "kind": "annual_meeting",
        "format": "in_person",
        "time_zone": "Europe/Brussels",
        "starts_at_0": "2026-03-12",
        "starts_at_1": "09:00",
        "ends_at_0": "2026-03-12",
        "ends_at_1": "17:00",
        **management_form("sessions"),
        **management_form("documents"),
        **fields,
    }


def session_form(session, **fields) -> dict:
    return {
        "event": session.event.pk,
        "title": session.title,
        "kind": session.kind,
        "order": 0,
        **management_form("roles"),
        **fields,
    }


@pytest.mark.django_db
def test_staff_add_an_event_as_a_draft_they_proposed(staff_client, staff_user):
    response = staff_client.post(admin_url(Event, "add"), event_form())

    assert response.status_code == 302
    event = Event.objects.get()
    assert (event.status, event.created_by, event.slug) == ("draft", staff_user, "annual-meeting-2026")


@pytest.mark.django_db
def test_an_event_that_ends_before_it_starts_is_refused(staff_client):
    response = staff_client.post(admin_url(Event, "add"), event_form(ends_at_0="2026-03-11"))

    assert response.status_code == 200
    assert "An event must end after it starts." in form_errors(response)
    assert "An event must end after it starts." in response.content.decode()
    assert Event.objects.count() == 0


@pytest.mark.django_db
def test_event_times_are_typed_in_the_events_own_time_zone(staff_client):
    staff_client.post(admin_url(Event, "add"), event_form(time_zone="Europe/Lisbon"))

    event = Event.objects.get()
    assert event.starts_at == datetime(2026, 3, 12, 9, 0, tzinfo=ZoneInfo("Europe/Lisbon"))
    page = staff_client.get(admin_url(Event, "change", event.pk)).content.decode()
    assert 'value="09:00:00"' in page  # shown back as typed, not as Brussels time (10:00)


@pytest.mark.django_db
def test_the_agenda_inline_links_each_session_to_its_speakers_page(staff_client):
    session = make_session()
    make_session_role(session=session)

    page = staff_client.get(admin_url(Event, "change", session.event.pk)).content.decode()

    assert "Edit speakers and moderators (1)" in page
    assert admin_url(Session, "change", session.pk) in page


@pytest.mark.django_db
def test_sessions_are_added_on_the_events_page(staff_client):
    event = make_event()
    data = event_form(title=event.title, slug=event.slug, **management_form("sessions", total=1))
    data.update({"sessions-0-title": "Opening", "sessions-0-kind": "keynote", "sessions-0-order": 1})

    response = staff_client.post(admin_url(Event, "change", event.pk), data)

    assert response.status_code == 302
    assert list(event.sessions.values_list("title", "kind")) == [("Opening", "keynote")]


@pytest.mark.django_db
def test_speakers_are_added_on_the_sessions_page(staff_client):
    session = make_session()
    member = make_user(full_name="Maria Member")
    data = session_form(session, **management_form("roles", total=2))
    data.update({"roles-0-role": "speaker", "roles-0-person": member.pk, "roles-0-order": 0})
    data.update({"roles-1-role": "moderator", "roles-1-guest_name": "Gina Guest", "roles-1-order": 1})

    response = staff_client.post(admin_url(Session, "change", session.pk), data)

    assert response.status_code == 302
    assert [role.display_name for role in session.roles.all()] == ["Maria Member", "Gina Guest"]


@pytest.mark.django_db
def test_a_speaker_who_is_both_a_member_and_a_guest_is_refused(staff_client):
    session = make_session()
    data = session_form(session, **management_form("roles", total=1))
    data.update({"roles-0-role": "speaker", "roles-0-person": make_user().pk, "roles-0-guest_name": "Someone"})

    response = staff_client.post(admin_url(Session, "change", session.pk), {**data, "roles-0-order": 0})

    assert response.status_code == 200
    assert form_errors(response) == ["Choose a member or type a guest's name (one of the two)."]
    assert "Choose a member or type a guest" in response.content.decode()
    assert SessionRole.objects.count() == 0


@pytest.mark.django_db
def test_session_times_are_typed_in_the_events_time_zone(staff_client):
    session = make_session(event=make_event(time_zone="America/New_York"))
    data = session_form(session, starts_at_0="2026-03-12", starts_at_1="09:00", ends_at_0="2026-03-12")

    staff_client.post(admin_url(Session, "change", session.pk), {**data, "ends_at_1": "10:00"})

    session.refresh_from_db()
    assert timezone.localtime(session.starts_at, ZoneInfo("America/New_York")).hour == 9


@pytest.mark.django_db
def test_a_back_office_edit_of_an_event_bumps_its_version_and_keeps_a_revision_with_the_agenda(staff_client):
    from hub.core.models import Revision

    event = make_event()
    data = event_form(title=event.title, slug=event.slug, **management_form("sessions", total=1))
    data.update({"sessions-0-title": "Opening", "sessions-0-kind": "keynote", "sessions-0-order": 1})

    staff_client.post(admin_url(Event, "change", event.pk), data)

    event.refresh_from_db()
    assert event.version == 2
    revision = Revision.objects.get(object_id=event.pk)
    assert [session["title"] for session in revision.data["agenda"]] == ["Opening"]
