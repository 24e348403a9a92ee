"""Personal data (SECURITY.md items 30, 31): what hub/members/tests/test_personal_data.py does not already
check against the checklist's wording: every upload in the export, nothing of the staff who reviewed the
member's work, and after deletion no public trace of the person while their content stays."""

import json
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from hub.core.services import content_transition
from hub.core.tests.factories import make_membership, make_staff, make_user
from hub.documents.models import Document
from hub.news.models import Post

pytestmark = pytest.mark.django_db

PASSWORD = "a long and quiet river"
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png(name: str) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def member(settings, tmp_path, client):
    """A partner who uploaded a profile photo, a post with its image and a document, through the pages."""
    settings.MEDIA_ROOT = tmp_path
    user = make_user(email="mira@example.org", full_name="Mira Member", password=PASSWORD, public_profile=True)
    project = make_membership(user=user).project
    client.force_login(user)
    client.post(
        reverse("accounts:profile"), {"full_name": user.full_name, "public_profile": "on", "photo": png("me.png")}
    )
    data = {"title": "Mira's post", "lead": "x", "body": "<p>x</p>", "kind": "news", "projects": [project.pk]}
    client.post(
        reverse("workspace:post-create"), {**data, "featured_image": png("pic.png"), "featured_image_alt": "A pic"}
    )
    post = Post.objects.get(title="Mira's post")
    upload = SimpleUploadedFile("slides.pdf", PDF, "application/pdf")
    client.post(
        reverse("workspace:post-document-add", args=[post.pk]), {"title": "Slides", "kind": "slides", "file": upload}
    )
    user.refresh_from_db()
    return user


def export(client) -> tuple[str, dict]:
    response = client.get(reverse("accounts:export"))
    return response.content.decode(), json.loads(response.content)


def test_the_export_names_every_file_the_member_uploaded(client, member):
    post = Post.objects.get(title="Mira's post")
    document = Document.objects.get(title="Slides")
    assert member.photo and post.featured_image and document.file  # the uploads went through

    _text, data = export(client)

    assert data["profile"]["photo"] == member.photo.name
    assert [d["file"] for d in data["documents"]] == [document.file.name]
    assert [p["featured_image"] for p in data["posts"]] == [post.featured_image.name]


def test_the_export_holds_nothing_of_the_staff_who_reviewed_the_members_work(client, member):
    staff = make_staff(email="reviewer@example.org", full_name="Rita Reviewer")
    post = Post.objects.get(title="Mira's post")
    content_transition(obj=post, action="submit", by=member)
    content_transition(obj=post, action="reject", by=staff, reason="Needs a source.")

    text, _data = export(client)

    assert "reviewer@example.org" not in text
    assert "Rita Reviewer" not in text


def test_after_deletion_the_profile_page_is_gone_and_the_content_stays_without_a_name(
    client, member, django_capture_on_commit_callbacks
):
    profile_url = member.get_absolute_url()
    assert client.get(profile_url).status_code == 200
    document = Document.objects.get(title="Slides")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:delete"), {"password": PASSWORD})

    assert response.status_code == 302
    assert client.get(profile_url).status_code == 404
    post = Post.objects.get(title="Mira's post")
    document.refresh_from_db()
    assert (post.author, document.uploaded_by) == (None, None)
    assert document.file.storage.exists(document.file.name)  # content follows the policy: it stays
    assert post.featured_image.storage.exists(post.featured_image.name)
    assert client.get(reverse("workspace:dashboard")).status_code == 302  # signed out
