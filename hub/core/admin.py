"""The audit trail and the revisions in the back office: visible to staff, writable by no one (only services
add to them)."""

import json

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .admin_actions import status_label
from .models import AuditEntry, Revision


def change_link(admin_site, content_type, object_id, label: str) -> str:
    """A link to the admin page of the row a trail entry or revision is about; the label alone if it has none."""
    try:
        url = reverse(f"{admin_site.name}:{content_type.app_label}_{content_type.model}_change", args=[object_id])
    except NoReverseMatch:
        return label
    return format_html('<a href="{}">{}</a>', url, label)


class ReadOnlyAdminMixin:
    """Evidence: nobody adds, edits or deletes rows by hand, superusers included."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("at", "object_link", "content_type", "action", "from_label", "to_label", "actor", "short_reason")
    list_filter = (
        "action",
        ("actor", admin.RelatedOnlyFieldListFilter),
        ("content_type", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("object_repr", "reason", "actor__email", "actor__full_name")
    list_select_related = ("actor", "content_type")
    date_hierarchy = "at"
    fields = (
        "at",
        "content_type",
        "object_id",
        "object_link",
        "action",
        "from_status",
        "to_status",
        "reason",
        "actor",
    )
    readonly_fields = fields

    @admin.display(description=_("object"), ordering="object_repr")
    def object_link(self, entry):
        return change_link(self.admin_site, entry.content_type, entry.object_id, entry.object_repr)

    @admin.display(description=_("from"), ordering="from_status")
    def from_label(self, entry):
        return status_label(entry.from_status) or "—"

    @admin.display(description=_("to"), ordering="to_status")
    def to_label(self, entry):
        return status_label(entry.to_status) or "—"

    @admin.display(description=_("reason"))
    def short_reason(self, entry):
        return Truncator(entry.reason).chars(80) or "—"


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("content_type", "object_link", "version", "author", "created_at", "summary")
    list_filter = (
        ("content_type", admin.RelatedOnlyFieldListFilter),
        ("author", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("summary", "author__email", "author__full_name")
    list_select_related = ("author", "content_type")
    date_hierarchy = "created_at"
    fields = ("created_at", "content_type", "object_id", "object_link", "version", "author", "summary", "content")
    readonly_fields = fields

    def get_queryset(self, request):
        # The object column names each item: one query per kind of item on the page, not one per row.
        return super().get_queryset(request).prefetch_related("content_object")

    @admin.display(description=_("object"))
    def object_link(self, revision):
        if revision.content_object is None:
            return _("#%(id)s (since deleted)") % {"id": revision.object_id}
        return change_link(self.admin_site, revision.content_type, revision.object_id, str(revision.content_object))

    @admin.display(description=_("content"))
    def content(self, revision):
        return format_html("<pre>{}</pre>", json.dumps(revision.data, indent=2, ensure_ascii=False))
