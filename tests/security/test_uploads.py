"""SECURITY.md items 13-17: every upload path (workspace forms and the admin) holds uploads to one policy."""

import io
import re
import struct
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import RequestFactory
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse
from PIL import Image

from hub.core.tests.admin_helpers import admin_url, login_verified, management_form
from hub.core.tests.factories import make_membership, make_post, make_project, make_staff, make_user
from hub.core.uploads import OversizedUpload, SafeDocumentField, SafeImageField, SizeLimitUploadHandler
from hub.documents.models import Document
from hub.members.models import Organisation

pytestmark = pytest.mark.django_db

RANDOM_NAME = re.compile(r"^[a-z]+/(\d{4}/)?[0-9a-f]{32}\.(png|jpg|webp|gif|pdf|docx)$")
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


# Files


def png_bytes(size=(6, 4), colour="blue") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: the camera was turned; the stored copy must be upright
    exif.get_ifd(0x8825)[2] = (50.0, 50.0, 0.0)  # GPSLatitude
    buffer = io.BytesIO()
    Image.new("RGB", (8, 4), "green").save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header announces ``width`` x ``height`` pixels (a decompression bomb's shape)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def stored_files(media: Path) -> list[Path]:
    """The uploaded files (not the resized copies the images app derives from them)."""
    return [path for path in media.rglob("*") if path.is_file() and "renditions" not in path.parts]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# The upload paths: two for images, two for documents; each a workspace form and an admin add view.


class ProfilePhoto:
    """A member's photo, from the workspace's profile form."""

    def __init__(self, client):
        self.user = make_user(full_name="Ana Lopez")
        client.force_login(self.user)
        self.client = client

    def send(self, file):
        data = {"full_name": "Ana Lopez", "job_title": "", "organisation": "", "bio": "", "photo": file}
        return self.client.post(reverse("accounts:profile"), data)

    def stored(self):
        self.user.refresh_from_db()
        return self.user.photo


class OrganisationLogo:
    """An organisation's logo, from the admin's add page."""

    def __init__(self, client):
        login_verified(client, make_staff(is_superuser=True))
        self.client = client

    def send(self, file):
        data = {"name": "Uni Test", "kind": "REC", "logo": file, **management_form("participations")}
        return self.client.post(admin_url(Organisation, "add"), data)

    def stored(self):
        organisation = Organisation.objects.filter(name="Uni Test").first()
        return organisation.logo if organisation else None


class PostAttachment:
    """A document attached to a draft post, from the workspace."""

    def __init__(self, client):
        project = make_project()
        author = make_membership(project=project).user
        self.post = make_post(author=author, projects=[project])
        client.force_login(author)
        self.client = client

    def send(self, file):
        url = reverse("workspace:post-document-add", kwargs={"pk": self.post.pk})
        return self.client.post(url, {"title": "Slides", "kind": "slides", "file": file})

    def stored(self):
        document = self.post.documents.first()
        return document.file if document else None


class AdminDocument:
    """A document, from the admin's add page."""

    def __init__(self, client):
        login_verified(client, make_staff(is_superuser=True))
        self.client = client

    def send(self, file):
        data = {"title": "Final report", "kind": "report", "language": "en", "file": file}
        return self.client.post(admin_url(Document, "add"), data)

    def stored(self):
        document = Document.objects.first()
        return document.file if document else None


IMAGE_PATHS = [ProfilePhoto, OrganisationLogo]
DOCUMENT_PATHS = [PostAttachment, AdminDocument]


def errors(response) -> str:
    """Every field error on the page (workspace or admin form)."""
    if "adminform" in response.context:
        return " ".join(str(error) for entry in response.context["errors"] for error in entry)
    return " ".join(str(error) for field_errors in response.context["form"].errors.values() for error in field_errors)


def assert_refused(path, response, message, media):
    assert response.status_code == 200
    assert message in errors(response)
    assert not path.stored()
    assert stored_files(media) == []


# 14. Markup, scripts and misleading names are refused


@pytest.mark.parametrize("path_class", IMAGE_PATHS)
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("x.html", HTML, "not an image we accept"),
        ("x.svg", SVG, "not an image we accept"),
        ("x.png", HTML, "not an image we can read"),
        ("x.png", SVG, "not an image we can read"),
        ("x.html", png_bytes(), "not an image we accept"),
        ("x.php", b"<?php system($_GET['c']); ?>", "not an image we accept"),
    ],
    ids=["html", "svg", "html-named-png", "svg-named-png", "png-named-html", "php"],
)
def test_markup_and_scripts_are_refused_as_images(client, media, path_class, name, content, message):
    path = path_class(client)

    response = path.send(upload(name, content))

    assert_refused(path, response, message, media)


