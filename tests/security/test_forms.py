"""Forged form fields (SECURITY.md item 11) on the forms the post and event tests do not cover: a project's
page, a member's profile, a post's documents and a project's feeds. Posts and events have their own:
hub/workspace/tests/test_posts.py and test_events.py ("forged", "extra fields")."""

import pytest
from django.urls import reverse

from hub.core.models import PublicationStatus
from hub.documents.models import Document
from hub.members.models import User
from hub.news.models import Post
from hub.projects.models import Project
from hub.syndication.models import FeedSource

from .world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world()


def test_a_new_post_with_a_forged_featured_flag_status_and_project_b_keeps_only_as_project(client, world):
    client.force_login(world.a.editor)
    data = {
        "title": "Forged extras",
        "lead": "x",
        "body": "<p>x</p>",
        "kind": "news",
        "projects": [world.a.project.pk],
        "project": world.b.project.pk,
        "featured": "on",
        "is_featured": "on",
        "status": "published",
        "author": world.b.editor.pk,
    }

    client.post(reverse("workspace:post-create"), data)

    post = Post.objects.get(title="Forged extras")
    assert list(post.projects.all()) == [world.a.project]
    assert (post.status, post.author) == (PublicationStatus.DRAFT, world.a.editor)
    assert not world.b.project.posts.filter(pk=post.pk).exists()


def test_a_project_editor_cannot_change_the_staffs_fields_of_the_project_page(client, world):
    client.force_login(world.a.editor)
    project = world.a.project
    forged = {
        "acronym": "HIJACK",
        "slug": "hijack",
        "full_title": "Forged title",
        "grant_agreement_number": "999999",
        "eu_contribution": "1",
        "start_date": "2001-01-01",
    }

    response = client.post(
        reverse("workspace:project-edit", args=[project.slug]), {"summary": "New summary", **forged}
    )

    assert response.status_code == 302
    stored = Project.objects.get(pk=project.pk)
    assert stored.summary == "New summary"
    assert (stored.acronym, stored.slug, stored.full_title) == (project.acronym, project.slug, project.full_title)
    assert (stored.grant_agreement_number, stored.eu_contribution) == (
        project.grant_agreement_number,
        project.eu_contribution,
    )


def test_a_member_cannot_make_themselves_staff_or_change_their_address_through_the_profile(client, world):
    user = world.a.editor
    client.force_login(user)
    forged = {"is_staff": "on", "is_superuser": "on", "email": "boss@example.org", "groups": [1], "is_active": ""}

    response = client.post(reverse("accounts:profile"), {"full_name": "Still Me", **forged})

    assert response.status_code in (200, 302)
    stored = User.objects.get(pk=user.pk)
    assert stored.full_name == "Still Me"
    assert (stored.is_staff, stored.is_superuser, stored.is_active) == (False, False, True)
    assert stored.email == user.email
    assert not stored.groups.exists()


def test_a_document_added_with_a_forged_post_and_uploader_goes_to_as_own_post(client, world):
    client.force_login(world.a.editor)
    data = {
        "title": "Forged doc",
        "kind": "other",
        "url": "https://x.eu/doc",
        "post": world.b.post.pk,
        "uploaded_by": world.b.editor.pk,
        "status": "published",
        "projects": [world.b.project.pk],
    }

    client.post(reverse("workspace:post-document-add", args=[world.a.post.pk]), data)

    document = Document.objects.get(title="Forged doc")
    assert document.post == world.a.post
    assert document.uploaded_by == world.a.editor
    assert not document.projects.filter(pk=world.b.project.pk).exists()


def test_a_feed_registered_with_a_forged_project_belongs_to_the_project_in_the_address(client, world):
    client.force_login(world.a.editor)
    data = {"url": "https://forged.example.org/feed.xml", "project": world.b.project.pk, "added_by": world.b.editor.pk}

    client.post(reverse("workspace:project-feeds", args=[world.a.project.slug]), data)

    source = FeedSource.objects.filter(url=data["url"]).first()
    assert source is None or (source.project, source.added_by) == (world.a.project, world.a.editor)
    assert not world.b.project.feed_sources.filter(url=data["url"]).exists()
