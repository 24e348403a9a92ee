"""History pages of events and project pages in the workspace, and the revisions in the back office."""

from datetime import UTC, datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hub.core.models import Revision
from hub.core.services import content_transition, revision_record
from hub.core.tests.admin_helpers import admin_url, login_verified
from hub.core.tests.factories import (
    make_event,
    make_membership,
    make_organisation,
    make_post,
    make_project,
    make_staff,
    make_topic,
    make_user,
)
from hub.events.models import Event, SessionRole
from hub.events.services import event_create, event_update, session_people_update
from hub.members.models import Role
from hub.news.models import Post
from hub.projects.models import Project
from hub.projects.services import project_update_public_page

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
HISTORY_URLS = ["workspace:event-revisions", "workspace:project-revisions"]


@pytest.fixture
def world():
    """Projects A and B, each with a member and an event; staff."""
    project_a = make_project(acronym="ALPHA", slug="alpha")
    project_b = make_project(acronym="BRAVO", slug="bravo")
    return type(
        "World",
        (),
        {
            "project_a": project_a,
            "project_b": project_b,
            "member_a": make_membership(project=project_a).user,
            "member_b": make_membership(project=project_b).user,
            "staff": make_staff(),
            "event_a": make_event(title="Alpha workshop", projects=[project_a]),
            "event_b": make_event(title="Bravo webinar", projects=[project_b]),
        },
    )


def history_url(name: str, item) -> str:
    return reverse(name, args=[item.slug if isinstance(item, Project) else item.pk])


def item_of(world, name: str, project: str):
    """The event or the project the history URL ``name`` is about, of project ``project`` ("a" or "b")."""
    return getattr(world, f"{'event' if name == 'workspace:event-revisions' else 'project'}_{project}")


# ---------------------------------------------------------------- who reads a history


@pytest.mark.parametrize("name", HISTORY_URLS)
def test_anonymous_visitors_are_sent_to_login_from_a_history_page(client, world, name):
    url = history_url(name, item_of(world, name, "a"))

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN}?next={url}")


@pytest.mark.parametrize("name", HISTORY_URLS)
def test_a_member_of_a_reads_the_history_of_as_items(client, world, name):
    client.force_login(world.member_a)

    assert client.get(history_url(name, item_of(world, name, "a"))).status_code == 200


@pytest.mark.parametrize("name", HISTORY_URLS)
def test_a_member_of_b_gets_404_for_the_history_of_as_items(client, world, name):
    client.force_login(world.member_b)

    assert client.get(history_url(name, item_of(world, name, "a"))).status_code == 404


@pytest.mark.parametrize("name", HISTORY_URLS)
def test_a_signed_in_user_of_no_project_gets_404_for_every_history(client, world, name):
    client.force_login(make_user())

    for project in ("a", "b"):
        assert client.get(history_url(name, item_of(world, name, project))).status_code == 404


@pytest.mark.parametrize("name", HISTORY_URLS)
def test_staff_read_every_history(client, world, name):
    client.force_login(world.staff)

    for project in ("a", "b"):
        assert client.get(history_url(name, item_of(world, name, project))).status_code == 200


def test_a_member_of_any_organising_project_reads_a_joint_events_history(client, world):
    joint = make_event(title="Joint meeting", projects=[world.project_a, world.project_b])
    client.force_login(world.member_b)

    assert client.get(history_url("workspace:event-revisions", joint)).status_code == 200


def test_a_plain_member_reads_the_history_of_an_event_they_may_not_edit_and_sees_no_edit_link(client, world):
    client.force_login(world.member_a)

    page = client.get(history_url("workspace:event-revisions", world.event_a)).content.decode()

    assert reverse("workspace:event-edit", args=[world.event_a.pk]) not in page
    assert client.get(reverse("workspace:event-edit", args=[world.event_a.pk])).status_code == 404


# ---------------------------------------------------------------- what an event's history shows


def propose_event(world, by, **fields):
    """An event in Tokyo, proposed through the service with one session and its organising project."""
    return event_create(
        by=by,
        projects=[world.project_a],
        topics=[make_topic(name="Direct lithium extraction")],
        sessions=[
            {
                "title": "Opening keynote",
                "kind": "keynote",
                "starts_at": datetime(2031, 1, 15, 12, 30, tzinfo=UTC),
                "ends_at": datetime(2031, 1, 15, 13, 0, tzinfo=UTC),
                "description": "",
                "order": 1,
                "projects": [world.project_a],
            }
        ],
        title="Brine day",
        kind="workshop",
        starts_at=datetime(2031, 1, 15, 12, 0, tzinfo=UTC),
        ends_at=datetime(2031, 1, 15, 16, 0, tzinfo=UTC),
        time_zone="Asia/Tokyo",
        **fields,
    )


