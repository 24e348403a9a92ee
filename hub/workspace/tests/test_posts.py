"""Partners write posts in the workspace: who reaches which page, what the forms refuse, the review journey."""

import io
import re
import struct
import zipfile
import zlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, reverse
from django.utils import timezone
from PIL import Image

from hub.core.models import AuditEntry, PublicationStatus, Revision
from hub.core.services import content_transition
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
from hub.news.services import post_document_add
from hub.workspace import urls_posts

S = PublicationStatus
pytestmark = pytest.mark.django_db


# Files


def png_bytes(size=(4, 3), colour="blue") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def png(name: str = "photo.png", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else png_bytes(), content_type="image/png")


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif.get_ifd(0x8825)[2] = (50.0, 50.0, 0.0)  # GPSLatitude
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header announces ``width`` x ``height`` pixels (a decompression bomb's shape)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


def pdf(name: str = "slides.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")


def docx(name: str = "report.docx", *, main_part: str = "word/document.xml") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue(), "application/octet-stream")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Each test stores its uploads in a fresh folder, so counting files counts this test's."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()]


# People and posts


@pytest.fixture
def world():
    """Projects A and B; partners of each, a fellow partner and an editor of A; a draft of each partner."""
    project_a, project_b = make_project(acronym="ALPHA"), make_project(acronym="BRAVO")
    partner_a = make_membership(project=project_a, user=make_user(full_name="Ada Alpha")).user
    fellow_a = make_membership(project=project_a, user=make_user(full_name="Fred Alpha")).user
    editor_a = make_membership(project=project_a, role="editor", user=make_user(full_name="Edna Alpha")).user
    partner_b = make_membership(project=project_b, user=make_user(full_name="Bob Bravo")).user
    post_a = make_post(author=partner_a, projects=[project_a], title="Alpha draft")
    post_b = make_post(author=partner_b, projects=[project_b], title="Bravo draft")
    fellow_post = make_post(author=fellow_a, projects=[project_a], title="Fellow draft")
    document_b = make_document_for(post_b)
    return type("World", (), locals())


def make_document_for(post) -> Document:
    return post_document_add(post=post, by=post.author, title="Slides", kind="slides", url="https://x.eu/s")


def form_data(*, projects, version=None, **fields) -> dict:
    data = {"title": "Lithium from brines", "lead": "A short lead.", "body": "<div>Body</div>", "kind": "news"}
    data.update(projects=[project.pk for project in projects], **fields)
    if version is not None:
        data["version"] = version
    return data


def edit_url(post) -> str:
    return reverse("workspace:post-edit", kwargs={"pk": post.pk})


def snapshot(post) -> tuple:
    """Everything a foreign request could change about ``post``."""
    post = Post.objects.get(pk=post.pk)
    content_type = ContentType.objects.get_for_model(Post)
    about = {"content_type": content_type, "object_id": post.pk}
    return (
        post.title,
        post.body,
        post.status,
        post.version,
        post.author_id,
        post.updated_at,
        sorted(post.projects.values_list("pk", flat=True)),
        sorted(post.documents.values_list("pk", "title")),
        Revision.objects.filter(**about).count(),
        AuditEntry.objects.filter(**about).count(),
    )


def errors_of(response) -> str:
    return str(response.context["form"].errors)


# The permission matrix: every URL of urls_posts, each method it answers, and what to post


def matrix_requests(world, post, document) -> dict:
    """``{url name: [(method, url, data), ...]}`` for a request on ``post`` (and its ``document``)."""
    pk = {"pk": post.pk}
    data = form_data(projects=[world.project_a], title="Changed by someone", version=post.version)
    return {
        "post-list": [("get", reverse("workspace:post-list"), None)],
        "post-create": [("get", reverse("workspace:post-create"), None)],
        "post-edit": [("get", edit_url(post), None), ("post", edit_url(post), data)],
        "post-preview": [("get", reverse("workspace:post-preview", kwargs=pk), None)],
        "post-submit": [("post", reverse("workspace:post-submit", kwargs=pk), {})],
        "post-withdraw": [("post", reverse("workspace:post-withdraw", kwargs=pk), {})],
        "post-revisions": [("get", reverse("workspace:post-revisions", kwargs=pk), None)],
        "post-document-add": [
            ("get", reverse("workspace:post-document-add", kwargs=pk), None),
            (
                "post",
                reverse("workspace:post-document-add", kwargs=pk),
                {"title": "x", "kind": "other", "url": "https://x.eu/"},
            ),
        ],
        "post-document-remove": [
            ("post", reverse("workspace:post-document-remove", kwargs={**pk, "document_pk": document.pk}), {}),
        ],
    }


