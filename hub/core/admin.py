"""The audit trail in the back office: visible to staff, writable by no one (only services add to it)."""

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .admin_actions import status_label
from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
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

    # The trail is evidence: nobody adds, edits or deletes entries by hand, superusers included.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("object"), ordering="object_repr")
    def object_link(self, entry):
        app_label, model_name = entry.content_type.app_label, entry.content_type.model
        try:
            url = reverse(f"{self.admin_site.name}:{app_label}_{model_name}_change", args=[entry.object_id])
        except NoReverseMatch:
            return entry.object_repr
        return format_html('<a href="{}">{}</a>', url, entry.object_repr)

    @admin.display(description=_("from"), ordering="from_status")
    def from_label(self, entry):
        return status_label(entry.from_status) or "—"

    @admin.display(description=_("to"), ordering="to_status")
    def to_label(self, entry):
        return status_label(entry.to_status) or "—"

    @admin.display(description=_("reason"))
    def short_reason(self, entry):
        return Truncator(entry.reason).chars(80) or "—"
