"""The moderation queue at /admin/moderation/: what waits for review, and deciding on it."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hub.core.models import AuditEntry
from hub.core.tests.admin_helpers import login_verified
from hub.core.tests.factories import make_document, make_event, make_post, make_project, make_staff, make_user
from hub.news.models import Post

QUEUE = reverse("admin:moderation")


def submitted(make, days_ago: int, **fields):
    """An item submitted ``days_ago`` days ago."""
    obj = make(status="submitted", **fields)
    type(obj).objects.filter(pk=obj.pk).update(submitted_at=timezone.now() - timedelta(days=days_ago))
    return obj


def key(obj) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def decide(client, obj, transition: str, **fields):
    return client.post(QUEUE, {"item": key(obj), "transition": transition, **fields}, follow=True)


def listed(response) -> list:
    return [item.obj for item in response.context["items"]]


@pytest.mark.django_db
def test_queue_lists_everything_submitted_oldest_submission_first(staff_client):
    event = submitted(make_event, days_ago=1)
    post = submitted(make_post, days_ago=3)
    document = submitted(make_document, days_ago=2)

    response = staff_client.get(QUEUE)

    assert response.status_code == 200
    assert listed(response) == [post, document, event]


@pytest.mark.django_db
def test_queue_orders_items_without_a_submission_date_by_creation(staff_client):
    recent = submitted(make_post, days_ago=0)
    # Set to "submitted" by hand, e.g. by an import, so it has no submission date.
    undated = make_event(status="submitted")
    type(undated).objects.filter(pk=undated.pk).update(created_at=timezone.now() - timedelta(days=5))

    assert listed(staff_client.get(QUEUE)) == [undated, recent]


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["draft", "published", "rejected", "archived"])
def test_queue_hides_items_not_waiting_for_review(staff_client, status):
    make_post(status=status)
    make_event(status=status)
    make_document(status=status)

    response = staff_client.get(QUEUE)

    assert listed(response) == []
    assert "Nothing is waiting for review." in response.content.decode()


@pytest.mark.django_db
def test_queue_shows_type_title_link_projects_author_and_decision_buttons(staff_client):
    project = make_project(acronym="LITHIUMX")
    post = submitted(make_post, days_ago=1, projects=[project], author=make_user(full_name="Ana Author"))

    page = staff_client.get(QUEUE).content.decode()

    assert reverse("admin:news_post_change", args=[post.pk]) in page
    for text in (post.title, "LITHIUMX", "Ana Author", 'value="publish"', 'value="reject"', 'name="reason"'):
        assert text in page


def fill_queue(count: int) -> None:
    projects = [make_project(), make_project()]
    makers = [make_post, make_event, make_document]
    for n in range(count):
        owner = {make_post: "author", make_event: "created_by", make_document: "uploaded_by"}[makers[n % 3]]
        submitted(makers[n % 3], days_ago=n, projects=projects, **{owner: make_user()})


def queries_for_queue(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(QUEUE).status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 50])
def test_queue_runs_a_fixed_number_of_queries(staff_client, django_assert_max_num_queries, count):
    fill_queue(count)

    # 11: one of them loads the staff member's second-factor device from the session (django-otp).
    with django_assert_max_num_queries(11):
        response = staff_client.get(QUEUE)

    assert len(response.context["items"]) == count


@pytest.mark.django_db
def test_queue_query_count_does_not_grow_with_the_number_of_items(staff_client):
    fill_queue(5)
    with_five = queries_for_queue(staff_client)
    fill_queue(45)

    assert queries_for_queue(staff_client) == with_five


@pytest.mark.django_db
def test_publish_from_the_queue_publishes_and_records_it(staff_client):
    post = submitted(make_post, days_ago=1)

    response = decide(staff_client, post, "publish")

    post.refresh_from_db()
    assert post.is_public
    assert response.redirect_chain == [(QUEUE, 302)]
    assert AuditEntry.objects.get(object_id=post.pk).actor.email == "staff@example.org"
    assert listed(response) == []


@pytest.mark.django_db
def test_reject_from_the_queue_needs_and_keeps_the_reason(staff_client):
    event = submitted(make_event, days_ago=1)

    decide(staff_client, event, "reject", reason="Add the venue, please.")

    event.refresh_from_db()
    assert (event.status, event.review_note) == ("rejected", "Add the venue, please.")
    assert AuditEntry.objects.get(object_id=event.pk).reason == "Add the venue, please."


@pytest.mark.django_db
def test_reject_from_the_queue_without_a_reason_changes_nothing(staff_client):
    document = submitted(make_document, days_ago=1)

    response = decide(staff_client, document, "reject", reason=" ")

    document.refresh_from_db()
    assert document.status == "submitted"
    assert not AuditEntry.objects.exists()
    assert any("Give the author a reason" in str(message) for message in response.context["messages"])
    assert listed(response) == [document]


@pytest.mark.django_db
def test_an_item_handled_meanwhile_is_left_alone(staff_client):
    post = submitted(make_post, days_ago=1)
    Post.objects.filter(pk=post.pk).update(status="draft")  # withdrawn by its author in the meantime

    response = decide(staff_client, post, "publish")

    post.refresh_from_db()
    assert post.status == "draft"
    assert f"“{post}” is no longer waiting for review; nothing changed." in [
        str(message) for message in response.context["messages"]
    ]


@pytest.fixture
def viewer_client(client):
    """Staff who may look at posts but not change them."""
    viewer = make_staff(email="viewer@example.org")
    viewer.user_permissions.add(Permission.objects.get(codename="view_post"))
    return login_verified(client, viewer)


@pytest.mark.django_db
def test_staff_without_the_change_permission_see_items_but_cannot_decide(viewer_client):
    post = submitted(make_post, days_ago=1)
    submitted(make_event, days_ago=1)  # not visible at all without a permission on events

    response = viewer_client.get(QUEUE)

    assert listed(response) == [post]
    assert 'value="publish"' not in response.content.decode()
    assert viewer_client.post(QUEUE, {"item": key(post), "transition": "publish"}).status_code == 403
    post.refresh_from_db()
    assert post.status == "submitted"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("item", "transition", "status_code"),
    [("news.post:999", "publish", 404), ("auth.group:1", "publish", 404), ("nonsense", "publish", 404)],
)
def test_queue_refuses_unknown_items(staff_client, item, transition, status_code):
    assert staff_client.post(QUEUE, {"item": item, "transition": transition}).status_code == status_code


@pytest.mark.django_db
def test_queue_refuses_unknown_decisions(staff_client):
    post = submitted(make_post, days_ago=1)

    assert staff_client.post(QUEUE, {"item": key(post), "transition": "archive"}).status_code == 400
    post.refresh_from_db()
    assert post.status == "submitted"