OBJECT_ROUTES = {
    "post-edit", "post-preview", "post-submit", "post-withdraw", "post-revisions",
    "post-document-add", "post-document-remove",
}  # fmt: skip


def test_every_posts_url_is_in_the_permission_matrix(world):
    names = {pattern.name for pattern in urls_posts.urlpatterns if isinstance(pattern, URLPattern)}

    assert names == set(matrix_requests(world, world.post_a, world.document_b))
    assert names > OBJECT_ROUTES


def test_anonymous_visitors_are_sent_to_login_from_every_posts_url(client, world):
    before = snapshot(world.post_b)
    for requests in matrix_requests(world, world.post_b, world.document_b).values():
        for method, url, data in requests:
            response = getattr(client, method)(url, data)
            assert response.status_code == 302, (method, url)
            assert response["Location"].startswith(f"/accounts/login/?next={url}"), (method, url)
    assert snapshot(world.post_b) == before


def test_a_partner_of_project_a_gets_404_for_every_page_of_bs_draft_and_changes_nothing(client, world):
    client.force_login(world.partner_a)
    before = snapshot(world.post_b)
    for name, requests in matrix_requests(world, world.post_b, world.document_b).items():
        if name not in OBJECT_ROUTES:
            continue
        for method, url, data in requests:
            assert getattr(client, method)(url, data).status_code == 404, (method, url)
    assert snapshot(world.post_b) == before
    assert Document.objects.filter(post=world.post_b).count() == 1


def test_a_partner_does_not_reach_a_fellow_partners_draft_but_sees_its_history(client, world):
    client.force_login(world.partner_a)
    before = snapshot(world.fellow_post)
    fellow_document = make_document_for(world.fellow_post)
    before = snapshot(world.fellow_post)
    for name, requests in matrix_requests(world, world.fellow_post, fellow_document).items():
        if name not in OBJECT_ROUTES:
            continue
        for method, url, data in requests:
            expected = 200 if name == "post-revisions" else 404
            assert getattr(client, method)(url, data).status_code == expected, (method, url)
    assert snapshot(world.fellow_post) == before


@pytest.mark.parametrize("who", ["partner_a", "editor_a", "staff"])
def test_who_may_edit_a_post_of_project_a(client, world, who):
    user = make_staff() if who == "staff" else getattr(world, who)
    client.force_login(user)
    editable = {
        "partner_a": [world.post_a],
        "editor_a": [world.post_a, world.fellow_post],
        "staff": [world.post_a, world.fellow_post, world.post_b],
    }[who]

    for post in [world.post_a, world.fellow_post, world.post_b]:
        response = client.post(edit_url(post), form_data(projects=[*post.projects.all()], title="Edited", version=1))
        if post in editable:
            assert response.status_code == 302, (who, post)
            assert Post.objects.get(pk=post.pk).title == "Edited"
        else:
            assert response.status_code == 404, (who, post)
            assert Post.objects.get(pk=post.pk).title != "Edited"


def test_an_editor_reaches_every_page_of_every_post_of_their_project_but_none_of_b(client, world):
    client.force_login(world.editor_a)
    fellow_document = make_document_for(world.fellow_post)
    for requests in matrix_requests(world, world.fellow_post, fellow_document).values():
        for method, url, _data in requests:
            if method == "get":
                assert client.get(url).status_code == 200, url
    for name, requests in matrix_requests(world, world.post_b, world.document_b).items():
        for method, url, _data in requests:
            if method == "get" and name in OBJECT_ROUTES:
                assert client.get(url).status_code == 404, url


