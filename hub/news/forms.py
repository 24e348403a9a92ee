"""The filters above the public news list, and the forms partners write posts and attach documents with."""

import secrets
import warnings
import zipfile
from io import BytesIO
from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.core.validators import URLValidator
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from hub.core.forms import FilterForm
from hub.documents.models import Document
from hub.members.permissions import member_projects
from hub.projects.models import Project, Topic

from .models import Post


class PostFilterForm(FilterForm):
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All topics"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    project = forms.ModelChoiceField(
        label=_("Project"),
        queryset=Project.objects.only("acronym", "slug"),
        to_field_name="slug",
        required=False,
        empty_label=_("All projects"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("All kinds")), *Post.Kind.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def full_clean(self):
        super().full_clean()
        # A value that does not validate is ignored, not the visitor's mistake to fix: without
        # this the field would be rendered with aria-invalid for a filter that is not applied.
        self._errors.clear()

    def filter_topic(self, queryset, topic):
        return queryset.for_topic(topic)

    def filter_project(self, queryset, project):
        return queryset.for_project(project)

    def filter_kind(self, queryset, kind):
        return queryset.of_kind(kind)


class TopicPostFilterForm(PostFilterForm):
    """On a topic's archive the topic comes from the address, so the form does not offer it."""

    topic = None


# Writing posts in the workspace

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
PDF, OLE2, ZIP = b"%PDF-", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"PK\x03\x04"
# The first bytes each accepted extension must start with; Office Open XML and OpenDocument are ZIP archives.
DOCUMENT_SIGNATURES = {
    "pdf": PDF, "doc": OLE2, "xls": OLE2, "ppt": OLE2,
    "docx": ZIP, "xlsx": ZIP, "pptx": ZIP, "odt": ZIP, "ods": ZIP, "odp": ZIP,
}  # fmt: skip
# What each kind of archive must contain: the main part (Office Open XML) or the "mimetype" entry (OpenDocument).
ZIP_MAIN_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}
ODF_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}


def generated_name(original: str, extension: str) -> str:
    """A new file name: a slug of the original's stem (no path, quotes or markup) and a random suffix."""
    stem = slugify(PurePath(original.replace("\\", "/")).stem)[:40] or "file"
    return f"{stem}-{secrets.token_hex(6)}.{extension}"


class FeaturedImageField(forms.ImageField):
    """A JPEG, PNG or WebP picture read by Pillow within size limits, then re-encoded: what is stored
    holds the pixels only, without EXIF data (e.g. GPS positions) or bytes appended after the image."""

    default_error_messages = {
        "invalid_image": _("Upload a picture as a JPEG, PNG or WebP file: this file is not an image we can read."),
        "too_large": _("The image is larger than 10 MB. Save it at a smaller size and upload it again."),
        "too_many_pixels": _("The image has too many pixels: use at most 40 megapixels, e.g. 8000 by 5000 pixels."),
    }

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        if upload.size > MAX_IMAGE_BYTES:  # before Pillow reads anything
            raise ValidationError(self.error_messages["too_large"], code="too_large")
        try:
            image = self.open_checked(upload)
        except ValidationError:
            raise
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
            raise ValidationError(self.error_messages["too_many_pixels"], code="too_many_pixels") from error
        except Exception as error:  # Pillow raises many kinds of errors for files it cannot read
            raise ValidationError(self.error_messages["invalid_image"], code="invalid_image") from error
        return self.reencoded(image, upload.name)

    def open_checked(self, upload) -> Image.Image:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)  # reads the header only
            if image.format not in IMAGE_FORMATS:
                raise ValidationError(self.error_messages["invalid_image"], code="invalid_image")
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ValidationError(self.error_messages["too_many_pixels"], code="too_many_pixels")
            image.verify()
            upload.seek(0)
            image = Image.open(upload)
            image.load()
        return image

    def reencoded(self, image: Image.Image, original_name: str) -> UploadedFile:
        image_format = image.format
        image = ImageOps.exif_transpose(image)  # keep the orientation the camera recorded, drop the rest
        if image_format == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        elif image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert("RGBA")
        image.info = {}
        buffer = BytesIO()
        image.save(buffer, format=image_format, **({"quality": 88} if image_format != "PNG" else {}))
        extension = IMAGE_FORMATS[image_format]
        uploaded = SimpleUploadedFile(
            generated_name(original_name, extension), buffer.getvalue(), content_type=Image.MIME[image_format]
        )
        uploaded.image = image
        return uploaded


