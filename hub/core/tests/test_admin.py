"""The back office as a whole: every registered model's pages, access, branding, the audit trail."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from hub.core.models import AuditEntry
from hub.core.services import content_transition
from hub.core.tests.admin_helpers import admin_url, login_verified, messages_of
from hub.core.tests.factories import (
    make_document,
    make_event,
    make_membership,
    make_organisation,
    make_participation,
    make_post,
    make_project,
    make_session,
    make_staff,
    make_topic,
    make_user,
)
from hub.members.models import Invitation
from hub.projects.models import ValueChainStage

REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
MODEL_IDS = [model._meta.label for model, _model_admin in REGISTERED]


def make_audit_entry():
    post = make_post(status="submitted")
    content_transition(obj=post, action="publish", by=make_staff())
    return AuditEntry.objects.get(object_id=post.pk)


# One saved object per registered model, to open its change page; other models use a row their migrations seed.
MAKERS = {
    "auth.Group": lambda: Group.objects.get(name="Hub staff"),
    "core.AuditEntry": make_audit_entry,
    "documents.Document": make_document,
    "events.Event": make_event,
    "events.Session": make_session,
    "members.Invitation": lambda: Invitation.objects.create(email="new@example.org", project=make_project()),
    "members.Membership": make_membership,
    "members.Organisation": make_organisation,
    "members.User": make_user,
    "news.Post": make_post,
    "projects.Participation": make_participation,
    "projects.Project": make_project,
    "projects.Topic": make_topic,
    "projects.ValueChainStage": lambda: ValueChainStage.objects.first(),
}


@pytest.fixture
def superuser(db):
    return make_user(email="root@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def superuser_client(client, superuser):
    return login_verified(client, superuser)


def request_by(rf, user):
    request = rf.get("/")
    request.user = user
    return request


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=MODEL_IDS)
def test_staff_can_open_the_list_and_add_form_of_every_model_their_group_allows(
    staff_client, staff_user, rf, model, model_admin
):
    request = request_by(rf, staff_user)

    response = staff_client.get(admin_url(model, "changelist"))

    assert response.status_code == (200 if model_admin.has_view_permission(request) else 403)
    if model_admin.has_add_permission(request):
        assert staff_client.get(admin_url(model, "add")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=MODEL_IDS)
def test_superuser_can_open_the_list_add_and_change_pages_of_every_model(
    superuser_client, superuser, rf, model, model_admin
):
    obj = MAKERS[model._meta.label]() if model._meta.label in MAKERS else model._default_manager.first()

    assert superuser_client.get(admin_url(model, "changelist")).status_code == 200
    if obj is not None:
        assert superuser_client.get(admin_url(model, "change", obj.pk)).status_code == 200
    if model_admin.has_add_permission(request_by(rf, superuser)):
        assert superuser_client.get(admin_url(model, "add")).status_code == 200


@pytest.mark.django_db
def test_staff_group_has_no_rights_on_groups():
    # Giving out permissions is for superusers; the parametrised test above relies on this.
    assert not Group.objects.get(name="Hub staff").permissions.filter(content_type__app_label="auth").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["admin:index", "admin:moderation", "admin:news_post_changelist"])
def test_a_signed_in_partner_is_sent_to_the_admin_login(client, partner, url_name):
    client.force_login(partner)

    response = client.get(reverse(url_name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_the_admin_login(client):
    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_admin_pages_carry_the_hub_branding_and_a_link_to_the_queue(staff_client):
    page = staff_client.get(reverse("admin:index")).content.decode()

    assert "Cluster Hub back office" in page
    assert "View site" in page
    assert reverse("admin:moderation") in page


@pytest.mark.django_db
def test_admin_index_says_how_many_items_wait_for_review(staff_client):
    make_post(status="submitted")
    make_event(status="submitted")
    make_post(status="draft")

    response = staff_client.get(reverse("admin:index"))

    assert response.context["moderation_waiting"] == 2
    assert "2 items are waiting for review." in response.content.decode()


@pytest.mark.django_db
def test_audit_trail_is_listed_but_nobody_can_add_change_or_delete_entries(staff_client, superuser_client):
    entry = make_audit_entry()

    listing = staff_client.get(admin_url(AuditEntry, "changelist"))
    assert listing.status_code == 200
    assert entry.object_repr in listing.content.decode()
    assert superuser_client.get(admin_url(AuditEntry, "add")).status_code == 403
    assert superuser_client.post(admin_url(AuditEntry, "delete", entry.pk), {"post": "yes"}).status_code == 403
    superuser_client.post(admin_url(AuditEntry, "change", entry.pk), {"reason": "rewritten"})
    entry.refresh_from_db()
    assert entry.reason == ""


@pytest.mark.django_db
def test_audit_trail_filters_by_action_actor_and_content_type(staff_client):
    entry = make_audit_entry()
    url = admin_url(AuditEntry, "changelist")

    for query in (
        "action=publish",
        f"actor__id__exact={entry.actor_id}",
        f"content_type__id__exact={entry.content_type_id}",
    ):
        response = staff_client.get(f"{url}?{query}")
        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == [entry]
    assert not staff_client.get(f"{url}?action=reject").context["cl"].result_list


# Publication actions, shared by the Post, Event and Document admins (PublicationAdminMixin)

CONTENT_MAKERS = {"news.Post": make_post, "events.Event": make_event, "documents.Document": make_document}


@pytest.fixture(params=list(CONTENT_MAKERS), ids=list(CONTENT_MAKERS))
def make_content(request):
    return CONTENT_MAKERS[request.param]


def run_action(client, action: str, objects, **fields):
    """Choose ``action`` for ``objects`` in the list, as the action bar does."""
    url = admin_url(type(objects[0]), "changelist")
    data = {"action": action, "_selected_action": [obj.pk for obj in objects], "index": 0, **fields}
    return client.post(url, data, follow=True)


def confirm_action(client, action: str, objects, **fields):
    """Submit an action's intermediate page, as its confirmation button does."""
    url = admin_url(type(objects[0]), "changelist")
    data = {"action": action, "_selected_action": [obj.pk for obj in objects], "confirmed": "yes", **fields}
    return client.post(url, data, follow=True)