def test_staff_reach_every_page_and_take_every_action(client, world):
    staff = make_staff()
    client.force_login(staff)
    post, document = world.post_b, world.document_b
    requests = matrix_requests(world, post, document)
    for entries in requests.values():
        for method, url, _data in entries:
            if method == "get":
                assert client.get(url).status_code == 200, url

    assert client.post(*requests["post-edit"][1][1:]).status_code == 302
    assert client.post(*requests["post-document-add"][1][1:]).status_code == 302
    assert client.post(*requests["post-document-remove"][0][1:]).status_code == 302
    assert client.post(*requests["post-submit"][0][1:]).status_code == 302
    assert Post.objects.get(pk=post.pk).status == S.SUBMITTED
    assert client.post(*requests["post-withdraw"][0][1:]).status_code == 302
    post.refresh_from_db()
    assert (post.status, post.title) == (S.DRAFT, "Changed by someone")
    assert not post.documents.filter(pk=document.pk).exists()


@pytest.mark.parametrize("name", ["post-submit", "post-withdraw", "post-document-remove"])
def test_actions_answer_post_only(client, world, name):
    client.force_login(world.partner_a)
    kwargs = {"pk": world.post_a.pk}
    if name == "post-document-remove":
        kwargs["document_pk"] = make_document_for(world.post_a).pk

    assert client.get(reverse(f"workspace:{name}", kwargs=kwargs)).status_code == 405


# Forged fields


def test_a_forged_project_id_on_a_new_post_is_refused_and_nothing_is_stored(client, world):
    client.force_login(world.partner_a)
    before = Post.objects.count()

    response = client.post(reverse("workspace:post-create"), form_data(projects=[world.project_a, world.project_b]))

    assert response.status_code == 200
    assert "You can only post for your own projects." in errors_of(response)
    assert Post.objects.count() == before


def test_a_partner_cannot_move_their_post_to_another_project_by_editing_the_form(client, world):
    client.force_login(world.partner_a)
    before = snapshot(world.post_a)

    response = client.post(edit_url(world.post_a), form_data(projects=[world.project_b], version=1))

    assert response.status_code == 200
    assert "You can only post for your own projects." in errors_of(response)
    assert snapshot(world.post_a) == before
    assert list(world.post_a.projects.all()) == [world.project_a]


def test_status_author_and_dates_posted_as_extra_fields_change_nothing(client, world):
    client.force_login(world.partner_a)
    extra = {
        "status": "published",
        "author": world.partner_b.pk,
        "published_at": "2020-01-01 10:00",
        "submitted_at": "2020-01-01 10:00",
        "review_note": "Approved by me",
        "slug": "my-own-address",
    }

    client.post(reverse("workspace:post-create"), form_data(projects=[world.project_a], title="Forged", **extra))
    client.post(edit_url(world.post_a), form_data(projects=[world.project_a], version=1, **extra))

    for post in [Post.objects.get(title="Forged"), Post.objects.get(pk=world.post_a.pk)]:
        assert (post.status, post.author, post.published_at) == (S.DRAFT, world.partner_a, None)
        assert (post.submitted_at, post.review_note) == (None, "")
        assert post.slug != "my-own-address"
    assert not Post.objects.published().exists()


def test_a_partner_cannot_publish_through_the_workspace(client, world):
    client.force_login(world.partner_a)
    client.post(reverse("workspace:post-submit", kwargs={"pk": world.post_a.pk}))

    client.post(edit_url(world.post_a), form_data(projects=[world.project_a], version=1, status="published"))

    assert Post.objects.get(pk=world.post_a.pk).status == S.SUBMITTED
    assert not Post.objects.published().exists()


# Bad input


def create(client, **fields):
    return client.post(reverse("workspace:post-create"), form_data(**fields))


def test_a_post_without_a_title_is_refused(client, world):
    client.force_login(world.partner_a)
    before = Post.objects.count()

    response = create(client, projects=[world.project_a], title="")

    assert response.status_code == 200
    assert "Give the post a title." in errors_of(response)
    assert "Nothing was saved" in response.content.decode()
    assert '<a href="#id_title">Title</a>' in response.content.decode()
    assert Post.objects.count() == before


def test_a_partner_must_choose_a_project(client, world):
    client.force_login(world.partner_a)

    response = create(client, projects=[])

    assert "Choose at least one of your projects." in errors_of(response)


