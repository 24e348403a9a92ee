"""Back office for documents: proceedings, slides, deliverables and the like, published after review."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from hub.core.admin_actions import PUBLICATION_READONLY_FIELDS, PublicationAdminMixin, status_label
from hub.core.pagination import LargeTableAdminMixin
from hub.core.uploads import SafeUploadsAdminMixin

from .models import Document


class DocumentInline(SafeUploadsAdminMixin, admin.TabularInline):
    """Documents attached to a post or an event. Each has its own review status: publish it from its own page."""

    model = Document
    fields = ("title", "kind", "file", "url", "language", "current_status")
    readonly_fields = ("current_status",)
    show_change_link = True
    extra = 0

    @admin.display(description=_("status"))
    def current_status(self, document):
        return status_label(document.status)


@admin.register(Document)
class DocumentAdmin(LargeTableAdminMixin, SafeUploadsAdminMixin, PublicationAdminMixin, admin.ModelAdmin):
    owner_field = "uploaded_by"
    list_display = ("title", "kind", "publication_state", "project_list", "attached_to", "uploaded_by", "published_at")
    list_filter = ("status", "kind", "language", "projects", "topics")
    list_select_related = ("post", "event", "uploaded_by")
    search_fields = ("title", "description", "url", "uploaded_by__email", "uploaded_by__full_name")
    autocomplete_fields = ("post", "event", "projects", "topics", "uploaded_by")
    date_hierarchy = "published_at"
    fieldsets = (
        (None, {"fields": ("title", "slug", "kind", "description", "language")}),
        (_("File or link"), {"fields": ("file", "url")}),
        (_("Attached to"), {"fields": ("post", "event", "projects", "topics", "uploaded_by")}),
        (_("Publication"), {"fields": ("status", "published_at", "submitted_at", "review_note")}),
        (_("Review history"), {"fields": ("audit_trail",)}),
    )
    readonly_fields = PUBLICATION_READONLY_FIELDS

    @admin.display(description=_("attached to"))
    def attached_to(self, document):
        return document.post or document.event or "—"