def test_the_event_history_shows_who_saved_each_version_when_and_what_changed(client, world):
    author = make_membership(project=world.project_a, user=make_user(full_name="Ada Author")).user
    editor = make_membership(project=world.project_a, role=Role.EDITOR, user=make_user(full_name="Ed Editor")).user
    event = propose_event(world, author)
    event_update(event=event, by=editor, expected_version=1, title="Brine day, revised")
    session = event.sessions.get()
    organisation = make_organisation(name="Lithium Labs")
    session_people_update(
        session=session,
        by=author,
        expected_version=2,
        people=[
            {
                "role": SessionRole.Role.SPEAKER,
                "guest_name": "Grace Guest",
                "organisation": organisation,
                "project": world.project_a,
                "talk_title": "Brines at scale",
            }
        ],
    )
    client.force_login(world.member_a)

    page = client.get(history_url("workspace:event-revisions", event)).content.decode()

    assert page.count('class="border-top py-3" id="revision-') == 3
    for number in (1, 2, 3):
        assert f'id="revision-{number}"' in page
    assert "Ada Author" in page and "Ed Editor" in page
    assert "Proposed" in page and "Edited" in page and "People of “Opening keynote” edited" in page
    assert "<time datetime=" in page
    # The saved fields in readable form: labels, choice names, related names, times in the event's zone.
    assert "Brine day, revised" in page
    assert "Workshop" in page
    assert "Direct lithium extraction" in page
    assert "15 January 2031, 21:00" in page  # 12:00 UTC in Tokyo
    # The agenda saved with each version, its people included once named.
    assert "Opening keynote" in page and "(keynote)" in page
    assert "15 January 2031, 21:30" in page
    assert "Speaker: Grace Guest, Lithium Labs (ALPHA) — “Brines at scale”" in page


def test_the_event_history_shows_its_review_steps(client, world):
    event = propose_event(world, world.member_a)
    content_transition(obj=event, action="submit", by=world.member_a)
    content_transition(obj=event, action="reject", by=world.staff, reason="Add the venue, please.")
    client.force_login(world.member_a)

    page = client.get(history_url("workspace:event-revisions", event)).content.decode()

    assert "Review steps" in page
    assert "Submit (draft → submitted)" in page
    assert "Add the venue, please." in page


def test_the_event_history_costs_the_same_queries_however_many_versions(client, world):
    event = propose_event(world, world.member_a)
    client.force_login(world.staff)
    url = history_url("workspace:event-revisions", event)
    with CaptureQueriesContext(connection) as one_version:
        client.get(url)

    for version in (1, 2, 3):
        editor = make_membership(project=world.project_a, role=Role.EDITOR).user
        event_update(event=event, by=editor, expected_version=version, title=f"Edit {version}", topics=[make_topic()])
    with CaptureQueriesContext(connection) as four_versions:
        response = client.get(url)

    assert response.content.decode().count('class="border-top py-3" id="revision-') == 4
    assert len(four_versions) == len(one_version)


def test_a_project_since_removed_from_an_event_is_still_named_in_old_versions(client, world):
    event = propose_event(world, world.member_a)
    gone = make_project(acronym="GONE")
    revision = Revision.objects.get(object_id=event.pk, content_type__model="event")
    revision.data["projects"] = [world.project_a.pk, gone.pk, 999_999]
    revision.save()
    client.force_login(world.staff)

    page = client.get(history_url("workspace:event-revisions", event)).content.decode()

    assert "ALPHA, GONE, #999999 (since deleted)" in page


# ---------------------------------------------------------------- what a project's history shows


def test_the_project_history_shows_each_save_of_the_public_page(client, world):
    editor = make_membership(project=world.project_a, role=Role.EDITOR, user=make_user(full_name="Pia Page")).user
    topic = make_topic(name="Recycling")
    project_update_public_page(project=world.project_a, by=editor, summary="First words.", topics=[topic])
    project_update_public_page(project=world.project_a, by=world.staff, summary="Second words.")
    client.force_login(world.member_a)

    page = client.get(history_url("workspace:project-revisions", world.project_a)).content.decode()

    assert page.count('class="border-top py-3" id="revision-') == 2
    assert page.index('id="revision-2"') < page.index('id="revision-1"')  # newest first
    assert "Pia Page" in page and world.staff.full_name in page
    assert "Public page" in page
    assert "First words." in page and "Second words." in page
    assert "Recycling" in page
    assert "Review steps" not in page