def test_an_image_without_alt_text_is_refused_and_nothing_is_stored(client, world, media):
    client.force_login(world.partner_a)
    before = Post.objects.count()

    response = create(client, projects=[world.project_a], featured_image=png(), featured_image_alt="")

    assert response.status_code == 200
    assert "the alt text is required with an image" in errors_of(response)
    assert Post.objects.count() == before
    assert stored_files(media) == []


def test_removing_the_alt_text_of_an_existing_image_is_refused(client, world):
    Post.objects.filter(pk=world.post_a.pk).update(featured_image="posts/x.png", featured_image_alt="A pond")
    client.force_login(world.partner_a)

    response = client.post(edit_url(world.post_a), form_data(projects=[world.project_a], version=1))

    assert "the alt text is required with an image" in errors_of(response)
    assert Post.objects.get(pk=world.post_a.pk).featured_image_alt == "A pond"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (png("notes.png", b"Just some text, not a picture."), "not an image we can read"),
        (png("page.png", b"<!doctype html><html><script>alert(1)</script></html>"), "not an image we can read"),
        (png("photo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), "not an image"),
        (png("huge.png", png_declaring(10_000, 10_000)), "too many pixels"),
        (png("wide.png", png_declaring(8_000, 6_000)), "too many pixels"),
        (png("big.png", png_bytes() + b"\0" * (30 * 1024 * 1024)), "larger than 10 MB"),
    ],
    ids=["text-named-png", "html-named-png", "svg", "10000x10000", "48-megapixels", "30-mb"],
)
def test_a_file_that_is_not_an_acceptable_image_is_refused_and_nothing_is_stored(
    client, world, media, upload, message
):
    client.force_login(world.partner_a)
    before = Post.objects.count()

    response = create(client, projects=[world.project_a], featured_image=upload, featured_image_alt="A picture")

    assert response.status_code == 200
    assert message in errors_of(response)
    assert Post.objects.count() == before
    assert stored_files(media) == []


def test_an_image_is_stored_re_encoded_under_a_new_name_without_trailing_bytes(client, world, media):
    client.force_login(world.partner_a)
    upload = png("../../settings.png", png_bytes() + b"<script>alert(1)</script>")

    create(client, projects=[world.project_a], title="With image", featured_image=upload, featured_image_alt="Blue")

    post = Post.objects.get(title="With image")
    assert post.featured_image.name.startswith("posts/") and "settings" not in post.featured_image.name
    content = Path(post.featured_image.path).read_bytes()
    assert b"<script" not in content
    assert content.endswith(b"IEND\xaeB`\x82")
    assert Image.open(post.featured_image.path).size == (4, 3)


def test_a_photos_exif_data_and_gps_position_are_not_stored(client, world):
    client.force_login(world.partner_a)
    assert Image.open(io.BytesIO(jpeg_with_gps())).getexif()  # the upload has them

    create(
        client,
        projects=[world.project_a],
        title="Photo",
        featured_image=SimpleUploadedFile("photo.jpg", jpeg_with_gps(), "image/jpeg"),
        featured_image_alt="A field",
    )

    stored = Image.open(Post.objects.get(title="Photo").featured_image.path)
    assert stored.format == "JPEG"
    assert not stored.getexif()
    assert b"PhoneMaker" not in Path(stored.filename).read_bytes()


def test_two_uploads_with_the_same_name_never_overwrite_each_other(client, world):
    client.force_login(world.partner_a)
    for title, colour in [("One", "red"), ("Two", "blue")]:
        upload = png("photo.png", png_bytes(colour=colour))
        create(client, projects=[world.project_a], title=title, featured_image=upload, featured_image_alt=colour)

    one, two = Post.objects.get(title="One"), Post.objects.get(title="Two")
    assert one.featured_image.name != two.featured_image.name
    assert Image.open(one.featured_image.path).getpixel((0, 0)) == (255, 0, 0)


# Rich text


