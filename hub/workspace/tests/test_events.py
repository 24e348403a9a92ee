"""Events in the partners' workspace: who may do what, the form, the agenda, locking, the journey."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import URLPattern, reverse
from django.utils import timezone

from hub.core.models import PublicationStatus, Revision
from hub.core.services import content_transition
from hub.core.tests.factories import (
    make_event,
    make_membership,
    make_organisation,
    make_project,
    make_session,
    make_session_role,
    make_staff,
    make_user,
)
from hub.events.models import Event, Session, SessionRole
from hub.events.services import EditConflict, event_create, event_update, session_people_update
from hub.members.models import Role
from hub.workspace import urls_events

S = PublicationStatus
pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


# ---------------------------------------------------------------- helpers


@dataclass
class World:
    """Projects A and B; an editor and two partners of A, a partner of B, staff; one event each."""

    project_a: object
    project_b: object
    editor_a: object
    partner_a: object
    other_partner_a: object
    partner_b: object
    staff: object
    event_a: Event  # by partner_a
    other_event_a: Event  # by other_partner_a
    event_b: Event  # by partner_b


@pytest.fixture
def world():
    project_a, project_b = make_project(acronym="ALPHA"), make_project(acronym="BETA")
    editor_a = make_membership(project=project_a, role=Role.EDITOR).user
    partner_a = make_membership(project=project_a).user
    other_partner_a = make_membership(project=project_a).user
    partner_b = make_membership(project=project_b).user
    event_a = with_agenda(make_event(title="A's own", created_by=partner_a, projects=[project_a]))
    other_event_a = with_agenda(make_event(title="A's other", created_by=other_partner_a, projects=[project_a]))
    event_b = with_agenda(make_event(title="B's event", created_by=partner_b, projects=[project_b]))
    return World(
        project_a,
        project_b,
        editor_a,
        partner_a,
        other_partner_a,
        partner_b,
        make_staff(),
        event_a,
        other_event_a,
        event_b,
    )


def with_agenda(event: Event) -> Event:
    session = make_session(event=event, title=f"Opening of {event.title}", order=1)
    make_session_role(session=session, guest_name="Ada Guest", role=SessionRole.Role.MODERATOR)
    return event


def local(value: datetime | None, zone) -> str:
    return timezone.localtime(value, zone).strftime("%Y-%m-%dT%H:%M") if value else ""


def management(prefix: str, total: int, initial: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def session_rows(sessions: list[dict], initial: int = 0) -> dict:
    data = management("sessions", len(sessions), initial)
    for n, session in enumerate(sessions):
        row = {"id": "", "title": "", "kind": "talk", "starts_at": "", "ends_at": "", "order": "", "description": ""}
        row |= session
        data |= {f"sessions-{n}-{name}": value for name, value in row.items()}
    return data


def new_event_data(projects, *, sessions=(), **fields) -> dict:
    """A valid POST for the event form: an afternoon in Brussels, with ``sessions`` as the agenda."""
    data = {
        "title": "Battery recycling workshop",
        "kind": "workshop",
        "summary": "Recyclers meet miners.",
        "description": "<p>Programme below.</p>",
        "time_zone": "Europe/Brussels",
        "starts_at": "2031-01-15T13:00",
        "ends_at": "2031-01-15T17:00",
        "format": "in_person",
        "venue_name": "Hub house",
        "venue_address": "Rue de la Loi 1",
        "city": "Brussels",
        "country": "BE",
        "online_url": "",
        "registration_url": "",
        "registration_deadline": "",
        "projects": [project.pk for project in projects],
        "topics": [],
    }
    return data | session_rows(list(sessions)) | fields


def edit_data(event: Event, **changes) -> dict:
    """The edit form of ``event`` as the browser would send it back, with ``changes``."""
    event.refresh_from_db()
    zone = event.zone
    data = {
        "version": event.version,
        "title": event.title,
        "kind": event.kind,
        "summary": event.summary,
        "description": event.description,
        "time_zone": event.time_zone,
        "starts_at": local(event.starts_at, zone),
        "ends_at": local(event.ends_at, zone),
        "format": event.format,
        "venue_name": event.venue_name,
        "venue_address": event.venue_address,
        "city": event.city,
        "country": str(event.country or ""),
        "online_url": event.online_url,
        "registration_url": event.registration_url,
        "registration_deadline": local(event.registration_deadline, zone),
        "projects": [project.pk for project in event.projects.all()],
        "topics": [topic.pk for topic in event.topics.all()],
    }
    rows = [
        {
            "id": session.pk,
            "event": event.pk,
            "title": session.title,
            "kind": session.kind,
            "starts_at": local(session.starts_at, zone),
            "ends_at": local(session.ends_at, zone),
            "order": session.order,
            "description": session.description,
        }
        for session in event.sessions.all()
    ]
    return data | session_rows(rows, initial=len(rows)) | changes


def people_data(session: Session, people: list[dict], **changes) -> dict:
    existing = [
        {"id": role.pk, "session": session.pk, "role": role.role, "guest_name": role.guest_name, "order": role.order}
        for role in session.roles.all()
    ]
    rows = existing + people
    version = Event.objects.values_list("version", flat=True).get(pk=session.event_id)
    data = {"version": version} | management("people", len(rows), len(existing))
    for n, row in enumerate(rows):
        row = {
            "role": "speaker",
            "guest_name": "",
            "organisation": "",
            "project": "",
            "talk_title": "",
            "order": "",
        } | row
        data |= {f"people-{n}-{name}": value for name, value in row.items()}
    return data | changes


def snapshot(event: Event) -> tuple:
    """Everything of ``event`` a request could change: its row, projects, sessions and people."""
    row = Event.objects.filter(pk=event.pk).values().get()
    projects = sorted(event.projects.values_list("pk", flat=True))
    sessions = list(Session.objects.filter(event=event).values().order_by("pk"))
    roles = list(SessionRole.objects.filter(session__event=event).values().order_by("pk"))
    return row, projects, sessions, roles


def revisions(event: Event) -> int:
    return Revision.objects.filter(content_type=ContentType.objects.get_for_model(Event), object_id=event.pk).count()


def url(name: str, event: Event | None = None) -> str:
    if name == "event-session-people":
        return reverse(f"workspace:{name}", args=[event.pk, event.sessions.first().pk])
    return reverse(f"workspace:{name}", args=[event.pk] if event else [])


def request(client, name: str, method: str, event: Event):
    """GET or POST ``name`` for ``event`` with a form that would be accepted from someone allowed."""
    target = url(name, event)
    if method == "get":
        return client.get(target)
    if name == "event-edit":
        return client.post(target, edit_data(event, title="Taken over"))
    if name == "event-session-people":
        return client.post(target, people_data(event.sessions.first(), [{"guest_name": "Intruder"}]))
    return client.post(target)


# ---------------------------------------------------------------- the permission matrix

# Every URL of this part of the workspace, with the methods it answers and whether it names an event.
MATRIX = {
    "event-list": (["get"], False),
    "event-create": (["get", "post"], False),
    "event-edit": (["get", "post"], True),
    "event-preview": (["get"], True),
    "event-submit": (["post"], True),
    "event-withdraw": (["post"], True),
    "event-session-people": (["get", "post"], True),
    "event-revisions": (["get"], True),
}
OBJECT_REQUESTS = [
    (name, method) for name, (methods, has_object) in MATRIX.items() if has_object for method in methods
]
# Pages every member of the event's projects reads, not only those who may edit it (see test_history.py).
READ_BY_PROJECT_MEMBERS = {"event-revisions"}
EDIT_REQUESTS = [(name, method) for name, method in OBJECT_REQUESTS if name not in READ_BY_PROJECT_MEMBERS]


def test_every_workspace_event_url_is_in_the_permission_matrix():
    names = {pattern.name for pattern in urls_events.urlpatterns if isinstance(pattern, URLPattern)}
    assert names == set(MATRIX)


@pytest.mark.parametrize(("name", "method"), [(n, m) for n, (methods, _) in MATRIX.items() for m in methods])
def test_anonymous_visitors_are_sent_to_login_from_every_event_url(client, world, name, method):
    target = url(name, world.event_a if MATRIX[name][1] else None)
    before = snapshot(world.event_a)

    response = getattr(client, method)(target)

    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN}?next=")
    assert snapshot(world.event_a) == before


@pytest.mark.parametrize(("name", "method"), OBJECT_REQUESTS)
def test_a_partner_of_a_gets_404_for_bs_event_and_b_stays_unchanged(client, world, name, method):
    client.force_login(world.partner_a)
    before = snapshot(world.event_b)

    response = request(client, name, method, world.event_b)

    assert response.status_code == 404
    assert snapshot(world.event_b) == before


@pytest.mark.parametrize(("name", "method"), OBJECT_REQUESTS)
def test_an_editor_of_a_gets_404_for_bs_event(client, world, name, method):
    client.force_login(world.editor_a)
    before = snapshot(world.event_b)

    assert request(client, name, method, world.event_b).status_code == 404
    assert snapshot(world.event_b) == before


@pytest.mark.parametrize(("name", "method"), EDIT_REQUESTS)
def test_a_plain_partner_of_a_gets_404_for_another_partners_a_event(client, world, name, method):
    client.force_login(world.partner_a)
    before = snapshot(world.other_event_a)

    assert request(client, name, method, world.other_event_a).status_code == 404
    assert snapshot(world.other_event_a) == before


@pytest.mark.parametrize("who", ["partner_a", "editor_a", "staff"])
@pytest.mark.parametrize("name", ["event-edit", "event-preview", "event-session-people"])
def test_allowed_members_open_their_event_pages(client, world, who, name):
    client.force_login(getattr(world, who))

    assert client.get(url(name, world.event_a)).status_code == 200


@pytest.mark.parametrize("who", ["editor_a", "staff"])
def test_an_editor_of_a_and_staff_edit_every_a_event(client, world, who):
    client.force_login(getattr(world, who))

    for event in (world.event_a, world.other_event_a):
        response = client.post(url("event-edit", event), edit_data(event, title=f"Edited by {who}"))
        assert response.status_code == 302, response.context["form"].errors
        event.refresh_from_db()
        assert event.title == f"Edited by {who}"


def test_staff_edit_bs_event_from_the_workspace(client, world):
    client.force_login(world.staff)

    response = client.post(url("event-edit", world.event_b), edit_data(world.event_b, title="Fixed by staff"))

    assert response.status_code == 302
    world.event_b.refresh_from_db()
    assert world.event_b.title == "Fixed by staff"


def test_a_partner_edits_their_own_event(client, world):
    client.force_login(world.partner_a)

    response = client.post(url("event-edit", world.event_a), edit_data(world.event_a, title="Better title"))

    assert response.status_code == 302
    assert response["Location"] == url("event-edit", world.event_a)
    world.event_a.refresh_from_db()
    assert (world.event_a.title, world.event_a.version) == ("Better title", 2)


def test_the_event_list_shows_only_events_the_member_may_edit(client, world):
    client.force_login(world.partner_a)

    page = client.get(reverse("workspace:event-list")).content.decode()

    assert "A&#x27;s own" in page
    assert "A&#x27;s other" not in page
    assert "B&#x27;s event" not in page


def test_an_editor_sees_every_event_of_their_project_in_the_list(client, world):
    client.force_login(world.editor_a)

    page = client.get(reverse("workspace:event-list")).content.decode()

    assert "A&#x27;s own" in page and "A&#x27;s other" in page
    assert "B&#x27;s event" not in page


def test_submit_and_withdraw_answer_post_only(client, world):
    client.force_login(world.partner_a)

    assert client.get(url("event-submit", world.event_a)).status_code == 405
    assert client.get(url("event-withdraw", world.event_a)).status_code == 405
    world.event_a.refresh_from_db()
    assert world.event_a.status == S.DRAFT


# ---------------------------------------------------------------- forged and extra fields


def test_a_forged_project_id_is_a_form_error_and_nothing_is_created(client, world):
    client.force_login(world.partner_a)
    count = Event.objects.count()

    response = client.post(reverse("workspace:event-create"), new_event_data([world.project_b]))

    assert response.status_code == 200
    assert "projects" in response.context["form"].errors
    assert Event.objects.count() == count


def test_adding_a_foreign_project_on_edit_is_refused_and_the_event_keeps_its_projects(client, world):
    client.force_login(world.partner_a)
    before = snapshot(world.event_a)
    data = edit_data(world.event_a, projects=[world.project_a.pk, world.project_b.pk])

    response = client.post(url("event-edit", world.event_a), data)

    assert response.status_code == 200
    assert "projects" in response.context["form"].errors
    assert snapshot(world.event_a) == before


def test_status_author_publication_date_and_version_posted_as_extra_fields_change_nothing(client, world):
    client.force_login(world.partner_a)
    forged = {
        "status": S.PUBLISHED,
        "created_by": world.partner_b.pk,
        "published_at": "2020-01-01T00:00",
        "slug": "hijacked",
        "review_note": "Approved",
    }

    client.post(reverse("workspace:event-create"), new_event_data([world.project_a], **forged))
    client.post(url("event-edit", world.event_a), edit_data(world.event_a, title="Edited", **forged))

    created = Event.objects.get(title="Battery recycling workshop")
    world.event_a.refresh_from_db()
    for event in (created, world.event_a):
        assert (event.status, event.published_at, event.review_note) == (S.DRAFT, None, "")
        assert event.created_by == world.partner_a
        assert event.slug != "hijacked"
    assert created.version == 1
    assert (world.event_a.title, world.event_a.version) == ("Edited", 2)


def test_a_posted_version_is_compared_and_never_stored(client, world):
    client.force_login(world.partner_a)
    before = snapshot(world.event_a)

    response = client.post(url("event-edit", world.event_a), edit_data(world.event_a, title="X", version=99))

    assert response.status_code == 200
    assert snapshot(world.event_a) == before


def test_a_session_id_of_another_event_does_not_touch_that_event(client, world):
    client.force_login(world.partner_a)
    before = snapshot(world.event_b)
    foreign = world.event_b.sessions.first()
    data = edit_data(world.event_a)
    data |= {"sessions-0-id": foreign.pk, "sessions-0-title": "Stolen", "sessions-0-DELETE": ""}

    client.post(url("event-edit", world.event_a), data)

    assert snapshot(world.event_b) == before


def test_an_editor_keeps_the_projects_they_do_not_belong_to_on_a_joint_event(client, world):
    joint = make_event(created_by=world.partner_a, projects=[world.project_a, world.project_b])
    client.force_login(world.editor_a)

    response = client.post(url("event-edit", joint), edit_data(joint, title="Joint", projects=[world.project_a.pk]))

    assert response.status_code == 302
    assert set(joint.projects.all()) == {world.project_a, world.project_b}


# ---------------------------------------------------------------- bad input


def test_an_event_ending_before_it_starts_is_refused(client, world):
    client.force_login(world.partner_a)
    data = new_event_data([world.project_a], starts_at="2031-01-15T17:00", ends_at="2031-01-15T09:00")

    response = client.post(reverse("workspace:event-create"), data)

    assert response.status_code == 200
    assert response.context["form"].errors["ends_at"] == ["The event must end after it starts."]
    assert "Nothing was saved" in response.content.decode()
    assert not Event.objects.filter(title="Battery recycling workshop").exists()


def test_a_session_ending_before_it_starts_is_refused_and_nothing_is_stored(client, world):
    client.force_login(world.partner_a)
    bad = {"title": "Backwards", "starts_at": "2031-01-15T15:00", "ends_at": "2031-01-15T14:00"}
    good = {"title": "Fine", "starts_at": "2031-01-15T13:00", "ends_at": "2031-01-15T14:00"}

    response = client.post(reverse("workspace:event-create"), new_event_data([world.project_a], sessions=[good, bad]))

    assert response.status_code == 200
    assert response.context["sessions"].errors[1]["ends_at"] == ["A session must end after it starts."]
    assert "Session 2, Ends (local time)" in response.content.decode()
    assert not Event.objects.filter(title="Battery recycling workshop").exists()
    assert not Session.objects.filter(title="Fine").exists()


def test_a_person_with_neither_name_nor_member_is_refused(client, world):
    client.force_login(world.partner_a)
    session = world.event_a.sessions.first()
    before = snapshot(world.event_a)

    response = client.post(
        url("event-session-people", world.event_a), people_data(session, [{"talk_title": "Anonymous talk"}])
    )

    assert response.status_code == 200
    assert response.context["people"].errors[1]["guest_name"] == ["Type the person's name."]
    assert snapshot(world.event_a) == before


def test_the_service_refuses_a_role_without_a_person_and_stores_nothing(world):
    session = world.event_a.sessions.first()
    before = snapshot(world.event_a)

    with pytest.raises(ValidationError):
        session_people_update(
            session=session, by=world.partner_a, expected_version=1, people=[{"role": "speaker", "guest_name": " "}]
        )

    assert snapshot(world.event_a) == before


# ---------------------------------------------------------------- status rules


def test_a_submitted_event_must_be_withdrawn_before_it_can_be_edited(client, world):
    client.force_login(world.partner_a)
    client.post(url("event-submit", world.event_a))
    world.event_a.refresh_from_db()
    assert world.event_a.status == S.SUBMITTED
    before = snapshot(world.event_a)

    page = client.get(url("event-edit", world.event_a)).content.decode()
    client.post(url("event-edit", world.event_a), edit_data(world.event_a, title="Sneaky change"))

    assert "Withdraw it from review" in page
    assert snapshot(world.event_a) == before

    client.post(url("event-withdraw", world.event_a))
    response = client.post(url("event-edit", world.event_a), edit_data(world.event_a, title="Proper change"))

    assert response.status_code == 302
    world.event_a.refresh_from_db()
    assert (world.event_a.status, world.event_a.title) == (S.DRAFT, "Proper change")


def test_the_service_refuses_to_edit_a_submitted_or_published_event(world):
    for status in (S.SUBMITTED, S.PUBLISHED):
        event = make_event(created_by=world.partner_a, projects=[world.project_a], status=status)
        with pytest.raises(ValidationError):
            event_update(event=event, by=world.partner_a, expected_version=1, title="Changed")
        event.refresh_from_db()
        assert (event.title, event.version) != ("Changed", 2)


def test_a_rejected_event_shows_the_reviewers_note_and_can_be_edited_and_resubmitted(client, world):
    world.event_a.status, world.event_a.review_note = S.SUBMITTED, ""
    world.event_a.save()
    content_transition(obj=world.event_a, action="reject", by=world.staff, reason="Add the venue's address.")
    client.force_login(world.partner_a)

    page = client.get(url("event-edit", world.event_a)).content.decode()
    client.post(url("event-edit", world.event_a), edit_data(world.event_a, venue_address="Rue Belliard 1"))
    client.post(url("event-submit", world.event_a))

    assert "Add the venue&#x27;s address." in page
    world.event_a.refresh_from_db()
    assert (world.event_a.venue_address, world.event_a.status) == ("Rue Belliard 1", S.SUBMITTED)


def test_submitting_twice_says_why_it_cannot(client, world):
    client.force_login(world.partner_a)
    client.post(url("event-submit", world.event_a))

    response = client.post(url("event-submit", world.event_a), follow=True)

    assert "cannot be submitted" in response.content.decode()


# ---------------------------------------------------------------- services


def test_event_create_refuses_a_project_the_author_cannot_post_for(world):
    with pytest.raises(PermissionDenied):
        event_create(
            by=world.partner_a,
            projects=[world.project_a, world.project_b],
            title="Joint",
            starts_at=datetime(2031, 1, 1, 9, tzinfo=UTC),
            ends_at=datetime(2031, 1, 1, 10, tzinfo=UTC),
        )
    assert not Event.objects.filter(title="Joint").exists()


def test_event_create_stores_a_draft_by_its_author_with_one_revision(world):
    event = event_create(
        by=world.partner_a,
        projects=[world.project_a],
        title="Webinar",
        kind=Event.Kind.WEBINAR,
        starts_at=datetime(2031, 1, 1, 9, tzinfo=UTC),
        ends_at=datetime(2031, 1, 1, 10, tzinfo=UTC),
        sessions=[{"title": "Intro", "kind": "talk", "projects": [world.project_b]}],
    )

    assert (event.status, event.created_by, event.version) == (S.DRAFT, world.partner_a, 1)
    assert [s.title for s in event.sessions.all()] == ["Intro"]
    assert revisions(event) == 1
    revision = Revision.objects.get(object_id=event.pk, content_type__model="event")
    assert revision.data["title"] == "Webinar"
    assert revision.data["agenda"][0]["title"] == "Intro"


def test_the_services_never_take_status_author_or_version(world):
    when = {"starts_at": datetime(2031, 1, 1, 9, tzinfo=UTC), "ends_at": datetime(2031, 1, 1, 10, tzinfo=UTC)}
    with pytest.raises(TypeError):
        event_create(by=world.partner_a, projects=[world.project_a], title="X", status=S.PUBLISHED, **when)
    with pytest.raises(TypeError):
        event_update(event=world.event_a, by=world.partner_a, expected_version=1, version=7)
    with pytest.raises(TypeError):
        event_update(event=world.event_a, by=world.partner_a, expected_version=1, created_by=world.partner_b)


# ---------------------------------------------------------------- optimistic locking


def test_the_second_of_two_edits_from_the_same_version_is_refused_and_keeps_its_text(client, world):
    first, second = edit_data(world.event_a, title="First edit"), edit_data(world.event_a, title="Second edit")
    client.force_login(world.partner_a)

    assert client.post(url("event-edit", world.event_a), first).status_code == 302
    response = client.post(url("event-edit", world.event_a), second)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this event while you were editing it" in page
    assert 'value="Second edit"' in page
    assert "Open the saved version in a new tab" in page
    world.event_a.refresh_from_db()
    assert (world.event_a.title, world.event_a.version) == ("First edit", 2)
    assert revisions(world.event_a) == 1


def test_every_save_records_exactly_one_revision(client, world):
    client.force_login(world.partner_a)

    for n in range(3):
        client.post(url("event-edit", world.event_a), edit_data(world.event_a, title=f"Edit {n}"))

    world.event_a.refresh_from_db()
    assert world.event_a.version == 4
    assert revisions(world.event_a) == 3
    latest = Revision.objects.filter(object_id=world.event_a.pk, content_type__model="event").first()
    assert (latest.version, latest.data["title"], latest.author) == (4, "Edit 2", world.partner_a)


def test_the_service_raises_an_edit_conflict_for_a_stale_version(world):
    event_update(event=world.event_a, by=world.partner_a, expected_version=1, title="One")
    stale = Event.objects.get(pk=world.event_a.pk)
    stale.version = 1

    with pytest.raises(EditConflict) as conflict:
        event_update(event=stale, by=world.editor_a, expected_version=1, title="Two")

    assert conflict.value.current_version == 2
    assert Event.objects.get(pk=world.event_a.pk).title == "One"


def test_editing_the_people_of_a_session_from_a_stale_version_is_refused(client, world):
    session = world.event_a.sessions.first()
    stale = people_data(session, [{"guest_name": "Late speaker"}])
    client.force_login(world.partner_a)
    client.post(url("event-edit", world.event_a), edit_data(world.event_a, title="Meanwhile"))

    response = client.post(url("event-session-people", world.event_a), stale)

    assert "Someone else saved this event" in response.content.decode()
    assert not SessionRole.objects.filter(guest_name="Late speaker").exists()


# ---------------------------------------------------------------- time zones


def test_times_are_typed_in_the_events_own_zone(client, world):
    client.force_login(world.partner_a)
    data = new_event_data(
        [world.project_a],
        time_zone="Europe/Helsinki",
        starts_at="2031-01-15T10:00",
        ends_at="2031-01-15T12:00",
        sessions=[{"title": "Keynote", "starts_at": "2031-01-15T10:00", "ends_at": "2031-01-15T10:30"}],
    )

    response = client.post(reverse("workspace:event-create"), data)

    assert response.status_code == 302
    event = Event.objects.get(title="Battery recycling workshop")
    assert event.starts_at == datetime(2031, 1, 15, 8, 0, tzinfo=UTC)
    assert event.sessions.get().starts_at == datetime(2031, 1, 15, 8, 0, tzinfo=UTC)
    page = client.get(url("event-edit", event)).content.decode()
    assert 'value="2031-01-15T10:00"' in page
    assert 'value="Europe/Helsinki" selected' in page


def test_an_unknown_time_zone_is_a_form_error(client, world):
    client.force_login(world.partner_a)

    response = client.post(
        reverse("workspace:event-create"), new_event_data([world.project_a], time_zone="Mars/Olympus")
    )

    assert "time_zone" in response.context["form"].errors


def test_the_event_list_shows_times_in_the_events_zone_with_its_name(client, world):
    make_event(
        title="Helsinki meeting",
        created_by=world.partner_a,
        projects=[world.project_a],
        time_zone="Europe/Helsinki",
        starts_at=datetime(2031, 1, 15, 8, 0, tzinfo=UTC),
    )
    client.force_login(world.partner_a)

    page = client.get(reverse("workspace:event-list")).content.decode()

    assert "15 January 2031, 10:00" in page and "Europe/Helsinki" in page


# ---------------------------------------------------------------- agenda editing


def test_sessions_are_added_changed_and_deleted_with_the_event_in_one_save(client, world):
    client.force_login(world.partner_a)
    data = edit_data(world.event_a)
    data |= {"sessions-0-title": "Renamed opening"}
    data |= {
        "sessions-TOTAL_FORMS": 2,
        "sessions-1-id": "",
        "sessions-1-title": "Closing",
        "sessions-1-kind": "talk",
        "sessions-1-order": "",
    }

    assert client.post(url("event-edit", world.event_a), data).status_code == 302
    assert [s.title for s in world.event_a.sessions.all()] == ["Renamed opening", "Closing"]

    data = edit_data(world.event_a) | {"sessions-0-DELETE": "on"}
    assert client.post(url("event-edit", world.event_a), data).status_code == 302
    assert [s.title for s in world.event_a.sessions.all()] == ["Closing"]
    assert not SessionRole.objects.filter(session__event=world.event_a).exists()


def test_the_people_page_adds_renames_and_removes_people(client, world):
    session = world.event_a.sessions.first()
    organisation = make_organisation(name="Uni of Oulu")
    client.force_login(world.partner_a)
    speaker = {"guest_name": "Bo Speaker", "organisation": organisation.pk, "project": world.project_b.pk}

    response = client.post(url("event-session-people", world.event_a), people_data(session, [speaker]))

    assert response.status_code == 302
    people = list(session.roles.values_list("guest_name", "role", "organisation", "project"))
    assert people == [
        ("Ada Guest", "moderator", None, None),
        ("Bo Speaker", "speaker", organisation.pk, world.project_b.pk),
    ]
    data = people_data(session, []) | {"people-0-DELETE": "on"}
    client.post(url("event-session-people", world.event_a), data)
    assert list(session.roles.values_list("guest_name", flat=True)) == ["Bo Speaker"]


def test_a_member_linked_by_staff_stays_linked_when_partners_save_the_people(client, world):
    session = world.event_a.sessions.first()
    member = make_user(full_name="Mia Member")
    make_session_role(session=session, person=member, guest_name="")
    client.force_login(world.partner_a)

    response = client.post(url("event-session-people", world.event_a), people_data(session, []))

    assert response.status_code == 302
    assert session.roles.filter(person=member).exists()


# ---------------------------------------------------------------- the journey


def test_a_partner_proposes_an_event_previews_submits_and_staff_publish_it(client, world):
    client.force_login(world.partner_a)
    sessions = [
        {
            "title": "Panel on recycling",
            "kind": "panel",
            "starts_at": "2031-01-15T13:00",
            "ends_at": "2031-01-15T14:00",
        },
        {"title": "Lab tour", "kind": "interactive", "starts_at": "2031-01-15T14:30", "ends_at": "2031-01-15T16:00"},
    ]

    response = client.post(reverse("workspace:event-create"), new_event_data([world.project_a], sessions=sessions))

    event = Event.objects.get(title="Battery recycling workshop")
    assert response["Location"] == url("event-edit", event)
    panel, tour = event.sessions.all()
    moderator = {"role": "moderator", "guest_name": "Mo Derator"}
    speaker = {"role": "speaker", "guest_name": "Spe Aker", "talk_title": "Black mass"}
    people_url = reverse("workspace:event-session-people", args=[event.pk, panel.pk])
    assert client.post(people_url, people_data(panel, [moderator, speaker])).status_code == 302

    preview = client.get(url("event-preview", event))
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Preview — not published" in page
    assert "Panel on recycling" in page and "Lab tour" in page
    assert "Mo Derator" in page and "Spe Aker" in page and "Black mass" in page
    assert [item.session for item in preview.context["agenda"]] == [panel, tour]
    assert client.get(event.get_absolute_url()).status_code == 404

    client.post(url("event-submit", event))
    event.refresh_from_db()
    assert event.status == S.SUBMITTED
    content_transition(obj=event, action="publish", by=world.staff)

    listing = client.get(reverse("events:event-list")).content.decode()
    assert "Battery recycling workshop" in listing
    public = client.get(event.get_absolute_url()).content.decode()
    assert "Mo Derator" in public and "Preview — not published" not in public


def test_the_preview_uses_the_public_template_for_any_status(client, world):
    client.force_login(world.partner_a)
    world.event_a.status = S.SUBMITTED
    world.event_a.save()

    response = client.get(url("event-preview", world.event_a))

    assert response.templates[0].name == "events/event_detail.html"
    assert response.context["is_preview"] is True
    assert response["X-Robots-Tag"] == "noindex"


def test_the_create_page_renders_a_labelled_form_with_one_h1(client, world):
    client.force_login(world.partner_a)

    page = client.get(reverse("workspace:event-create")).content.decode()

    assert page.count("<h1") == 1
    assert re.search(r'<label\s+for="id_starts_at"', page)
    assert re.search(r'<label\s+for="id_sessions-0-title"', page)
    assert "<script>" not in page and "style=" not in page
    assert "js/formset.js" in page


def test_the_create_page_offers_only_the_members_projects(client, world):
    client.force_login(world.partner_a)

    form = client.get(reverse("workspace:event-create")).context["form"]

    assert list(form.fields["projects"].queryset) == [world.project_a]


def test_the_registration_deadline_must_not_fall_after_the_event(client, world):
    client.force_login(world.partner_a)
    data = new_event_data([world.project_a], registration_deadline="2031-02-01T12:00")

    response = client.post(reverse("workspace:event-create"), data)

    assert "registration_deadline" in response.context["form"].errors


def test_a_session_time_may_be_left_out(client, world):
    client.force_login(world.partner_a)
    data = new_event_data([world.project_a], sessions=[{"title": "Networking"}])

    assert client.post(reverse("workspace:event-create"), data).status_code == 302
    session = Session.objects.get(title="Networking")
    assert (session.starts_at, session.order) == (None, 1)


def test_in_the_past_or_future_the_edit_page_renders_times_in_the_zone(client, world):
    event = make_event(
        created_by=world.partner_a,
        projects=[world.project_a],
        time_zone="America/New_York",
        starts_at=datetime(2031, 7, 1, 13, 0, tzinfo=UTC),
    )
    event.ends_at = event.starts_at + timedelta(hours=2)
    event.save()
    client.force_login(world.partner_a)

    page = client.get(url("event-edit", event)).content.decode()

    assert 'value="2031-07-01T09:00"' in page


@pytest.mark.parametrize("size", [1, 12])
def test_the_edit_and_people_pages_cost_the_same_queries_for_any_agenda(
    client, world, django_assert_max_num_queries, size
):
    for n in range(size):
        session = make_session(event=world.event_a, title=f"Extra {n}", starts_at=world.event_a.starts_at)
        make_session_role(session=session, person=make_user())
        make_organisation()
    edit_page, people_page = url("event-edit", world.event_a), url("event-session-people", world.event_a)
    client.force_login(world.partner_a)

    with django_assert_max_num_queries(12):
        assert client.get(edit_page).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(people_page).status_code == 200


def test_a_refused_edit_keeps_the_saved_title_in_the_heading(client, world):
    client.force_login(world.partner_a)

    data = edit_data(world.event_a, title="Typed title", ends_at="2000-01-01T00:00")
    page = client.post(url("event-edit", world.event_a), data).content.decode()

    assert "<h1>Edit “A&#x27;s own”</h1>" in page
    assert 'value="Typed title"' in page


def test_the_description_is_sanitised_when_saved(client, world):
    client.force_login(world.partner_a)
    data = new_event_data([world.project_a], description='<p onclick="x()">Hi</p><script>alert(1)</script>')

    client.post(reverse("workspace:event-create"), data)

    stored = Event.objects.get(title="Battery recycling workshop").description
    assert "<script>" not in stored and "onclick" not in stored and "Hi" in stored


@pytest.mark.parametrize("who", ["editor_a", "staff"])
def test_an_editor_of_a_and_staff_submit_and_withdraw_another_partners_a_event(client, world, who):
    client.force_login(getattr(world, who))

    client.post(url("event-submit", world.other_event_a))
    world.other_event_a.refresh_from_db()
    assert world.other_event_a.status == S.SUBMITTED

    client.post(url("event-withdraw", world.other_event_a))
    world.other_event_a.refresh_from_db()
    assert world.other_event_a.status == S.DRAFT


def test_staff_name_the_people_of_bs_session_from_the_workspace(client, world):
    client.force_login(world.staff)
    session = world.event_b.sessions.first()

    response = client.post(url("event-session-people", world.event_b), people_data(session, [{"guest_name": "Eve"}]))

    assert response.status_code == 302
    assert session.roles.filter(guest_name="Eve").exists()


def test_a_refused_service_call_leaves_the_version_and_revisions_unchanged(world):
    with pytest.raises(PermissionDenied):
        event_update(event=world.event_b, by=world.partner_a, expected_version=1, title="Taken over")
    with pytest.raises(PermissionDenied):
        event_update(event=world.event_a, by=world.partner_a, expected_version=1, projects=[world.project_b])

    for event in (world.event_a, world.event_b):
        event.refresh_from_db()
        assert event.version == 1
        assert revisions(event) == 0
    assert event.title == "B's event"
