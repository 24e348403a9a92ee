import io
import uuid
import warnings

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from hub.core.forms import FilterForm

from .models import Project, ProjectStatus, Topic, ValueChainStage


class ProjectFilterForm(FilterForm):
    """Narrows the project directory. Topics and stages are chosen by their address (slug)."""

    topic = forms.ChoiceField(label=_("Topic"), required=False)
    programme = forms.ChoiceField(
        label=_("Programme"), required=False, choices=[("", _("Any programme")), *Project.Programme.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *ProjectStatus.choices]
    )
    stage = forms.ChoiceField(label=_("Value-chain stage"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only topics some project works on: choosing any other would always give an empty list.
        topics = Topic.objects.filter(projects__isnull=False).distinct().values_list("slug", "name")
        self.fields["topic"].choices = [("", _("Any topic")), *topics]
        self.fields["stage"].choices = [("", _("Any stage")), *ValueChainStage.objects.values_list("slug", "name")]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def filter_topic(self, queryset, value):
        return queryset.filter(topics__slug=value).distinct()

    def filter_programme(self, queryset, value):
        return queryset.filter(programme=value)

    def filter_status(self, queryset, value):
        return queryset.with_status(value)

    def filter_stage(self, queryset, value):
        return queryset.filter(value_chain_stages__slug=value).distinct()


MAX_LOGO_BYTES = 5 * 1024 * 1024
MAX_LOGO_SIDE = 6000
LOGO_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}


class LogoField(forms.ImageField):
    """A PNG, JPEG or WebP image of at most 5 MB, stored re-encoded under a new name: the copy keeps
    the pixels and drops whatever else the file carried (metadata, GPS, trailing bytes)."""

    default_error_messages = {
        "too_big": _("The logo is %(size)s MB; it can be at most 5 MB."),
        "format": _("Upload the logo as a PNG, JPEG or WebP image."),
        "too_wide": _("The logo is %(width)s by %(height)s pixels; it can be at most 6000 pixels on each side."),
    }

    def __init__(self, **kwargs):
        attrs = {"accept": "image/png,image/jpeg,image/webp"}
        super().__init__(widget=forms.ClearableFileInput(attrs=attrs), **kwargs)

    def to_python(self, data):
        # The size is known from the upload's headers: refuse before Pillow reads a byte.
        if data and data.size > MAX_LOGO_BYTES:
            raise ValidationError(
                self.error_messages["too_big"], code="too_big", params={"size": f"{data.size / 1024 / 1024:.0f}"}
            )
        with warnings.catch_warnings():
            # A small file that declares a huge picture is refused, not decoded.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload = super().to_python(data)
        if upload is None:
            return None
        if upload.image.format not in LOGO_FORMATS:
            raise ValidationError(self.error_messages["format"], code="format")
        width, height = upload.image.size
        if max(width, height) > MAX_LOGO_SIDE:
            raise ValidationError(
                self.error_messages["too_wide"], code="too_wide", params={"width": width, "height": height}
            )
        return reencoded(upload)


def reencoded(upload) -> ContentFile:
    """A fresh copy of a verified image upload, turned upright, without metadata, under a random name."""
    upload.seek(0)
    with Image.open(upload) as original:
        image_format = original.format
        image = ImageOps.exif_transpose(original)
        if image_format == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.info = {}
        buffer = io.BytesIO()
        image.save(buffer, format=image_format, **({"quality": 90} if image_format == "JPEG" else {}))
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{LOGO_FORMATS[image_format]}")


class ProjectPageForm(forms.ModelForm):
    """What a project's editors change on its public page. Acronym, title, programme, grant and
    budget figures are the hub staff's, so they are not fields here."""

    logo = LogoField(label=_("Logo"), required=False, help_text=_("PNG, JPEG or WebP, at most 5 MB."))
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    value_chain_stages = forms.ModelMultipleChoiceField(
        label=_("Value-chain stages"),
        queryset=ValueChainStage.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Project
        fields = ["summary", "description", "website", "logo", "topics", "value_chain_stages"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 10}),
        }
        help_texts = {"description": _("Plain text; an empty line starts a new paragraph.")}
