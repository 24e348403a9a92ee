"""One policy for every uploaded file, in the workspace forms and in the admin alike.

- Size: an upload handler stops keeping a file's bytes once it passes the largest size any field accepts
  (``MAX_UPLOAD_BYTES``); each field then refuses files above its own limit with a clear message, before
  anything parses the file.
- Images (JPEG, PNG, WebP, GIF) are opened by Pillow with only those decoders, refused above
  ``MAX_IMAGE_PIXELS`` before any pixel is decoded, then re-encoded: the stored copy holds the pixels
  only (turned upright), without EXIF or GPS data or bytes hidden after the image.
- Documents (PDF, Office Open XML, OpenDocument) must be what their extension says, judged by content.
  Everything else, SVG and HTML included, is refused whatever its name.
- Every accepted file gets a random name: nothing of the sender's name reaches the disk, no upload can
  overwrite another, and the address of a draft's file cannot be guessed.
"""

import secrets
import warnings
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.db import models
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

MB = 1024 * 1024
MAX_DOCUMENT_BYTES = 20 * MB
MAX_IMAGE_BYTES = 10 * MB
# The largest file any field accepts: beyond it the upload handler keeps no more bytes.
MAX_UPLOAD_BYTES = MAX_DOCUMENT_BYTES
# Far above any camera, far below what would exhaust a worker's memory when decoded (4 bytes a pixel).
MAX_IMAGE_PIXELS = 40_000_000

# Pillow format -> (extension, content type). Only these decoders ever see an upload.
IMAGE_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
    "GIF": ("gif", "image/gif"),
}
IMAGE_EXTENSIONS = ("jpg", "jpeg", "png", "webp", "gif")

PDF, ZIP = b"%PDF-", b"PK\x03\x04"
# Office Open XML: a ZIP with [Content_Types].xml and the main part of its kind.
OOXML_MAIN_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}
# OpenDocument: a ZIP whose "mimetype" entry names its kind.
ODF_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}
DOCUMENT_EXTENSIONS = ("pdf", *OOXML_MAIN_PARTS, *ODF_MIMETYPES)


@dataclass(frozen=True)
class ImagePolicy:
    max_bytes: int = MAX_IMAGE_BYTES
    # Larger pictures are scaled down to fit this box (width, height); None keeps the size.
    box: tuple[int, int] | None = None


@dataclass(frozen=True)
class DocumentPolicy:
    max_bytes: int = MAX_DOCUMENT_BYTES


# Per model field, where it differs from the defaults above. Keys are "app_label.Model.field".
POLICIES = {
    "members.User.photo": ImagePolicy(max_bytes=5 * MB, box=(1200, 1200)),
    "members.Organisation.logo": ImagePolicy(max_bytes=5 * MB),
    "projects.Project.logo": ImagePolicy(max_bytes=5 * MB),
}


def policy_for(db_field: models.FileField) -> ImagePolicy | DocumentPolicy:
    """The rules for uploads to ``db_field``: image rules for an ImageField, document rules otherwise."""
    default = ImagePolicy() if isinstance(db_field, models.ImageField) else DocumentPolicy()
    return POLICIES.get(f"{db_field.model._meta.label}.{db_field.name}", default)


def generated_name(extension: str) -> str:
    """A random file name (128 bits): unguessable, and nothing of the sender's name in it."""
    return f"{secrets.token_hex(16)}.{extension}"


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f}"


def check_size(upload: UploadedFile, max_bytes: int, *, what) -> None:
    # ``size`` comes from the upload handler's count, so nothing is read to know it.
    if upload.size > max_bytes:
        raise ValidationError(
            _("The %(what)s is %(size)s MB: larger than %(limit)s MB, the most we accept. Choose a smaller file."),
            code="too_large",
            params={"what": what, "size": _megabytes(upload.size), "limit": max_bytes // MB},
        )


# Images


def clean_image(upload: UploadedFile, policy: ImagePolicy, *, what=None) -> SimpleUploadedFile:
    """A re-encoded copy of ``upload`` under a random name, or ValidationError with a message for the form."""
    check_size(upload, policy.max_bytes, what=what or _("image"))
    if PurePath(upload.name or "").suffix.lower().lstrip(".") not in IMAGE_EXTENSIONS:
        # A picture named .html or .php is refused too: a name that misleads is a sign of trouble.
        raise ValidationError(
            _("This file is not an image we accept: upload a .jpg, .png, .webp or .gif picture."), code="extension"
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload, formats=list(IMAGE_FORMATS)) as image:  # reads the header only
                _check_pixels(image)
                content, image_format = _reencoded(image, policy.box)
    except ValidationError:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        raise _too_many_pixels() from error
    except Exception as error:  # Pillow raises many kinds of errors for what it cannot read
        raise ValidationError(
            _("Upload a picture as a JPEG, PNG, WebP or GIF file: this file is not an image we can read."),
            code="invalid_image",
        ) from error
    extension, content_type = IMAGE_FORMATS[image_format]
    return SimpleUploadedFile(generated_name(extension), content, content_type=content_type)


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("The image has too many pixels: use at most 40 megapixels, e.g. 8000 by 5000 pixels."),
        code="too_many_pixels",
    )


def _check_pixels(image: Image.Image) -> None:
    # The header declares the size: a tiny file claiming 10000 x 10000 pixels stops here, undecoded.
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        raise _too_many_pixels()


