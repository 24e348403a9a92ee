"""Back office for member projects' feeds and the items imported from them."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import FeedSource, SyndicatedItem
from .services import feed_fetch
from .validators import validate_feed_url


class FeedSourceAdminForm(forms.ModelForm):
    class Meta:
        model = FeedSource
        fields = ("project", "url", "is_active")

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        if url != self.instance.url:  # an address registered earlier is not resolved again on each save
            validate_feed_url(url)
        return url


@admin.register(FeedSource)
class FeedSourceAdmin(admin.ModelAdmin):
    form = FeedSourceAdminForm
    list_display = ("url", "project", "is_active", "last_status", "last_fetched_at", "last_error_short")
    list_filter = ("is_active", "last_status", "project")
    list_select_related = ("project",)
    search_fields = ("url", "project__acronym", "last_error")
    autocomplete_fields = ("project",)
    actions = ["fetch_now"]
    fieldsets = (
        (None, {"fields": ("project", "url", "is_active")}),
        (_("Last fetch"), {"fields": ("last_fetched_at", "last_status", "last_error", "etag", "modified")}),
        (_("Registration"), {"fields": ("added_by", "created_at")}),
    )
    readonly_fields = ("last_fetched_at", "last_status", "last_error", "etag", "modified", "added_by", "created_at")

    @admin.display(description=_("last error"))
    def last_error_short(self, obj):
        return obj.last_error[:120]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Fetch now"), permissions=["change"])
    def fetch_now(self, request, queryset):
        for source in queryset.select_related("project"):
            result = feed_fetch(source=source)
            if result.error:
                self.message_user(request, f"{source}: {result.error}", messages.WARNING)
            else:
                count = ngettext(
                    "%(count)d new post submitted for review.",
                    "%(count)d new posts submitted for review.",
                    result.imported,
                ) % {"count": result.imported}
                self.message_user(request, f"{source}: {count}", messages.SUCCESS)


@admin.register(SyndicatedItem)
class SyndicatedItemAdmin(admin.ModelAdmin):
    """Read-only: the items are the import history. Deleting one lets its entry be imported again."""

    list_display = ("__str__", "source", "post", "original_published_at", "fetched_at")
    list_filter = ("source__project", "source")
    list_select_related = ("source__project", "post")
    search_fields = ("title", "guid", "original_url", "source__url", "source__project__acronym")
    date_hierarchy = "fetched_at"
    readonly_fields = ("source", "guid", "post", "title", "original_url", "original_published_at", "fetched_at")

    def has_add_permission(self, request):
        return False
