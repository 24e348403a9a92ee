from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from hub.core.models import PublicationStatus
from hub.core.tests.factories import make_event, make_membership, make_post, make_project, make_staff
from hub.members.models import Role
from hub.workspace.views.dashboard import optional_url

S = PublicationStatus
pytestmark = pytest.mark.django_db


def test_the_workspace_sends_anonymous_visitors_to_login(client):
    response = client.get("/workspace/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/workspace/")


def test_a_partner_sees_their_projects_on_the_dashboard(client):
    membership = make_membership()
    client.force_login(membership.user)

    response = client.get("/workspace/")

    assert response.status_code == 200
    assert membership.project.acronym in response.content.decode()


def in_days(days: float) -> datetime:
    return timezone.now() + timedelta(days=days)


def fill(user, project, n: int) -> None:
    """``n`` posts and ``n`` events of ``user`` in every group the dashboard shows."""
    groups = {
        "Draft": {},
        "Submitted": {"status": S.SUBMITTED, "submitted_at": in_days(-1)},
        "Rejected": {"status": S.REJECTED},
        "Scheduled": {"status": S.PUBLISHED, "published_at": in_days(3)},
        "Live": {"status": S.PUBLISHED},
    }
    for i in range(n):
        for prefix, fields in groups.items():
            note = {"review_note": f"Fix post {i}"} if prefix == "Rejected" else {}
            make_post(title=f"{prefix} post {i}", author=user, projects=[project], **fields, **note)
            note = {"review_note": f"Fix event {i}"} if prefix == "Rejected" else {}
            make_event(title=f"{prefix} event {i}", created_by=user, projects=[project], **fields, **note)


def test_posts_and_events_are_grouped_by_status_with_the_reviewers_note(client):
    membership = make_membership()
    fill(membership.user, membership.project, 1)
    client.force_login(membership.user)

    response = client.get("/workspace/")

    page = response.content.decode()
    for groups, kind in ((response.context["post_groups"], "post"), (response.context["event_groups"], "event")):
        titles = {group.key: [item.title for item in group.items] for group in groups}
        assert titles == {
            "draft": [f"Draft {kind} 0"],
            "submitted": [f"Submitted {kind} 0"],
            "rejected": [f"Rejected {kind} 0"],
            "scheduled": [f"Scheduled {kind} 0"],
            "published": [f"Live {kind} 0"],
        }
        assert f"Fix {kind} 0" in page
    assert "Sent back by the reviewers (1)" in page and "Scheduled (1)" in page and "Waiting for review (1)" in page


def test_the_dashboard_lists_nothing_of_other_projects(client):
    mine, theirs = make_membership(), make_membership()
    fill(theirs.user, theirs.project, 1)
    client.force_login(mine.user)

    response = client.get("/workspace/")

    assert all(group.total == 0 for group in response.context["post_groups"] + response.context["event_groups"])
    assert "No posts yet." in response.content.decode()
    assert theirs.project.acronym not in response.content.decode()


def test_an_editor_sees_every_post_and_event_of_their_project(client):
    partner = make_membership()
    editor = make_membership(project=partner.project, role=Role.EDITOR)
    make_post(title="Partner's draft", author=partner.user, projects=[partner.project])
    make_event(title="Partner's event", created_by=partner.user, projects=[partner.project])
    client.force_login(editor.user)

    page = client.get("/workspace/").content.decode()

    assert "Partner&#x27;s draft" in page and "Partner&#x27;s event" in page


def test_projects_show_my_role_the_public_page_and_an_edit_link_for_editors(client):
    editor = make_membership(role=Role.EDITOR)
    partner = make_membership(user=editor.user, project=make_project(acronym="PARTNERED"))
    client.force_login(editor.user)

    page = client.get("/workspace/").content.decode()

    assert "Project editor" in page and "Partner" in page
    assert editor.project.get_absolute_url() in page and partner.project.get_absolute_url() in page
    assert f"/workspace/projects/{editor.project.slug}/edit/" in page
    assert f"/workspace/projects/{partner.project.slug}/edit/" not in page
    assert "Edit the project page" in page


def test_event_times_show_in_the_events_zone_with_its_name(client):
    membership = make_membership()
    make_event(
        created_by=membership.user,
        projects=[membership.project],
        time_zone="Europe/Helsinki",
        starts_at=datetime(2031, 1, 15, 8, 0, tzinfo=UTC),
    )
    client.force_login(membership.user)

    page = client.get("/workspace/").content.decode()

    assert "15 January 2031, 10:00" in page and "(Europe/Helsinki)" in page


def test_live_posts_link_to_their_public_page_and_the_others_to_the_post_editor_if_it_exists(client):
    membership = make_membership()
    live = make_post(author=membership.user, projects=[membership.project], status=S.PUBLISHED)
    draft = make_post(title="Unfinished", author=membership.user, projects=[membership.project])
    client.force_login(membership.user)

    page = client.get("/workspace/").content.decode()

    assert f'href="{live.get_absolute_url()}"' in page
    editor_url = optional_url("workspace:post-edit", draft.pk)
    assert (f'href="{editor_url}"' in page) if editor_url else ("Unfinished" in page)


def test_an_unknown_url_name_gives_an_empty_link():
    assert optional_url("workspace:no-such-page", 1) == ""


def test_the_dashboard_offers_a_new_event_and_a_new_post_when_posts_exist(client):
    client.force_login(make_membership().user)

    page = client.get("/workspace/").content.decode()

    assert 'href="/workspace/events/new/"' in page
    assert ("New post" in page) == bool(optional_url("workspace:post-create"))
    assert page.count("<h1") == 1


@pytest.mark.parametrize("size", [1, 15])
def test_the_dashboard_costs_the_same_number_of_queries_at_any_size(client, django_assert_max_num_queries, size):
    membership = make_membership(role=Role.EDITOR)
    for _ in range(size):
        make_membership(user=membership.user, project=make_project())
    fill(membership.user, membership.project, size)
    client.force_login(membership.user)

    with django_assert_max_num_queries(15):
        response = client.get("/workspace/")

    assert response.status_code == 200


def test_staff_see_every_project_on_the_dashboard(client):
    projects = [make_project(acronym="ONE"), make_project(acronym="TWO")]
    client.force_login(make_staff())

    page = client.get("/workspace/").content.decode()

    assert all(project.acronym in page for project in projects)
    assert "Hub staff" in page
