"""SECURITY.md item 27: nothing is lost by deleting the wrong thing, and files follow their rows."""

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import ProtectedError

from hub.core.tests.admin_helpers import admin_url, login_verified
from hub.core.tests.factories import (
    make_document,
    make_event,
    make_membership,
    make_post,
    make_project,
    make_staff,
    make_user,
)
from hub.documents.models import Document
from hub.events.models import Event
from hub.members.models import User
from hub.members.services import user_delete
from hub.news.models import Post
from hub.projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def superuser_client(client):
    return login_verified(client, make_staff(is_superuser=True))


@pytest.fixture
def busy_project():
    """A project with a post, an event, a document and a member."""
    project = make_project(acronym="BUSY")
    make_post(projects=[project], title="Our first results")
    make_event(projects=[project], title="Final conference")
    make_document(projects=[project], title="Deliverable 2.1")
    make_membership(project=project, user=make_user(full_name="Maria Rossi"))
    return project


# Projects


def test_the_admin_refuses_to_delete_a_project_with_content_and_lists_it(superuser_client, busy_project):
    url = admin_url(Project, "delete", busy_project.pk)

    page = superuser_client.get(url).content.decode()
    response = superuser_client.post(url, {"post": "yes"})

    assert "Cannot delete" in page
    for item in ["News post: Our first results", "Event: Final conference", "Document: Deliverable 2.1"]:
        assert item in page
    assert "Member: Maria Rossi" in page
    assert Project.objects.filter(pk=busy_project.pk).exists()
    assert "Cannot delete" in response.content.decode()


def test_the_bulk_delete_action_refuses_too(superuser_client, busy_project):
    empty = make_project(acronym="EMPTY")
    data = {"action": "delete_selected", "_selected_action": [busy_project.pk, empty.pk], "post": "yes"}

    response = superuser_client.post(admin_url(Project, "changelist"), data)

    assert "Cannot delete" in response.content.decode()
    assert "Our first results" in response.content.decode()
    assert Project.objects.filter(pk__in=[busy_project.pk, empty.pk]).count() == 2


def test_a_project_without_content_can_be_deleted_in_the_admin(superuser_client):
    project = make_project(acronym="EMPTY")

    response = superuser_client.post(admin_url(Project, "delete", project.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Project.objects.filter(pk=project.pk).exists()


def test_code_that_deletes_a_project_with_content_is_refused_and_nothing_changes(busy_project):
    # Raised inside the deletion's transaction: the savepoint rolls back whatever had begun.
    with pytest.raises(ProtectedError, match="Our first results"), transaction.atomic():
        busy_project.delete()

    assert Project.objects.filter(pk=busy_project.pk).exists()
    assert busy_project.memberships.count() == 1
    assert busy_project.posts.count() == 1


# Members


def test_deleting_a_member_keeps_everything_they_wrote_or_uploaded():
    author = make_user(full_name="Leaving Author")
    post = make_post(author=author, title="Kept post")
    event = make_event(created_by=author, title="Kept event")
    document = make_document(uploaded_by=author, title="Kept document")

    User.objects.filter(pk=author.pk).delete()  # the harshest path: no service, a plain delete

    assert Post.objects.get(pk=post.pk).author is None
    assert Event.objects.get(pk=event.pk).created_by is None
    assert Document.objects.get(pk=document.pk).uploaded_by is None


def test_a_member_deleting_their_account_keeps_their_posts(django_capture_on_commit_callbacks):
    author = make_user(full_name="Leaving Author", password="a long enough password")
    post = make_post(author=author, title="Kept post")

    with django_capture_on_commit_callbacks(execute=True):
        user_delete(user=author)

    assert Post.objects.filter(pk=post.pk, author=None).exists()


# Files


def document_with_file(name="report.pdf", content=b"%PDF-1.7 report") -> Document:
    return make_document(url="", file=ContentFile(content, name=name))


def test_the_file_of_a_deleted_document_is_removed_after_commit(media, django_capture_on_commit_callbacks):
    document = document_with_file()
    path = media / document.file.name
    assert path.exists()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document.delete()
    assert path.exists()  # still there until the deletion is committed

    for callback in callbacks:
        callback()
    assert not path.exists()


def test_a_file_another_row_still_uses_is_never_touched(media, django_capture_on_commit_callbacks):
    document = document_with_file()
    twin = make_document(url="", file=document.file.name)  # e.g. a copy made in the admin
    path = media / document.file.name

    with django_capture_on_commit_callbacks(execute=True):
        document.delete()

    assert path.exists()
    assert Document.objects.get(pk=twin.pk).file.read() == b"%PDF-1.7 report"


def test_files_of_rows_deleted_with_their_parent_are_removed(media, django_capture_on_commit_callbacks):
    post = make_post(title="With attachments")
    document = document_with_file()
    document.post = post
    document.save()
    path = media / document.file.name

    with django_capture_on_commit_callbacks(execute=True):
        post.delete()  # the attachment goes with the post (CASCADE)

    assert not Document.objects.filter(pk=document.pk).exists()
    assert not path.exists()


def test_a_rolled_back_deletion_keeps_the_file(media, django_capture_on_commit_callbacks):
    document = document_with_file()
    pk, path = document.pk, media / document.file.name

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        document.delete()
        raise RuntimeError("fault mid-way")

    assert Document.objects.filter(pk=pk).exists()
    assert path.exists()