PAYLOADS = [
    ("<p>Hello</p><script>alert('xss-script')</script>", ["xss-script"]),
    ('<img src="x" onerror="alert(\'xss-img\')">', ["onerror", "xss-img"]),
    ("<a href=\"javascript:alert('xss-link')\">click</a>", ["javascript:", "xss-link"]),
    ('<a href="jav&#x09;ascript:alert(1)">tab</a>', ["ascript:alert"]),
    ("<style>body{display:none}</style>", ["display:none"]),
    ('<iframe src="https://evil.example/frame"></iframe>', ["<iframe", "evil.example"]),
    ('<form action="https://evil.example/steal"><input name="q"></form>', ["evil.example", '<input name="q"']),
    ("<svg><script>alert('xss-svg')</script></svg>", ["xss-svg", "<svg"]),
]


@pytest.mark.parametrize(("payload", "markers"), PAYLOADS)
def test_dangerous_markup_in_the_body_never_reaches_the_preview_or_the_public_page(client, world, payload, markers):
    client.force_login(world.partner_a)
    create(client, projects=[world.project_a], title="Payload", body=f"<div>Kept text</div>{payload}")
    post = Post.objects.get(title="Payload")

    preview = client.get(reverse("workspace:post-preview", kwargs={"pk": post.pk})).content.decode()
    content_transition(obj=post, action="publish", by=make_staff())
    public = client.get(post.get_absolute_url()).content.decode()

    for page in [preview, public, post.body]:
        for marker in markers:
            assert marker not in page
    assert "Kept text" in preview
    assert "Kept text" in public


def test_the_editors_markup_is_kept(client, world):
    client.force_login(world.partner_a)
    body = (
        "<div>Intro with <strong>bold</strong>, <em>italic</em>, <del>struck</del> and "
        '<a href="https://example.org/">a link</a><br>on two lines</div><h2>A heading</h2>'
        "<blockquote>A quote</blockquote><pre>code</pre><ul><li>one</li></ul><ol><li>two</li></ol>"
    )

    create(client, projects=[world.project_a], title="Formatted", body=body)

    stored = Post.objects.get(title="Formatted").body
    kept = ["<div>Intro", "<strong>bold</strong>", "<del>struck</del>", "<br>", "<h2>A heading</h2>"]
    kept += ["<blockquote>", "<pre>code</pre>", "<ul><li>one</li></ul>", 'href="https://example.org/"']
    for fragment in kept:
        assert fragment in stored


# The form page


def test_the_form_page_serves_the_editor_with_its_label_and_no_inline_script_or_style(client, world):
    client.force_login(world.partner_a)

    response = client.get(reverse("workspace:post-create"))
    content = response.content.decode()

    assert "no-store" in response["Cache-Control"]
    assert '<label id="id_body-label" for="id_body-editor"' in content
    assert '<input type="hidden" name="body" id="id_body"' in content
    assert '<trix-editor id="id_body-editor" input="id_body"' in content
    assert 'aria-labelledby="id_body-label"' in content
    assert "/static/vendor/trix/trix.umd.min.js" in content
    assert "/static/vendor/trix/trix.css" in content
    assert "/static/js/editor.js" in content
    assert "/static/css/editor.css" in content
    scripts = re.findall(r"<script[^>]*>", content)
    assert scripts and all(" src=" in tag for tag in scripts)
    assert "<style" not in content
    assert " style=" not in content
    assert content.count("<h1") == 1
    for field in ["id_title", "id_lead", "id_kind", "id_featured_image", "id_featured_image_alt"]:
        assert f'for="{field}"' in content
    assert "Save draft" in content
    assert "Save and submit for review" in content


def test_the_project_choices_are_the_partners_own_projects(client, world):
    client.force_login(world.partner_a)

    content = client.get(reverse("workspace:post-create")).content.decode()

    assert "ALPHA" in content
    assert "BRAVO" not in content


def test_the_vendored_editor_files_are_in_place():
    static = Path(__file__).resolve().parents[3] / "static"
    for name in ["vendor/trix/trix.umd.min.js", "vendor/trix/trix.css", "vendor/trix/LICENSE", "js/editor.js"]:
        assert (static / name).is_file(), name
    script = (static / "js/editor.js").read_text()
    assert 'blockAttributes.heading1.tagName = "h2"' in script
    assert "trix-file-accept" in script
    assert "sourceMappingURL" not in (static / "vendor/trix/trix.umd.min.js").read_text()
    assert ".trix-button-group--file-tools" in (static / "css/editor.css").read_text()


# Optimistic locking