@pytest.mark.parametrize("path_class", DOCUMENT_PATHS)
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("x.html", HTML, "Upload a PDF or an office document"),
        ("x.svg", SVG, "Upload a PDF or an office document"),
        ("x.pdf", HTML, "not the .pdf document"),
        ("x.docx", HTML, "not the .docx document"),
        ("x.html", PDF, "Upload a PDF or an office document"),
        ("x.php", b"<?php system($_GET['c']); ?>", "Upload a PDF or an office document"),
        ("x.pdf", png_bytes(), "not the .pdf document"),
    ],
    ids=["html", "svg", "html-named-pdf", "html-named-docx", "pdf-named-html", "php", "png-named-pdf"],
)
def test_markup_and_scripts_are_refused_as_documents(client, media, path_class, name, content, message):
    path = path_class(client)

    response = path.send(upload(name, content))

    assert_refused(path, response, message, media)


@pytest.mark.parametrize("path_class", DOCUMENT_PATHS)
@pytest.mark.parametrize(("name", "content"), [("report.pdf", PDF), ("report.docx", docx_bytes())])
def test_a_pdf_or_office_document_is_accepted_under_a_random_name(client, path_class, name, content):
    path = path_class(client)

    response = path.send(upload(name, content))

    assert response.status_code == 302
    stored = path.stored()
    assert RANDOM_NAME.match(stored.name), stored.name
    assert Path(stored.path).read_bytes() == content


# 15. Images are re-encoded: no trailing bytes, no metadata


@pytest.mark.parametrize("path_class", IMAGE_PATHS)
def test_a_png_with_a_script_appended_is_stored_re_encoded_without_it(client, path_class):
    path = path_class(client)

    response = path.send(upload("photo.png", png_bytes() + b"<script>alert(1)</script>"))

    assert response.status_code == 302
    content = Path(path.stored().path).read_bytes()
    assert b"<script" not in content
    assert content.endswith(b"IEND\xaeB`\x82")
    with Image.open(path.stored().path) as image:
        assert (image.format, image.size) == ("PNG", (6, 4))


@pytest.mark.parametrize("path_class", IMAGE_PATHS)
def test_a_jpegs_exif_and_gps_position_are_stripped_and_its_orientation_kept(client, path_class):
    path = path_class(client)

    response = path.send(upload("holiday.jpg", jpeg_with_gps()))

    assert response.status_code == 302
    content = Path(path.stored().path).read_bytes()
    assert b"Exif" not in content and b"PhoneMaker" not in content
    with Image.open(path.stored().path) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert image.size == (4, 8)  # turned upright as the camera said, before the EXIF went


def test_a_gif_is_accepted_and_keeps_its_transparency(client):
    path = OrganisationLogo(client)
    pixel = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
    pixel += b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"

    response = path.send(upload("pixel.gif", pixel))

    assert response.status_code == 302
    with Image.open(path.stored().path) as image:
        assert image.format == "GIF" and "transparency" in image.info


# 16. Decompression bombs


@pytest.mark.parametrize("path_class", IMAGE_PATHS)
def test_a_small_png_declaring_10000_by_10000_pixels_is_refused_quickly(client, media, path_class):
    path = path_class(client)
    bomb = png_declaring(10_000, 10_000)
    assert len(bomb) < 200

    started = time.monotonic()
    response = path.send(upload("bomb.png", bomb))

    assert time.monotonic() - started < 2  # refused from the header: 100 megapixels are never decoded
    assert_refused(path, response, "too many pixels", media)


# 17. Hostile names


@pytest.mark.parametrize("path_class", [*IMAGE_PATHS, *DOCUMENT_PATHS])
@pytest.mark.parametrize(
    "name", ["../../settings.png", '"><img src=x onerror=alert(1)>.png', 'it\'s "quoted".png', "..\\..\\x.png"]
)
def test_hostile_names_are_stored_under_a_generated_name(client, media, path_class, name):
    path = path_class(client)
    is_document = path_class in DOCUMENT_PATHS
    content = PDF if is_document else png_bytes()
    name = name.replace(".png", ".pdf") if is_document else name

    response = path.send(upload(name, content))

    assert response.status_code == 302
    stored = path.stored()
    assert RANDOM_NAME.match(stored.name), stored.name
    assert [file.resolve() for file in stored_files(media)] == [Path(stored.path).resolve()]
    assert Path(stored.path).resolve().is_relative_to(media.resolve())


