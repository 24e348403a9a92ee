from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hub.core.models import AuditEntry, PublicationStatus
from hub.core.services import content_transition
from hub.core.tests.factories import make_document, make_event, make_membership, make_post, make_staff, make_user
from hub.news.models import Post

S = PublicationStatus
pytestmark = pytest.mark.django_db


def member_post(**fields):
    """A post by a partner of the post's project, who may therefore submit and withdraw it."""
    membership = make_membership()
    return make_post(author=membership.user, projects=[membership.project], **fields)


def test_author_submits_a_draft_and_the_move_is_audited():
    post = member_post()
    author = post.author

    content_transition(obj=post, action="submit", by=author)

    post.refresh_from_db()
    assert post.status == S.SUBMITTED
    assert post.submitted_at is not None
    entry = AuditEntry.objects.get(object_id=post.pk)
    assert (entry.action, entry.from_status, entry.to_status, entry.actor) == ("submit", "draft", "submitted", author)


def test_staff_publishes_now_and_the_post_becomes_public():
    post = make_post(status=S.SUBMITTED)

    content_transition(obj=post, action="publish", by=make_staff())

    assert Post.objects.published().filter(pk=post.pk).exists()


def test_staff_schedules_a_post_that_stays_hidden_until_its_date():
    post = make_post(status=S.SUBMITTED)

    content_transition(obj=post, action="publish", by=make_staff(), at=timezone.now() + timedelta(days=2))

    assert not Post.objects.published().filter(pk=post.pk).exists()
    assert Post.objects.scheduled().filter(pk=post.pk).exists()


def test_a_partner_cannot_publish():
    post = make_post(status=S.SUBMITTED)

    with pytest.raises(PermissionDenied):
        content_transition(obj=post, action="publish", by=make_user())

    post.refresh_from_db()
    assert post.status == S.SUBMITTED
    assert not AuditEntry.objects.exists()


def test_rejecting_needs_a_reason_and_keeps_it_for_the_author():
    post = make_post(status=S.SUBMITTED)
    staff = make_staff()

    with pytest.raises(ValidationError):
        content_transition(obj=post, action="reject", by=staff, reason="  ")
    post.refresh_from_db()
    assert post.status == S.SUBMITTED

    content_transition(obj=post, action="reject", by=staff, reason="Please add a source.")
    post.refresh_from_db()
    assert (post.status, post.review_note) == (S.REJECTED, "Please add a source.")
    assert AuditEntry.objects.get(object_id=post.pk).reason == "Please add a source."


def test_a_rejected_post_can_be_resubmitted_but_a_draft_cannot_be_archived():
    post = member_post(status=S.REJECTED)
    content_transition(obj=post, action="submit", by=post.author)
    assert post.status == S.SUBMITTED

    draft = make_post()
    with pytest.raises(ValidationError, match="cannot be archived"):
        content_transition(obj=draft, action="archive", by=make_staff())


def test_withdrawing_a_submission_returns_it_to_draft():
    post = member_post(status=S.SUBMITTED)
    content_transition(obj=post, action="withdraw", by=post.author)
    assert post.status == S.DRAFT


def test_a_partner_cannot_submit_another_projects_post():
    outsider = make_membership().user
    post = member_post()

    with pytest.raises(PermissionDenied):
        content_transition(obj=post, action="submit", by=outsider)
    post.refresh_from_db()
    assert post.status == S.DRAFT


def test_staff_hear_of_a_submission_and_the_author_of_the_decision(mailoutbox, django_capture_on_commit_callbacks):
    staff = make_staff(email="reviewer@example.org")
    post = member_post(title="Pilot results")

    with django_capture_on_commit_callbacks(execute=True):
        content_transition(obj=post, action="submit", by=post.author)
    with django_capture_on_commit_callbacks(execute=True):
        content_transition(obj=post, action="reject", by=staff, reason="Add the pilot's location.")

    assert [m.to for m in mailoutbox] == [["reviewer@example.org"], [post.author.email]]
    assert "To review: Pilot results" in mailoutbox[0].subject
    assert "Add the pilot's location." in mailoutbox[1].body


def test_a_failing_mail_server_does_not_undo_the_step(monkeypatch, django_capture_on_commit_callbacks):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("hub.core.notifications.send_mail", broken)
    make_staff()
    post = member_post()

    with django_capture_on_commit_callbacks(execute=True):
        content_transition(obj=post, action="submit", by=post.author)

    post.refresh_from_db()
    assert post.status == S.SUBMITTED


@pytest.mark.parametrize("make", [make_event, make_document])
def test_events_and_documents_follow_the_same_workflow(make):
    obj = make(status=S.SUBMITTED)
    content_transition(obj=obj, action="publish", by=make_staff())
    assert type(obj).objects.published().filter(pk=obj.pk).exists()
    content_transition(obj=obj, action="archive", by=make_staff())
    assert not type(obj).objects.published().filter(pk=obj.pk).exists()


def test_hub_staff_may_read_revisions_but_not_change_them():
    from django.contrib.auth.models import Group

    codenames = set(Group.objects.get(name="Hub staff").permissions.values_list("codename", flat=True))
    assert "view_revision" in codenames
    assert "change_revision" not in codenames
