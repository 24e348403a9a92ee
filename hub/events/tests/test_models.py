from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hub.core.models import PublicationStatus
from hub.core.tests.factories import (
    make_event,
    make_project,
    make_published_event,
    make_session,
    make_session_role,
    make_user,
)
from hub.events.models import Event, SessionRole

pytestmark = pytest.mark.django_db


def test_an_event_must_end_after_it_starts():
    start = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_event(starts_at=start, ends_at=start - timedelta(hours=1))


def test_validation_explains_an_event_ending_before_it_starts():
    start = timezone.now()
    event = Event(title="Backwards", slug="backwards", starts_at=start, ends_at=start - timedelta(hours=1))
    with pytest.raises(ValidationError, match="must end after it starts"):
        event.full_clean()


def test_upcoming_and_past_list_only_published_events_in_time_order():
    now = timezone.now()
    soon = make_published_event(starts_at=now + timedelta(days=1))
    later = make_published_event(starts_at=now + timedelta(days=9))
    running = make_published_event(starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1))
    old = make_published_event(starts_at=now - timedelta(days=30))
    older = make_published_event(starts_at=now - timedelta(days=60))
    make_event(starts_at=now + timedelta(days=2))  # draft
    make_event(starts_at=now + timedelta(days=2), status=PublicationStatus.REJECTED)
    make_published_event(starts_at=now + timedelta(days=3), published_at=now + timedelta(days=1))  # scheduled

    assert list(Event.objects.upcoming()) == [running, soon, later]
    assert list(Event.objects.past()) == [old, older]


def test_events_filter_by_organising_project():
    project = make_project()
    event = make_published_event(projects=[project])
    make_published_event()
    assert list(Event.objects.published().for_project(project)) == [event]


def test_times_are_shown_in_the_events_own_zone():
    start = timezone.datetime(2023, 11, 16, 9, 0, tzinfo=ZoneInfo("Europe/Brussels"))
    event = make_event(starts_at=start, time_zone="Europe/Helsinki")
    assert event.local_starts_at.hour == 10
    assert event.local_starts_at.tzinfo.key == "Europe/Helsinki"


def test_an_unknown_time_zone_is_refused_with_a_clear_message():
    event = make_event()
    event.time_zone = "Mars/Olympus"
    with pytest.raises(ValidationError, match="not a time zone"):
        event.full_clean()


def test_registration_closes_after_its_deadline():
    event = make_event(registration_url="https://example.org/register")
    event.registration_deadline = timezone.now() - timedelta(minutes=1)
    assert not event.registration_open
    event.registration_deadline = timezone.now() + timedelta(days=1)
    assert event.registration_open


def test_a_session_must_end_after_it_starts():
    start = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_session(starts_at=start, ends_at=start)


def test_a_speaker_is_a_member_or_a_named_guest_not_both_not_neither():
    session = make_session()
    make_session_role(session=session, guest_name="Guest Speaker")
    make_session_role(session=session, person=make_user())
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionRole.objects.create(session=session, person=make_user(), guest_name="Both")
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionRole.objects.create(session=session)


def test_deleting_a_member_keeps_their_name_in_the_agenda():
    member = make_user(full_name="Dana Speaker")
    role = make_session_role(person=member)

    member.delete()

    role.refresh_from_db()
    assert (role.person, role.guest_name) == (None, "Dana Speaker")