class RichTextEditor(forms.Widget):
    """The HTML travels in a hidden input; the Trix editor bound to it is set up by static/js/editor.js.
    The editor is labelled by the field's label, rendered with the id ``<input id>-label``."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        input_id = attrs.pop("id", f"id_{name}")
        attrs.pop("required", None)
        return format_html(
            '<input type="hidden" name="{name}" id="{id}" value="{value}">'
            '<trix-editor id="{id}-editor" input="{id}" class="trix-content form-control" '
            'aria-labelledby="{id}-label"{attrs}></trix-editor>',
            name=name,
            id=input_id,
            value=self.format_value(value) or "",
            attrs=flatatt(attrs),
        )


class ProjectChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, project):
        return f"{project.acronym}: {project.full_title}"


class PostForm(forms.ModelForm):
    """What a partner writes. Status, author and dates are never form fields: review and the services set them."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        min_value=1,
        error_messages={"required": _("This form is out of date: reload the page and make your changes again.")},
    )
    featured_image = FeaturedImageField(
        label=_("Image file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("Optional. A JPEG, PNG or WebP picture, at most 10 MB."),
    )

    class Meta:
        model = Post
        fields = ["title", "lead", "body", "kind", "projects", "topics", "featured_image", "featured_image_alt"]
        field_classes = {"projects": ProjectChoiceField}
        widgets = {
            "lead": forms.Textarea(attrs={"rows": 3}),
            "body": RichTextEditor,
            "projects": forms.CheckboxSelectMultiple,
            "topics": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "title": {"required": _("Give the post a title.")},
            "projects": {
                "required": _("Choose at least one of your projects."),
                "invalid_choice": _("You can only post for your own projects."),
            },
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        projects = self.fields["projects"]
        projects.queryset = member_projects(user).order_by("acronym")
        projects.required = not user.is_staff
        projects.help_text = _("The post appears on the pages of these projects, with their EU funding notice.")
        self.fields["topics"].queryset = Topic.objects.order_by("name")
        self.fields["version"].required = self.instance.pk is not None
        if self.instance.pk is not None:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("featured_image") and not cleaned.get("featured_image_alt"):
            self.add_error(
                "featured_image_alt",
                _("Describe the image for people who cannot see it: the alt text is required with an image."),
            )
        return cleaned

    def service_arguments(self) -> dict:
        """The cleaned values as the post services take them; an unchanged image is left out."""
        arguments = {name: self.cleaned_data[name] for name in self._meta.fields}
        if not isinstance(arguments["featured_image"], UploadedFile) and arguments["featured_image"] is not False:
            del arguments["featured_image"]
        return arguments


class DocumentFileField(forms.FileField):
    """A PDF or office document up to 20 MB whose first bytes match its extension; stored under a new name."""

    default_error_messages = {
        "too_large": _("The file is larger than 20 MB. Upload it to a repository such as Zenodo and give the link."),
        "extension": _(
            "Upload a PDF or an office document (.pdf, .doc, .docx, .xls, .xlsx, .ppt, .pptx, .odt, .ods, .odp)."
        ),
        "content": _("This file is not the %(extension)s document its name says it is."),
    }

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        if upload.size > MAX_DOCUMENT_BYTES:
            raise ValidationError(self.error_messages["too_large"], code="too_large")
        extension = PurePath(upload.name).suffix.lower().lstrip(".")
        if extension not in DOCUMENT_SIGNATURES:
            raise ValidationError(self.error_messages["extension"], code="extension")
        if not content_matches(upload, extension):
            params = {"extension": f".{extension}"}
            raise ValidationError(self.error_messages["content"], code="content", params=params)
        upload.seek(0)
        upload.name = generated_name(upload.name, extension)
        return upload


def content_matches(upload, extension: str) -> bool:
    """Whether the file's first bytes (and, for an archive, its contents list) fit ``extension``."""
    upload.seek(0)
    if upload.read(len(DOCUMENT_SIGNATURES[extension])) != DOCUMENT_SIGNATURES[extension]:
        return False
    if DOCUMENT_SIGNATURES[extension] != ZIP:
        return True
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            if extension in ZIP_MAIN_PARTS:
                return ZIP_MAIN_PARTS[extension] in archive.namelist()
            with archive.open("mimetype") as entry:
                return entry.read(100).strip() == ODF_MIMETYPES[extension]
    except (zipfile.BadZipFile, KeyError, OSError):
        return False


class PostDocumentForm(forms.ModelForm):
    """A document to attach to a post: a file we host, or a link."""

    file = DocumentFileField(
        label=_("File"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{ext}" for ext in DOCUMENT_SIGNATURES)}),
        help_text=_("A PDF or an office document, at most 20 MB."),
    )
    url = forms.URLField(
        label=_("Or a link"),
        required=False,
        max_length=500,
        validators=[URLValidator(schemes=["https", "http"])],
        help_text=_("Instead of a file: where the resource lives, e.g. a Zenodo record or a video."),
    )

    class Meta:
        model = Document
        fields = ["title", "kind", "file", "url"]
        error_messages = {"title": {"required": _("Give the document a title.")}}

    def service_arguments(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}
