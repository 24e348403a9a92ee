"""Back office for news, event reports, proceedings, publications and press releases."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from hub.core.admin_actions import PUBLICATION_READONLY_FIELDS, PublicationAdminMixin
from hub.documents.admin import DocumentInline

from .models import Post


@admin.register(Post)
class PostAdmin(PublicationAdminMixin, admin.ModelAdmin):
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
        (_("Publication"), {"fields": ("status", "published_at", "submitted_at", "review_note", "version")}),
        (_("Review history"), {"fields": ("audit_trail",)}),
    )
    readonly_fields = (*PUBLICATION_READONLY_FIELDS, "version")
    inlines = [DocumentInline]