def _reencoded(image: Image.Image, box: tuple[int, int] | None) -> tuple[bytes, str]:
    """The pixels of ``image`` saved afresh in its own format: upright, without metadata or trailing bytes.
    An animated GIF keeps its first frame."""
    # A camera's multi-picture JPEG (MPO) opens under its own name; its first picture is a plain JPEG.
    image_format = {"MPO": "JPEG"}.get(image.format, image.format)
    if image_format not in IMAGE_FORMATS:
        raise ValueError(f"Unexpected image format {image.format}")  # reported as "not an image we can read"
    picture = ImageOps.exif_transpose(image)  # applies the EXIF orientation before the EXIF goes
    if box:
        picture.thumbnail(box)
    options = {}
    if image_format == "JPEG":
        picture = picture if picture.mode in ("RGB", "L") else picture.convert("RGB")
        options = {"quality": 88, "optimize": True}
    elif image_format == "GIF" and "transparency" in picture.info:
        options = {"transparency": picture.info["transparency"]}
    elif picture.mode == "P":  # PNG and WebP: keep any transparency without carrying the palette's chunks
        picture = picture.convert("RGBA")
    picture.info = {}  # nothing of the original's metadata is written back
    buffer = BytesIO()
    picture.save(buffer, format=image_format, **options)
    return buffer.getvalue(), image_format


# Documents


def clean_document(upload: UploadedFile, policy: DocumentPolicy, *, what=None) -> UploadedFile:
    """``upload`` under a random name if it is the PDF or office document its extension says; else ValidationError."""
    check_size(upload, policy.max_bytes, what=what or _("file"))
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    if extension not in DOCUMENT_EXTENSIONS:
        raise ValidationError(
            _("Upload a PDF or an office document (%(extensions)s)."),
            code="extension",
            params={"extensions": ", ".join(f".{ext}" for ext in DOCUMENT_EXTENSIONS)},
        )
    if not content_matches(upload, extension):
        raise ValidationError(
            _("This file is not the %(extension)s document its name says it is."),
            code="content",
            params={"extension": f".{extension}"},
        )
    upload.seek(0)
    upload.name = generated_name(extension)
    return upload


def content_matches(upload, extension: str) -> bool:
    """Whether the file's first bytes (and, for an archive, its list of parts) fit ``extension``."""
    upload.seek(0)
    if extension == "pdf":
        return upload.read(len(PDF)) == PDF
    if upload.read(len(ZIP)) != ZIP:
        return False
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            if extension in OOXML_MAIN_PARTS:
                names = set(archive.namelist())
                return {"[Content_Types].xml", OOXML_MAIN_PARTS[extension]} <= names
            with archive.open("mimetype") as entry:
                return entry.read(100).strip() == ODF_MIMETYPES[extension]
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        return False


# Form fields


class SafeImageField(forms.ImageField):
    """An image upload held to an ImagePolicy; what it cleans to is the re-encoded copy."""

    def __init__(self, *, policy: ImagePolicy | None = None, what=None, **kwargs):
        self.policy, self.what = policy or ImagePolicy(), what
        super().__init__(**kwargs)

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)  # not ImageField's: clean_image does the opening
        return None if upload is None else clean_image(upload, self.policy, what=self.what)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput):
            attrs["accept"] = ",".join(content_type for _ext, content_type in IMAGE_FORMATS.values())
        return attrs


class SafeDocumentField(forms.FileField):
    """A document upload held to a DocumentPolicy; it cleans to the upload under its new name."""

    def __init__(self, *, policy: DocumentPolicy | None = None, what=None, **kwargs):
        self.policy, self.what = policy or DocumentPolicy(), what
        super().__init__(**kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        return None if upload is None else clean_document(upload, self.policy, what=self.what)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput):
            attrs["accept"] = ",".join(f".{ext}" for ext in DOCUMENT_EXTENSIONS)
        return attrs


def upload_formfield(model, name: str, **kwargs) -> forms.FileField:
    """The form field for ``model.name`` under the policy for that field (for a form's declared fields)."""
    return safe_formfield(model._meta.get_field(name), **kwargs)


def safe_formfield(db_field: models.FileField, **kwargs) -> forms.FileField:
    return db_field.formfield(**safe_formfield_options(db_field), **kwargs)


def safe_formfield_options(db_field: models.FileField) -> dict:
    """The form class and policy for uploads to ``db_field``; the message names the field ("the logo is ...")."""
    policy = policy_for(db_field)
    form_class = SafeImageField if isinstance(policy, ImagePolicy) else SafeDocumentField
    return {"form_class": form_class, "policy": policy, "what": db_field.verbose_name}


class SafeUploadsAdminMixin:
    """For every ModelAdmin and inline with a file field: its uploads follow the same policy as the workspace."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.FileField):
            kwargs.update(safe_formfield_options(db_field))
        return super().formfield_for_dbfield(db_field, request, **kwargs)


# The upload handler


class OversizedUpload(UploadedFile):
    """What a form receives for a file past MAX_UPLOAD_BYTES: its real size, and none of its bytes."""

    def __init__(self, name, size, content_type):
        super().__init__(BytesIO(), name, content_type, size)

    def chunks(self, chunk_size=None):
        raise ValueError("An oversized upload has no content; its form field must refuse it.")


class SizeLimitUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: passes a file's bytes on to Django's handlers (memory, then a
    temporary file) only up to MAX_UPLOAD_BYTES, drops the rest as it streams in, and hands the form a
    stand-in carrying the real size, so the field can say how large the file was."""

    limit = MAX_UPLOAD_BYTES

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        return raw_data if self.received <= self.limit else None

    def file_complete(self, file_size):
        if self.received <= self.limit:
            return None  # the next handler builds the file as usual
        return OversizedUpload(self.file_name, self.received, self.content_type)
