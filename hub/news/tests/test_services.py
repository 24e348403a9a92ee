"""The write path for posts: who may create and change what, optimistic locking and revisions."""

import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from hub.core.models import AuditEntry, PublicationStatus, Revision
from hub.core.services import content_transition
from hub.core.tests.admin_helpers import admin_url, management_form
from hub.core.tests.factories import (
    make_membership,
    make_post,
    make_project,
    make_staff,
    make_topic,
    make_user,
)
from hub.documents.models import Document
from hub.news.models import Post
from hub.news.services import (
    EditConflict,
    post_create,
    post_document_add,
    post_document_remove,
    post_update,
)

S = PublicationStatus
pytestmark = pytest.mark.django_db


def revisions_of(post) -> list[Revision]:
    content_type = ContentType.objects.get_for_model(Post)
    return list(Revision.objects.filter(content_type=content_type, object_id=post.pk).order_by("version"))


def own_post(**fields):
    """A draft by a partner of its project."""
    membership = make_membership()
    return make_post(author=membership.user, projects=[membership.project], **fields)


# Creating


def test_a_partner_creates_a_draft_they_author_for_their_project_with_a_first_revision():
    membership = make_membership()
    topic = make_topic()

    post = post_create(
        by=membership.user, projects=[membership.project], topics=[topic], title="Brines", body="<p>Text</p>"
    )

    assert (post.status, post.author, post.version) == (S.DRAFT, membership.user, 1)
    assert list(post.projects.all()) == [membership.project]
    assert list(post.topics.all()) == [topic]
    [revision] = revisions_of(post)
    assert (revision.version, revision.author, revision.data["title"]) == (1, membership.user, "Brines")
    assert revision.data["projects"] == [membership.project.pk]


def test_a_partner_cannot_create_a_post_for_a_project_they_are_not_a_member_of():
    membership = make_membership()

    with pytest.raises(PermissionDenied):
        post_create(by=membership.user, projects=[membership.project, make_project()], title="Sneaky")

    assert not Post.objects.exists()


def test_a_partner_must_choose_one_of_their_projects():
    with pytest.raises(ValidationError) as refusal:
        post_create(by=make_user(), projects=[], title="Nowhere")

    assert "projects" in refusal.value.error_dict
    assert not Post.objects.exists()


def test_staff_may_create_a_post_without_a_project():
    post = post_create(by=make_staff(), title="Hub news")

    assert post.projects.count() == 0


@pytest.mark.parametrize("field", ["status", "published_at", "version", "review_note"])
def test_the_workflow_fields_are_never_set_by_the_create_service(field):
    membership = make_membership()

    with pytest.raises(TypeError):
        post_create(by=membership.user, projects=[membership.project], title="x", **{field: "published"})


def test_only_staff_choose_another_author():
    membership = make_membership()

    with pytest.raises(PermissionDenied):
        post_create(by=membership.user, projects=[membership.project], title="x", author=make_user())


def test_the_body_is_sanitised_when_the_post_is_created():
    membership = make_membership()

    post = post_create(
        by=membership.user, projects=[membership.project], title="x", body="<p>a</p><script>x()</script>"
    )

    assert Post.objects.get(pk=post.pk).body == "<p>a</p>"


# Editing


def test_an_edit_from_the_current_version_is_saved_bumps_the_version_and_keeps_a_revision():
    post = own_post(title="Old")
    post_create_revisions = len(revisions_of(post))

    post_update(post=post, by=post.author, expected_version=1, title="New", body="<p>New body</p>")

    post.refresh_from_db()
    assert (post.title, post.body, post.version) == ("New", "<p>New body</p>", 2)
    revisions = revisions_of(post)
    assert len(revisions) == post_create_revisions + 1
    latest = revisions[-1]
    assert (latest.version, latest.author, latest.data["title"]) == (2, post.author, "New")
    assert latest.summary == "Changed title, body"
    assert latest.created_at is not None


def test_the_second_of_two_edits_from_the_same_version_is_refused_and_the_first_is_kept():
    post = own_post(title="Original")
    first_tab, second_tab = Post.objects.get(pk=post.pk), Post.objects.get(pk=post.pk)

    post_update(post=first_tab, by=post.author, expected_version=1, title="First")
    with pytest.raises(EditConflict) as conflict:
        post_update(post=second_tab, by=post.author, expected_version=1, title="Second")

    assert "Someone else saved this post since you opened it" in str(conflict.value.messages[0])
    assert conflict.value.current_version == 2
    post.refresh_from_db()
    assert (post.title, post.version) == ("First", 2)
    assert [revision.data["title"] for revision in revisions_of(post)] == ["First"]


