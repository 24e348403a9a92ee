"""Back office for news, event reports, proceedings, publications and press releases."""

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from hub.core.admin_actions import PUBLICATION_READONLY_FIELDS, PublicationAdminMixin, RevisionHistoryAdminMixin
from hub.core.pagination import LargeTableAdminMixin
from hub.core.uploads import SafeUploadsAdminMixin
from hub.documents.admin import DocumentInline

from .models import Post
from .services import EditConflict, post_create, post_update

# The form fields the post services take (the rest of the change page is read-only or inlines).
SERVICE_FIELDS = (
    "title", "slug", "kind", "lead", "body", "featured_image", "featured_image_alt",
    "projects", "topics", "event", "author",
)  # fmt: skip


class PostAdminForm(forms.ModelForm):
    # The version the page was loaded at: a save based on an older text is refused instead of overwriting.
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        expected = cleaned.get("expected_version")
        # A friendly early check; post_update makes the final one atomically.
        if self.instance.pk is not None and expected is not None and expected != self.instance.version:
            raise EditConflict(current_version=self.instance.version)
        return cleaned


@admin.register(Post)
class PostAdmin(
    LargeTableAdminMixin, SafeUploadsAdminMixin, PublicationAdminMixin, RevisionHistoryAdminMixin, admin.ModelAdmin
):
    form = PostAdminForm
    owner_field = "author"
    list_display = ("title", "kind", "publication_state", "project_list", "author", "published_at", "updated_at")
    list_filter = ("status", "kind", "projects", "topics")
    list_select_related = ("author",)
    search_fields = ("title", "lead", "author__email", "author__full_name")
    autocomplete_fields = ("author", "projects", "topics", "event")
    date_hierarchy = "published_at"
    fieldsets = (
        (None, {"fields": ("title", "slug", "kind", "lead", "body")}),
        (_("Featured image"), {"fields": ("featured_image", "featured_image_alt")}),
        (_("About"), {"fields": ("projects", "topics", "event", "author")}),
        (
            _("Publication"),
            {"fields": ("status", "published_at", "submitted_at", "review_note", "version", "expected_version")},
        ),
        (_("Review history"), {"fields": ("audit_trail",)}),
        (_("Revisions"), {"fields": ("revision_history",)}),
    )
    readonly_fields = (*PUBLICATION_READONLY_FIELDS, "version", "revision_history")
    inlines = [DocumentInline]

    def save_model(self, request, obj, form, change):
        """Save through the post services, which bump the version and keep a revision."""
        arguments = {name: form.cleaned_data[name] for name in SERVICE_FIELDS if name in form.cleaned_data}
        image = arguments.get("featured_image")
        if not isinstance(image, UploadedFile) and image is not False:
            arguments.pop("featured_image", None)
        if change:
            expected = form.cleaned_data.get("expected_version") or obj.version
            post_update(post=obj, by=request.user, expected_version=expected, **arguments)
            return
        if arguments.get("author") is None:
            arguments.pop("author", None)
        post = post_create(by=request.user, **arguments)
        # The admin goes on with ``obj`` (inlines, log, redirect): make it the row just created.
        obj.__dict__.update(post.__dict__)