def test_an_upload_never_overwrites_another_file(client, media):
    existing = media / "people" / "settings.png"
    existing.parent.mkdir(parents=True)
    existing.write_bytes(b"someone else's file")
    first, second = ProfilePhoto(client), ProfilePhoto(client.__class__())

    first.send(upload("settings.png", png_bytes(colour="red")))
    second.send(upload("settings.png", png_bytes(colour="blue")))

    assert existing.read_bytes() == b"someone else's file"
    assert first.stored().name != second.stored().name
    assert len(stored_files(media)) == 3


# 13. Size limits, before the file is read into memory


@pytest.mark.parametrize(
    ("path_class", "size_mb", "message"),
    [
        (ProfilePhoto, 6, "The photo is 6.0 MB: larger than 5 MB"),
        (OrganisationLogo, 6, "The logo is 6.0 MB: larger than 5 MB"),
        (PostAttachment, 21, "The file is 21.0 MB: larger than 20 MB"),
        (AdminDocument, 21, "The file is 21.0 MB: larger than 20 MB"),
    ],
)
def test_a_file_above_the_limit_is_refused_with_its_size(client, media, path_class, size_mb, message):
    path = path_class(client)
    head = PDF if path_class in DOCUMENT_PATHS else png_bytes()
    name = "big.pdf" if path_class in DOCUMENT_PATHS else "big.png"

    response = path.send(upload(name, head + b"\0" * (size_mb * 1024 * 1024 - len(head))))

    assert_refused(path, response, message, media)


def test_the_upload_handler_keeps_no_byte_past_the_limit(monkeypatch):
    monkeypatch.setattr(SizeLimitUploadHandler, "limit", 1000)
    body = encode_multipart(BOUNDARY, {"file": upload("big.pdf", PDF + b"\0" * 50_000), "title": "x"})
    request = RequestFactory().generic("POST", "/", body, content_type=MULTIPART_CONTENT)

    received = request.FILES["file"]

    assert isinstance(received, OversizedUpload)
    assert received.size == len(PDF) + 50_000  # the real size, for the message
    assert received.read() == b""  # none of the content
    assert request.POST["title"] == "x"  # the rest of the form still arrives


def test_a_file_within_the_limit_passes_the_handler_untouched(monkeypatch):
    monkeypatch.setattr(SizeLimitUploadHandler, "limit", 1000)
    body = encode_multipart(BOUNDARY, {"file": upload("small.pdf", PDF)})
    request = RequestFactory().generic("POST", "/", body, content_type=MULTIPART_CONTENT)

    assert request.FILES["file"].read() == PDF


# The admin cannot bypass the policy


def file_form_fields():
    """(admin, field name, form field) for every file field of every admin page and inline."""
    request = RequestFactory().get("/")
    request.user = make_staff(is_superuser=True)
    for model, model_admin in admin.site._registry.items():
        forms_ = []
        for obj in (None, model()):  # the add page and the change page (e.g. members: two different forms)
            forms_.append(model_admin.get_form(request, obj))
            forms_ += [inline.get_formset(request, obj).form for inline in model_admin.get_inline_instances(request)]
        for form in forms_:
            for name, field in form.base_fields.items():
                db_field = next((f for f in form._meta.model._meta.fields if f.name == name), None)
                if isinstance(db_field, models.FileField):
                    yield f"{model.__name__} {form._meta.model.__name__}.{name}", field


def test_every_file_field_in_the_admin_follows_the_upload_policy():
    fields = dict(file_form_fields())

    assert {"User User.photo", "Project Project.logo", "Post Post.featured_image", "Document Document.file"} <= set(
        fields
    )
    unsafe = [label for label, field in fields.items() if not isinstance(field, SafeImageField | SafeDocumentField)]
    assert unsafe == []


# Unpublished content


def test_the_file_of_a_drafts_document_has_an_unguessable_address(client):
    path = PostAttachment(client)

    path.send(upload("Minutes of the consortium meeting.pdf", PDF))

    document = path.stored()
    assert "Minutes" not in document.url
    assert re.search(r"/[0-9a-f]{32}\.pdf$", document.url)  # 128 random bits