def test_the_second_of_two_edits_from_the_same_version_is_refused_and_keeps_its_text(client, world):
    client.force_login(world.partner_a)
    editor = client.get(edit_url(world.post_a)).content.decode()
    assert '<input type="hidden" name="version" value="1"' in editor

    first = client.post(edit_url(world.post_a), form_data(projects=[world.project_a], version=1, title="First save"))
    second = client.post(
        edit_url(world.post_a),
        form_data(projects=[world.project_a], version=1, title="Second save", body="<div>My careful text</div>"),
    )

    assert first.status_code == 302
    assert second.status_code == 200
    content = second.content.decode()
    assert "Someone else saved this post since you opened it" in content
    assert 'value="Second save"' in content
    assert "My careful text" in content
    assert reverse("workspace:post-revisions", kwargs={"pk": world.post_a.pk}) + "#revision-2" in content
    post = Post.objects.get(pk=world.post_a.pk)
    assert (post.title, post.version) == ("First save", 2)
    # The form now carries the version it was compared with: saving again knowingly replaces it.
    assert '<input type="hidden" name="version" value="2"' in content
    third = client.post(edit_url(world.post_a), form_data(projects=[world.project_a], version=2, title="Second save"))
    assert third.status_code == 302
    assert Post.objects.get(pk=world.post_a.pk).title == "Second save"


def test_every_save_keeps_a_revision_with_who_and_when(client, world):
    client.force_login(world.partner_a)
    create(client, projects=[world.project_a], title="Versioned")
    post = Post.objects.get(title="Versioned")
    client.force_login(world.editor_a)
    client.post(edit_url(post), form_data(projects=[world.project_a], version=1, title="Versioned, edited"))

    content_type = ContentType.objects.get_for_model(Post)
    revisions = Revision.objects.filter(content_type=content_type, object_id=post.pk).order_by("version")
    assert [(r.version, r.author, r.data["title"]) for r in revisions] == [
        (1, world.partner_a, "Versioned"),
        (2, world.editor_a, "Versioned, edited"),
    ]
    assert all(timezone.now() - r.created_at < timedelta(minutes=1) for r in revisions)
    page = client.get(reverse("workspace:post-revisions", kwargs={"pk": post.pk})).content.decode()
    assert "Edna Alpha" in page
    assert "Ada Alpha" in page
    assert "Changed title" in page


def test_a_form_without_its_version_is_refused(client, world):
    client.force_login(world.partner_a)

    response = client.post(edit_url(world.post_a), form_data(projects=[world.project_a], title="No version"))

    assert "reload the page" in errors_of(response)
    assert Post.objects.get(pk=world.post_a.pk).title == "Alpha draft"


# Review steps from the workspace


def test_a_submitted_post_must_be_withdrawn_before_it_is_edited(client, world):
    client.force_login(world.partner_a)
    client.post(reverse("workspace:post-submit", kwargs={"pk": world.post_a.pk}))

    response = client.get(edit_url(world.post_a), follow=True)
    refused = client.post(edit_url(world.post_a), form_data(projects=[world.project_a], version=1, title="Sneaky"))

    assert "waiting for review: withdraw it before you change it" in response.content.decode()
    assert refused.status_code == 302
    assert Post.objects.get(pk=world.post_a.pk).title == "Alpha draft"
    client.post(reverse("workspace:post-withdraw", kwargs={"pk": world.post_a.pk}))
    client.post(edit_url(world.post_a), form_data(projects=[world.project_a], version=1, title="Better"))
    assert Post.objects.get(pk=world.post_a.pk).title == "Better"


def test_a_published_post_is_left_to_staff(client, world):
    content_transition(obj=world.post_a, action="publish", by=make_staff())
    client.force_login(world.partner_a)

    response = client.post(edit_url(world.post_a), form_data(projects=[world.project_a], version=1, title="Late fix"))

    assert response.status_code == 302
    assert Post.objects.get(pk=world.post_a.pk).title == "Alpha draft"


