"""The post pages of the back office: what staff type, and what the form refuses."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from hub.core.tests.admin_helpers import admin_url, form_errors, management_form
from hub.core.tests.factories import make_post, make_project
from hub.documents.models import Document
from hub.news.models import Post


def png(name: str = "photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "blue").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def post_form(**fields) -> dict:
    """What the add form posts for a plain news item with no attached documents."""
    return {
        "title": "Lithium from brines",
        "kind": "news",
        "lead": "A short lead.",
        **management_form("documents"),
        **fields,
    }


@pytest.mark.django_db
def test_staff_add_a_post_as_a_draft_written_by_themselves(staff_client, staff_user):
    project = make_project()

    response = staff_client.post(admin_url(Post, "add"), post_form(projects=[project.pk]))

    assert response.status_code == 302
    post = Post.objects.get()
    assert (post.status, post.author, post.slug) == ("draft", staff_user, "lithium-from-brines")
    assert list(post.projects.all()) == [project]


@pytest.mark.django_db
def test_a_post_with_an_image_but_no_alt_text_is_refused(staff_client):
    response = staff_client.post(admin_url(Post, "add"), post_form(featured_image=png(), featured_image_alt=""))

    assert response.status_code == 200
    assert "Describe the featured image in its alt text." in form_errors(response)
    assert "Describe the featured image in its alt text." in response.content.decode()
    assert Post.objects.count() == 0


@pytest.mark.django_db
def test_a_post_with_an_image_and_its_alt_text_is_saved(staff_client):
    response = staff_client.post(
        admin_url(Post, "add"), post_form(featured_image=png(), featured_image_alt="A brine pond at dusk.")
    )

    assert response.status_code == 302
    assert Post.objects.get().featured_image_alt == "A brine pond at dusk."


@pytest.mark.django_db
def test_editing_a_post_bumps_its_version_so_older_edits_are_refused(staff_client):
    post = make_post(title="Old title")

    staff_client.post(admin_url(Post, "change", post.pk), post_form(title="New title", slug=post.slug))

    post.refresh_from_db()
    assert (post.title, post.version) == ("New title", 2)


@pytest.mark.django_db
def test_documents_are_attached_to_a_post_on_its_page(staff_client):
    post = make_post()
    data = post_form(slug=post.slug, **management_form("documents", total=1))
    data.update({"documents-0-title": "Slides", "documents-0-kind": "slides", "documents-0-url": "https://x.eu/s"})

    response = staff_client.post(admin_url(Post, "change", post.pk), data)

    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.post, document.status) == (post, "draft")


@pytest.mark.django_db
def test_an_attached_document_needs_a_file_or_a_link(staff_client):
    post = make_post()
    data = post_form(slug=post.slug, **management_form("documents", total=1))
    data.update({"documents-0-title": "Slides", "documents-0-kind": "slides", "documents-0-url": ""})

    response = staff_client.post(admin_url(Post, "change", post.pk), data)

    assert response.status_code == 200
    assert "Upload a file or give a link (one of the two)." in response.content.decode()
    assert Document.objects.count() == 0


@pytest.mark.django_db
def test_post_list_shows_each_posts_projects_in_a_fixed_number_of_queries(staff_client, django_assert_max_num_queries):
    projects = [make_project(acronym="ALPHA"), make_project(acronym="BETA")]
    for _n in range(20):
        make_post(projects=projects)

    with django_assert_max_num_queries(13):  # 12, and on PostgreSQL the planner's row estimate
        page = staff_client.get(admin_url(Post, "changelist")).content.decode()

    assert "ALPHA, BETA" in page


@pytest.mark.django_db
def test_post_list_tells_scheduled_posts_from_public_ones(staff_client):
    make_post(status="published", published_at=timezone.now() + timedelta(days=2))

    page = staff_client.get(admin_url(Post, "changelist")).content.decode()

    assert "Scheduled for" in page