# serialized_rollback like every other committing test: their flushes then leave an empty database
# for the next one to restore, instead of content types recreated twice (a duplicate-key error).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_saves_from_the_same_version_let_exactly_one_through():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite reports a locked table to the second writer instead of letting it wait")
    post = own_post(title="Original")
    results = []

    def save(title):
        try:
            post_update(post=Post.objects.get(pk=post.pk), by=post.author, expected_version=1, title=title)
            results.append("saved")
        except EditConflict:
            results.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(f"Tab {n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["conflict", "saved"]
    assert Post.objects.get(pk=post.pk).version == 2


def test_a_refused_edit_leaves_the_version_as_it_was():
    post = own_post()

    with pytest.raises(ValidationError):
        post_update(post=post, by=post.author, expected_version=1, featured_image_alt="", featured_image="x.png")

    post.refresh_from_db()
    assert post.version == 1


def test_an_editor_of_the_project_edits_a_fellow_partners_post():
    post = own_post()
    editor = make_membership(project=post.projects.get(), role="editor").user

    post_update(post=post, by=editor, expected_version=1, title="Edited by the editor")

    assert Post.objects.get(pk=post.pk).title == "Edited by the editor"


def test_a_fellow_partner_cannot_edit_the_post():
    post = own_post(title="Mine")
    fellow = make_membership(project=post.projects.get()).user

    with pytest.raises(PermissionDenied):
        post_update(post=post, by=fellow, expected_version=1, title="Theirs")

    assert Post.objects.get(pk=post.pk).title == "Mine"


def test_a_partner_of_another_project_cannot_edit_the_post():
    post = own_post(title="Mine")

    with pytest.raises(PermissionDenied):
        post_update(post=post, by=make_membership().user, expected_version=1, title="Theirs")

    assert Post.objects.get(pk=post.pk).version == 1


@pytest.mark.parametrize("status", [S.DRAFT, S.REJECTED])
def test_a_partner_edits_drafts_and_rejected_posts_which_keep_their_status(status):
    post = own_post(status=status)

    post_update(post=post, by=post.author, expected_version=1, title="Better")

    post.refresh_from_db()
    assert (post.title, post.status) == ("Better", status)


@pytest.mark.parametrize("status", [S.SUBMITTED, S.PUBLISHED, S.ARCHIVED])
def test_a_partner_cannot_edit_a_submitted_published_or_archived_post(status):
    post = own_post(
        status=status, title="As submitted", published_at=None if status == S.SUBMITTED else timezone.now()
    )

    with pytest.raises(ValidationError) as refusal:
        post_update(post=post, by=post.author, expected_version=1, title="Changed")

    if status == S.SUBMITTED:
        assert "withdraw it before you change it" in refusal.value.messages[0]
    post.refresh_from_db()
    assert (post.title, post.version, post.status) == ("As submitted", 1, status)


def test_withdrawing_a_submitted_post_lets_its_author_edit_it_again():
    post = own_post(status=S.SUBMITTED)

    content_transition(obj=post, action="withdraw", by=post.author)
    post_update(post=post, by=post.author, expected_version=1, title="Changed after withdrawing")

    post.refresh_from_db()
    assert (post.title, post.status) == ("Changed after withdrawing", S.DRAFT)


def test_staff_edit_a_published_post_which_stays_published():
    post = make_post(status=S.PUBLISHED, title="Typo")

    post_update(post=post, by=make_staff(), expected_version=1, title="No typo")

    post.refresh_from_db()
    assert (post.title, post.status) == ("No typo", S.PUBLISHED)


def test_an_edit_never_undoes_a_status_change_made_meanwhile():
    post = own_post()
    stale = Post.objects.get(pk=post.pk)
    content_transition(obj=post, action="submit", by=post.author)
    content_transition(obj=post, action="publish", by=make_staff())

    post_update(post=stale, by=make_staff(), expected_version=1, title="Staff fix")

    post.refresh_from_db()
    assert (post.title, post.status) == ("Staff fix", S.PUBLISHED)


def test_a_partner_cannot_move_the_post_to_a_project_they_are_not_a_member_of():
    post = own_post()
    original = post.projects.get()

    with pytest.raises(PermissionDenied):
        post_update(post=post, by=post.author, expected_version=1, projects=[original, make_project()])

    assert list(Post.objects.get(pk=post.pk).projects.all()) == [original]


def test_a_partner_keeps_the_projects_of_a_joint_post_they_cannot_change():
    post = own_post()
    theirs = post.projects.get()
    other = make_project()
    post.projects.add(other)
    second_own = make_membership(user=post.author).project

    post_update(post=post, by=post.author, expected_version=1, projects=[second_own])

    assert set(Post.objects.get(pk=post.pk).projects.all()) == {second_own, other}
    assert theirs not in Post.objects.get(pk=post.pk).projects.all()


def test_a_new_image_is_counted_as_a_change():
    post = own_post()
    image = SimpleUploadedFile("a.png", b"not read here", content_type="image/png")

    post_update(post=post, by=post.author, expected_version=1, featured_image=image, featured_image_alt="A pond")

    assert revisions_of(post)[-1].summary == "Changed featured image, image description (alt text)"


# Attached documents


def test_an_attached_document_is_public_only_once_its_post_is():
    post = own_post(status=S.DRAFT)
    staff = make_staff()

    document = post_document_add(post=post, by=post.author, title="Slides", kind="slides", url="https://x.eu/s")

    assert (document.post, document.uploaded_by, document.status) == (post, post.author, S.PUBLISHED)
    assert list(document.projects.all()) == list(post.projects.all())
    assert not Document.objects.published().filter(pk=document.pk).exists()
    content_transition(obj=post, action="submit", by=post.author)
    content_transition(obj=post, action="publish", by=staff)
    assert Document.objects.published().filter(pk=document.pk).exists()
    assert AuditEntry.objects.filter(object_id=post.pk, action="attach document", actor=post.author).exists()


def test_a_partner_cannot_attach_a_document_to_a_submitted_post():
    post = own_post(status=S.SUBMITTED)

    with pytest.raises(ValidationError):
        post_document_add(post=post, by=post.author, title="Slides", kind="slides", url="https://x.eu/s")

    assert not Document.objects.exists()


def test_a_document_needs_a_file_or_a_link():
    post = own_post()

    with pytest.raises(ValidationError):
        post_document_add(post=post, by=post.author, title="Slides", kind="slides")

    assert not Document.objects.exists()


def test_removing_a_document_deletes_its_file_after_the_commit(django_capture_on_commit_callbacks):
    post = own_post()
    upload = SimpleUploadedFile("slides.pdf", b"%PDF-1.7 test", content_type="application/pdf")
    document = post_document_add(post=post, by=post.author, title="Slides", kind="slides", file=upload)
    storage, name = document.file.storage, document.file.name
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        post_document_remove(document=document, by=post.author)

    assert not Document.objects.exists()
    assert not storage.exists(name)


def test_a_partner_of_another_project_cannot_remove_a_document():
    post = own_post()
    document = post_document_add(post=post, by=post.author, title="Slides", kind="slides", url="https://x.eu/s")

    with pytest.raises(PermissionDenied):
        post_document_remove(document=document, by=make_membership().user)

    assert Document.objects.filter(pk=document.pk).exists()


# The admin saves through the same services


def admin_change(client, post, **fields):
    data = {"title": post.title, "slug": post.slug, "kind": post.kind, "lead": post.lead, "body": post.body}
    data.update(management_form("documents"), **fields)
    return client.post(admin_url(Post, "change", post.pk), data)


def test_a_staff_edit_in_the_admin_bumps_the_version_once_and_keeps_a_revision(staff_client, staff_user):
    post = make_post(title="Before")
    page = staff_client.get(admin_url(Post, "change", post.pk)).content.decode()
    assert 'name="expected_version" value="1"' in page

    response = admin_change(staff_client, post, title="After", expected_version=1)

    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.title, post.version) == ("After", 2)
    latest = revisions_of(post)[-1]
    assert (latest.version, latest.author, latest.summary) == (2, staff_user, "Changed title")


def test_the_admin_refuses_a_save_based_on_an_older_version(staff_client):
    post = own_post(title="Partner's text")
    post_update(post=post, by=post.author, expected_version=1, title="Partner's newer text")

    response = admin_change(staff_client, post, title="Staff overwrite", expected_version=1)

    assert response.status_code == 200
    assert "Someone else saved this post since you opened it" in response.content.decode()
    assert Post.objects.get(pk=post.pk).title == "Partner's newer text"


def test_a_post_added_in_the_admin_starts_its_revisions(staff_client, staff_user):
    project = make_project()
    data = {"title": "Added by staff", "kind": "news", "projects": [project.pk], **management_form("documents")}

    response = staff_client.post(admin_url(Post, "add"), data)

    assert response.status_code == 302
    post = Post.objects.get(title="Added by staff")
    assert (post.author, post.status, list(post.projects.all())) == (staff_user, S.DRAFT, [project])
    assert [(r.version, r.summary, r.author) for r in revisions_of(post)] == [(1, "Created", staff_user)]