def test_save_and_submit_sends_the_post_to_review_and_tells_staff(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    make_staff(email="reviewer@example.org")
    client.force_login(world.partner_a)

    with django_capture_on_commit_callbacks(execute=True):
        response = create(client, projects=[world.project_a], title="Ready", submit="1")

    assert response["Location"] == reverse("workspace:post-list")
    post = Post.objects.get(title="Ready")
    assert (post.status, post.submitted_at is not None) == (S.SUBMITTED, True)
    assert "reviewer@example.org" in [address for mail in mailoutbox for address in mail.to]


def test_withdrawing_a_draft_is_refused_with_a_message(client, world):
    client.force_login(world.partner_a)

    response = client.post(reverse("workspace:post-withdraw", kwargs={"pk": world.post_a.pk}), follow=True)

    assert "cannot be withdrawn" in response.content.decode()
    assert Post.objects.get(pk=world.post_a.pk).status == S.DRAFT


# The list


def test_the_list_groups_posts_by_status_with_the_reviewers_reason_and_flags_scheduled_ones(client, world):
    staff = make_staff()
    rejected = make_post(author=world.partner_a, projects=[world.project_a], title="Sent back", status=S.SUBMITTED)
    content_transition(obj=rejected, action="reject", by=staff, reason="Please add the grant number.")
    scheduled = make_post(author=world.partner_a, projects=[world.project_a], title="Later", status=S.SUBMITTED)
    content_transition(obj=scheduled, action="publish", by=staff, at=timezone.now() + timedelta(days=3))
    client.force_login(world.partner_a)

    content = client.get(reverse("workspace:post-list")).content.decode()

    assert "Please add the grant number." in content
    assert "Scheduled for" in content
    assert content.index("Sent back") < content.index("Alpha draft") < content.index("Later")
    assert "Bravo draft" not in content
    assert "Fellow draft" not in content
    assert content.count("<h1") == 1


def test_an_editor_lists_every_post_of_their_project(client, world):
    client.force_login(world.editor_a)

    content = client.get(reverse("workspace:post-list")).content.decode()

    assert "Alpha draft" in content
    assert "Fellow draft" in content
    assert "Bravo draft" not in content


# Attachments


def attach(client, post, **data):
    return client.post(reverse("workspace:post-document-add", kwargs={"pk": post.pk}), data)


def test_a_partner_attaches_a_pdf_and_a_link_to_their_draft(client, world, media):
    client.force_login(world.partner_a)

    attach(client, world.post_a, title="Slides", kind="slides", file=pdf("../../settings.pdf"))
    attach(client, world.post_a, title="Recording", kind="video", url="https://video.example.org/1")

    slides, recording = world.post_a.documents.order_by("title").reverse()
    assert slides.file.name.startswith("documents/") and "settings" not in slides.file.name
    assert recording.url == "https://video.example.org/1"
    assert (slides.uploaded_by, slides.status) == (world.partner_a, S.PUBLISHED)
    assert not Document.objects.published().filter(post=world.post_a).exists()
    edit_page = client.get(edit_url(world.post_a)).content.decode()
    assert "Slides" in edit_page and "Recording" in edit_page


def test_an_office_document_whose_contents_match_its_name_is_accepted(client, world):
    client.force_login(world.partner_a)

    response = attach(client, world.post_a, title="Report", kind="report", file=docx())

    assert response.status_code == 302
    assert world.post_a.documents.get().file.name.endswith(".docx")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("notes.txt", b"plain text"), "Upload a PDF or an office document"),
        (SimpleUploadedFile("page.html", b"<html></html>"), "Upload a PDF or an office document"),
        (SimpleUploadedFile("shell.php", b"<?php system($_GET['c']); ?>"), "Upload a PDF or an office document"),
        (SimpleUploadedFile("fake.pdf", b"<!doctype html><script>alert(1)</script>"), "not the .pdf document"),
        (SimpleUploadedFile("image.pdf", png_bytes()), "not the .pdf document"),
        (docx("fake.docx", main_part="evil.html"), "not the .docx document"),
        (SimpleUploadedFile("old.doc", b"%PDF-1.7 not an OLE file"), "Upload a PDF or an office document"),
        (SimpleUploadedFile("big.pdf", b"%PDF-1.7" + b"\0" * (21 * 1024 * 1024)), "larger than 20 MB"),
    ],
    ids=["txt", "html", "php", "html-named-pdf", "png-named-pdf", "zip-named-docx", "pdf-named-doc", "21-mb"],
)
def test_a_file_that_is_not_an_acceptable_document_is_refused(client, world, media, upload, message):
    client.force_login(world.partner_a)

    response = attach(client, world.post_a, title="Bad", kind="other", file=upload)

    assert response.status_code == 200
    assert message in errors_of(response)
    assert not world.post_a.documents.exists()
    assert stored_files(media) == []


