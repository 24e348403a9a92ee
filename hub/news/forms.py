"""The filters above the public news list, and the forms partners write posts and attach documents with."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.utils.choices import BaseChoiceIterator
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from hub.core.forms import FilterForm
from hub.core.pagination import per_content_version
from hub.core.uploads import upload_formfield
from hub.documents.models import Document
from hub.members.permissions import member_projects
from hub.projects.models import Project, Topic

from .models import Post


class PlainSelect(forms.Select):
    """A drop-down written out in Python. Django's Select renders a template per option: with the 300
    projects of the hub's filter that was two thirds of the news list's time (about 10 ms a request)."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        options = "".join(
            f'<option value="{escape(key)}"{" selected" if str(key) in selected else ""}>{escape(label)}</option>'
            for key, label in self.choices
        )
        # Both parts are escaped above; format_html() per option would double the time.
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe(options),  # noqa: S308
        )


class RowChoices(BaseChoiceIterator):
    """The choices of a SlugChoiceField, read on first use and then kept: validating, checking the first
    option and rendering each go through them, and a form served from the cache needs none."""

    def __init__(self, field):
        self.field, self.rows = field, None

    def __iter__(self):
        if self.rows is None:
            self.rows = self.field.rows()
        return iter(self.rows)


class SlugChoiceField(forms.ChoiceField):
    """One row of ``queryset`` chosen by its slug and labelled by ``label_field``. The choices are read
    with values_list, so no model instances are built (the project filter made about 340 per request);
    the cleaned value is the slug."""

    def __init__(self, *, queryset, label_field: str, empty_label, **kwargs):
        self.queryset, self.label_field, self.empty_label = queryset, label_field, empty_label
        super().__init__(widget=PlainSelect(attrs={"class": "form-select"}), **kwargs)

    def __deepcopy__(self, memo):
        field = super().__deepcopy__(memo)
        field.choices = RowChoices(field)  # each form reads its own
        return field

    def rows(self) -> list[tuple[str, str]]:
        queryset = self.queryset.order_by(self.label_field).values_list("slug", self.label_field)
        # Renaming a project or topic is a public change, so the cached list is never stale.
        rows = per_content_version(f"choices:{queryset.query}", lambda: list(queryset))
        return [("", self.empty_label), *rows]


class PostFilterForm(FilterForm):
    template_name = "news/includes/post_filter_form.html"

    topic = SlugChoiceField(
        label=_("Topic"), queryset=Topic.objects.all(), label_field="name", empty_label=_("All topics"), required=False
    )
    project = SlugChoiceField(
        label=_("Project"),
        queryset=Project.objects.all(),
        label_field="acronym",
        empty_label=_("All projects"),
        required=False,
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("All kinds")), *Post.Kind.choices],
        required=False,
        widget=PlainSelect(attrs={"class": "form-select"}),
    )

    def full_clean(self):
        super().full_clean()
        # A value that does not validate is ignored, not the visitor's mistake to fix: without
        # this the field would be rendered with aria-invalid for a filter that is not applied.
        self._errors.clear()

    def cached_html(self, path: str) -> str:
        """The form as rendered, sending its filters to ``path``. With its 300 options it is the same on
        every request for the same filters, so it is kept per content version and selection."""
        selection = sorted((name, str(self[name].value() or "")) for name in self.fields)
        html = per_content_version(
            f"news-filter-form:{path}:{selection}",
            lambda: str(render_to_string(self.template_name, {"form": self, "path": path})),
        )
        return mark_safe(html)  # noqa: S308 - rendered by the template above, which escapes

    def filter_topic(self, queryset, slug):
        return queryset.filter(topics__slug=slug)

    def filter_project(self, queryset, slug):
        return queryset.filter(projects__slug=slug)

    def filter_kind(self, queryset, kind):
        return queryset.of_kind(kind)


class TopicPostFilterForm(PostFilterForm):
    """On a topic's archive the topic comes from the address, so the form does not offer it."""

    topic = None


# Writing posts in the workspace


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
    featured_image = upload_formfield(
        Post,
        "featured_image",
        label=_("Image file"),
        help_text=_("Optional. A JPEG, PNG, WebP or GIF picture, at most 10 MB."),
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


class PostDocumentForm(forms.ModelForm):
    """A document to attach to a post: a file we host, or a link."""

    file = upload_formfield(
        Document,
        "file",
        label=_("File"),
        help_text=_("A PDF or an office document (Word, Excel, PowerPoint, OpenDocument), at most 20 MB."),
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
