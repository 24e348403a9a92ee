"""Issue 8: uploads of unpublished content are not reachable by the public, even at a known address."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from hub.core.models import ImageRendition, PublicationStatus
from hub.core.tests.factories import (
    make_document,
    make_membership,
    make_post,
    make_project,
    make_published_post,
    make_user,
)
from hub.core.tests.images import gif_upload
from hub.members.models import Role
from hub.news.models import Post

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"
GIF = gif_upload().read()


def stored(name: str, content: bytes) -> str:
    return default_storage.save(name, ContentFile(content))


def media_url(name: str) -> str:
    return "/media/" + name


def draft_with_image():
    project = make_project()
    post = make_post(projects=[project], status=PublicationStatus.DRAFT)
    post.featured_image = stored("posts/draft.gif", GIF)
    post.featured_image_alt = "A pixel"
    post.save()
    return project, post


def test_a_drafts_image_is_not_served_to_visitors_but_to_its_project_editor(client):
    project, post = draft_with_image()
    url = media_url(post.featured_image.name)
    assert client.get(url).status_code == 404
    editor = make_user()
    make_membership(user=editor, project=project, role=Role.EDITOR)
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_partner_of_another_project_does_not_get_it_either(client):
    _, post = draft_with_image()
    client.force_login(make_membership(role=Role.EDITOR).user)
    assert client.get(media_url(post.featured_image.name)).status_code == 404


def test_a_published_posts_image_is_served_to_everyone_and_may_be_kept(client):
    post = make_published_post()
    post.featured_image = stored("posts/public.gif", GIF)
    post.featured_image_alt = "A pixel"
    post.save()
    response = client.get(media_url(post.featured_image.name))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/gif"
    assert "public" in response["Cache-Control"]
    assert not response.get("Content-Disposition", "").startswith("attachment")  # images are shown


def test_an_attachment_of_an_unpublished_post_is_hidden_until_the_post_is_out(client):
    post = make_post(status=PublicationStatus.SUBMITTED)
    document = make_document(post=post, url="", file=stored("documents/2026/minutes.pdf", PDF))
    document.status = PublicationStatus.PUBLISHED
    document.published_at = post.created_at
    document.save()
    assert client.get(media_url(document.file.name)).status_code == 404
    post.status, post.published_at = PublicationStatus.PUBLISHED, post.created_at
    post.save()
    response = client.get(media_url(document.file.name))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_rendition_follows_its_original(client):
    _, post = draft_with_image()
    renditions = ImageRendition.objects.filter(source=post.featured_image.name)
    assert renditions, "saving the image made its renditions"
    for rendition in renditions:
        assert client.get(media_url(rendition.file)).status_code == 404
    post.status, post.published_at = PublicationStatus.PUBLISHED, post.created_at
    post.save()
    for rendition in renditions:
        assert client.get(media_url(rendition.file)).status_code == 200


def test_a_photo_is_public_only_with_a_public_profile(client):
    member = make_user()
    member.photo = stored("people/face.gif", GIF)
    member.save()
    url = media_url(member.photo.name)
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 200  # the member themself
    client.logout()
    member.public_profile = True
    member.save()
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "address", ["/media/../portal/settings/base.py", "/media/%2e%2e/manage.py", "/media/other/x.gif", "/media/posts/"]
)
def test_files_outside_the_upload_folders_or_missing_are_404(client, address):
    assert client.get(address).status_code == 404


def test_logos_are_public(client):
    project = make_project()
    project.logo = stored("projects/logo.gif", GIF)
    project.save()
    assert client.get(media_url(project.logo.name)).status_code == 200


def test_behind_nginx_the_app_only_decides(client, settings):
    settings.HUB_MEDIA_ACCEL_REDIRECT = "/protected-media/"
    post = make_published_post()
    post.featured_image = stored("posts/public.gif", GIF)
    post.featured_image_alt = "A pixel"
    post.save()
    response = client.get(media_url(post.featured_image.name))
    assert response["X-Accel-Redirect"] == "/protected-media/" + post.featured_image.name
    assert response.content == b""


def test_with_media_on_s3_a_permitted_visitor_is_sent_to_a_short_lived_signed_address(client, settings):
    post = make_published_post()
    post.featured_image = stored("posts/public.gif", GIF)  # stored on disk first; the row names it
    post.featured_image_alt = "A pixel"
    post.save()
    draft = make_post(status=PublicationStatus.DRAFT)
    Post.objects.filter(pk=draft.pk).update(featured_image="posts/draft.gif", featured_image_alt="A pixel")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "hub.core.storage.MediaS3Storage",
            "OPTIONS": {"bucket_name": "hub-media", "endpoint_url": "https://s3.example.net",
                        "access_key": "AKIAEXAMPLE", "secret_key": "not-a-real-secret", "region_name": "eu-central-1"},
        },
    }  # fmt: skip
    response = client.get(media_url(post.featured_image.name))
    assert response.status_code == 302
    assert "X-Amz-Signature=" in response["Location"] and "X-Amz-Expires=300" in response["Location"]
    assert client.get("/media/posts/draft.gif").status_code == 404