def test_a_document_needs_a_file_or_a_link_and_a_safe_link(client, world):
    client.force_login(world.partner_a)

    empty = attach(client, world.post_a, title="Nothing", kind="other")
    script = attach(client, world.post_a, title="Script", kind="other", url="javascript:alert(1)")

    assert "Upload a file or give a link (one of the two)." in errors_of(empty)
    assert "url" in script.context["form"].errors
    assert not world.post_a.documents.exists()


def test_removing_a_document_deletes_it_and_its_file(client, world, media, django_capture_on_commit_callbacks):
    client.force_login(world.partner_a)
    attach(client, world.post_a, title="Slides", kind="slides", file=pdf())
    document = world.post_a.documents.get()
    url = reverse("workspace:post-document-remove", kwargs={"pk": world.post_a.pk, "document_pk": document.pk})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert response.status_code == 302
    assert not Document.objects.filter(pk=document.pk).exists()
    assert stored_files(media) == []


def test_a_document_of_another_post_cannot_be_removed_through_ones_own_post(client, world):
    client.force_login(world.partner_a)
    url = reverse("workspace:post-document-remove", kwargs={"pk": world.post_a.pk, "document_pk": world.document_b.pk})

    assert client.post(url).status_code == 404
    assert Document.objects.filter(pk=world.document_b.pk).exists()


# The journey


def test_a_partner_writes_previews_and_submits_a_post_that_staff_publish(client, world):
    topic = make_topic(name="Recycling")
    client.force_login(world.partner_a)

    response = create(
        client,
        projects=[world.project_a],
        topics=[topic.pk],
        title="Black mass from old cells",
        lead="How recyclers recover lithium.",
        body="<div>We <strong>recover</strong> it.</div><h2>Next steps</h2>",
        kind="news",
        featured_image=png(),
        featured_image_alt="A heap of black mass",
    )
    post = Post.objects.get(title="Black mass from old cells")
    assert response["Location"] == edit_url(post)
    attach(client, post, title="Recycling slides", kind="slides", file=pdf())

    preview = client.get(reverse("workspace:post-preview", kwargs={"pk": post.pk}))
    assert "news/post_detail.html" in [template.name for template in preview.templates]
    assert preview["X-Robots-Tag"] == "noindex"
    preview_page = preview.content.decode()
    assert "Preview — not published" in preview_page
    assert preview_page.count("<h1") == 1

    client.post(reverse("workspace:post-submit", kwargs={"pk": post.pk}))
    post.refresh_from_db()
    assert post.status == S.SUBMITTED
    content_transition(obj=post, action="publish", by=make_staff())

    client.logout()
    assert "Black mass from old cells" in client.get("/news/").content.decode()
    public_page = client.get(post.get_absolute_url()).content.decode()
    for fragment in [
        "<h1>Black mass from old cells</h1>",
        '<p class="lead">How recyclers recover lithium.</p>',
        '<div class="post-body mb-4"><div>We <strong>recover</strong> it.</div><h2>Next steps</h2></div>',
        f'<img src="{post.featured_image.url}" alt="A heap of black mass"',
        "Recycling slides",
        f'<a href="{topic.get_absolute_url()}">Recycling</a>',
        f'<a href="{world.project_a.get_absolute_url()}">ALPHA</a>',
    ]:
        assert fragment in preview_page, fragment
        assert fragment in public_page, fragment
    assert "Preview — not published" not in public_page


def test_the_preview_of_a_draft_never_shows_another_projects_documents_or_hidden_posts(client, world):
    make_post(status=S.DRAFT, title="Another hidden draft", projects=[world.project_a])
    client.force_login(world.partner_a)

    content = client.get(reverse("workspace:post-preview", kwargs={"pk": world.post_a.pk})).content.decode()

    assert "Another hidden draft" not in content
    assert "Fellow draft" not in content