def statuses(*objects) -> list[str]:
    return [type(obj).objects.get(pk=obj.pk).status for obj in objects]


def trail(obj) -> list[tuple]:
    entries = AuditEntry.objects.filter(object_id=obj.pk, content_type__model=obj._meta.model_name)
    return list(entries.values_list("action", "from_status", "to_status", "reason", "actor__email"))


@pytest.mark.django_db
def test_publish_now_publishes_each_item_and_records_who_did_it(staff_client, make_content):
    draft, submitted = make_content(status="draft"), make_content(status="submitted")

    response = run_action(staff_client, "publish_now", [draft, submitted])

    assert statuses(draft, submitted) == ["published", "published"]
    assert type(draft).objects.published().count() == 2
    assert trail(submitted) == [("publish", "submitted", "published", "", "staff@example.org")]
    assert any("2 " in message and "published" in message for message in messages_of(response))


@pytest.mark.django_db
def test_publish_now_keeps_the_date_of_an_item_already_public(staff_client, make_content):
    public = make_content(status="published")
    published_at = public.published_at

    response = run_action(staff_client, "publish_now", [public])

    public.refresh_from_db()
    assert public.published_at == published_at
    assert trail(public) == []
    assert f"“{public}” is already public; nothing changed." in messages_of(response)


@pytest.mark.django_db
def test_archive_takes_published_items_offline(staff_client, make_content):
    public = make_content(status="published")

    run_action(staff_client, "archive", [public])

    assert statuses(public) == ["archived"]
    assert trail(public) == [("archive", "published", "archived", "", "staff@example.org")]


@pytest.mark.django_db
def test_an_item_in_the_wrong_status_is_reported_and_the_others_are_still_processed(staff_client, make_content):
    first, draft, last = (
        make_content(status="published"),
        make_content(status="draft"),
        make_content(status="published"),
    )

    response = run_action(staff_client, "archive", [first, draft, last])

    assert statuses(first, draft, last) == ["archived", "draft", "archived"]
    assert trail(draft) == []
    shown = messages_of(response)
    assert f"“{draft}” is in status “Draft” and cannot be archived." in shown
    assert any(f"“{first}”" in message and f"“{last}”" in message for message in shown)