# ---------------------------------------------------------------- links to the history pages


def test_the_event_list_and_edit_page_link_to_the_events_history(client, world):
    event = propose_event(world, world.member_a)
    client.force_login(world.member_a)
    history = history_url("workspace:event-revisions", event)

    assert history in client.get(reverse("workspace:event-list")).content.decode()
    assert history in client.get(reverse("workspace:event-edit", args=[event.pk])).content.decode()


def test_the_project_list_and_edit_page_link_to_the_projects_history(client, world):
    editor = make_membership(project=world.project_a, role=Role.EDITOR).user
    history = history_url("workspace:project-revisions", world.project_a)

    client.force_login(world.member_a)
    assert history in client.get(reverse("workspace:project-list")).content.decode()
    client.force_login(editor)
    assert history in client.get(reverse("workspace:project-edit", args=[world.project_a.slug])).content.decode()


# ---------------------------------------------------------------- the back office


@pytest.fixture
def superuser_client(client):
    return login_verified(client, make_user(email="root@example.org", is_staff=True, is_superuser=True))


def test_the_revision_list_shows_each_revision_to_staff(staff_client):
    post = make_post(title="Lithium from brines")
    revision_record(obj=post, by=make_user(full_name="Ada Author"), fields=["title"], summary="Changed title")

    response = staff_client.get(admin_url(Revision, "changelist"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Lithium from brines" in page
    assert admin_url(Post, "change", post.pk) in page
    assert "Ada Author" in page and "Changed title" in page


def test_the_revision_list_filters_by_content_type_and_object(staff_client):
    post, event = make_post(), make_event()
    for item in (post, event):
        revision_record(obj=item, by=None, fields=["title"])
    content_type = ContentType.objects.get_for_model(Event)

    response = staff_client.get(
        f"{admin_url(Revision, 'changelist')}?content_type__id__exact={content_type.pk}&object_id={event.pk}"
    )

    assert [revision.object_id for revision in response.context["cl"].result_list] == [event.pk]


def test_nobody_adds_changes_or_deletes_a_revision_in_the_admin(staff_client, superuser_client):
    post = make_post()
    revision = revision_record(obj=post, by=None, fields=["title"], summary="Created")

    for client in (staff_client, superuser_client):
        assert client.get(admin_url(Revision, "add")).status_code == 403
        assert client.post(admin_url(Revision, "delete", revision.pk), {"post": "yes"}).status_code == 403
        client.post(admin_url(Revision, "change", revision.pk), {"summary": "Rewritten"})
    revision.refresh_from_db()
    assert revision.summary == "Created"
    page = superuser_client.get(admin_url(Revision, "change", revision.pk)).content.decode()
    assert "&quot;title&quot;" in page  # the saved content, read-only


CHANGE_PAGES = {
    "news.Post": (make_post, "title"),
    "events.Event": (make_event, "title"),
    "projects.Project": (make_project, "summary"),
}


@pytest.mark.parametrize("label", list(CHANGE_PAGES))
def test_the_change_page_shows_the_items_revisions_in_a_constant_number_of_queries(staff_client, label):
    make, field = CHANGE_PAGES[label]
    item = make()
    revision_record(obj=item, by=make_user(full_name="First Saver"), fields=[field], summary="First save")
    url = admin_url(type(item), "change", item.pk)
    with CaptureQueriesContext(connection) as one_revision:
        staff_client.get(url)
    for n in range(3):
        revision_record(obj=item, by=make_user(full_name=f"Saver {n}"), fields=[field], summary=f"Save {n}")

    with CaptureQueriesContext(connection) as four_revisions:
        page = staff_client.get(url).content.decode()

    assert len(four_revisions) == len(one_revision)
    assert "Revisions" in page
    assert "First Saver" in page and "Saver 2" in page
    assert "First save" in page and "Save 2" in page
    content_type = ContentType.objects.get_for_model(item)
    assert f"?content_type__id__exact={content_type.pk}&amp;object_id={item.pk}" in page


@pytest.mark.parametrize("model", [Post, Event, Project])
def test_the_add_page_has_no_revisions_block(staff_client, model):
    page = staff_client.get(admin_url(model, "add")).content.decode()

    assert "No revision recorded yet" not in page