@pytest.mark.django_db
def test_reject_asks_for_a_reason_on_an_intermediate_page_listing_the_items(staff_client, make_content):
    submitted = make_content(status="submitted")

    response = run_action(staff_client, "reject_with_reason", [submitted])

    assert response.status_code == 200
    assert response.templates[0].name == "admin/hub/transition_confirmation.html"
    page = response.content.decode()
    assert str(submitted) in page
    assert 'name="reason"' in page
    assert statuses(submitted) == ["submitted"]


@pytest.mark.django_db
def test_reject_with_a_reason_rejects_and_keeps_the_reason_for_the_author(staff_client, make_content):
    submitted = make_content(status="submitted")

    confirm_action(staff_client, "reject_with_reason", [submitted], reason="Please add the grant number.")

    submitted.refresh_from_db()
    assert submitted.status == "rejected"
    assert submitted.review_note == "Please add the grant number."
    assert trail(submitted) == [
        ("reject", "submitted", "rejected", "Please add the grant number.", "staff@example.org")
    ]


@pytest.mark.django_db
def test_reject_without_a_reason_shows_an_error_and_changes_nothing(staff_client, make_content):
    submitted = make_content(status="submitted")

    response = confirm_action(staff_client, "reject_with_reason", [submitted], reason="   ")

    assert response.status_code == 200
    assert "Give the author a reason for the rejection." in response.content.decode()
    assert statuses(submitted) == ["submitted"]
    assert trail(submitted) == []


@pytest.mark.django_db
def test_reject_skips_items_that_were_not_submitted_and_rejects_the_rest(staff_client, make_content):
    submitted, public = make_content(status="submitted"), make_content(status="published")

    response = confirm_action(staff_client, "reject_with_reason", [public, submitted], reason="Off topic.")

    assert statuses(submitted, public) == ["rejected", "published"]
    assert f"“{public}” is in status “Published” and cannot be rejected." in messages_of(response)


@pytest.mark.django_db
def test_publish_on_a_future_date_schedules_the_item(staff_client, make_content):
    submitted = make_content(status="submitted")
    tomorrow = timezone.localtime() + timedelta(days=1)

    response = confirm_action(
        staff_client,
        "publish_on_date",
        [submitted],
        publish_at_0=tomorrow.strftime("%Y-%m-%d"),
        publish_at_1="09:00:00",
    )

    submitted.refresh_from_db()
    assert submitted.status == "published"
    assert timezone.localtime(submitted.published_at).strftime("%Y-%m-%d %H:%M") == f"{tomorrow:%Y-%m-%d} 09:00"
    assert type(submitted).objects.scheduled().get() == submitted
    assert any("scheduled for" in message for message in messages_of(response))
    assert [row[:3] for row in trail(submitted)] == [("publish", "submitted", "published")]


@pytest.mark.django_db
def test_publish_on_a_date_needs_the_date(staff_client, make_content):
    submitted = make_content(status="submitted")

    response = confirm_action(staff_client, "publish_on_date", [submitted], publish_at_0="", publish_at_1="")

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert statuses(submitted) == ["submitted"]


@pytest.mark.django_db
def test_status_and_dates_cannot_be_typed_in_the_change_form(staff_client, make_content):
    draft = make_content(status="draft")

    response = staff_client.get(admin_url(type(draft), "change", draft.pk))

    form = response.context["adminform"].form
    assert not {"status", "published_at", "submitted_at", "review_note"} & set(form.fields)


@pytest.mark.django_db
def test_the_change_page_shows_the_items_review_history(staff_client, make_content):
    item = make_content(status="submitted")
    content_transition(obj=item, action="reject", by=make_staff(full_name="Rita Reviewer"), reason="Needs a photo.")

    page = staff_client.get(admin_url(type(item), "change", item.pk)).content.decode()

    assert "Review history" in page
    assert "Rita Reviewer" in page
    assert "Needs a photo." in page
    assert "Submitted for review" in page  # the "from" status, by its label
