"""Back office for the hub's own page texts and the messages sent through the contact form."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import ContactMessage, Page
from .services import contact_messages_mark_handled

# The public URLs look these pages up by slug: renaming one would take its page offline.
FIXED_SLUGS = {"about", "contact", "accessibility", "privacy", "legal"}


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "updated_at")
    search_fields = ("title", "slug", "lead", "body")
    prepopulated_fields = {"slug": ("title",)}
    fieldsets = (
        (None, {"fields": ("title", "slug", "lead", "body")}),
        (_("Search engines"), {"fields": ("meta_description",)}),
    )

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.slug in FIXED_SLUGS:
            return ("slug",)
        return ()

    def get_prepopulated_fields(self, request, obj=None):
        # A read-only slug cannot be prepopulated (the admin would look for a form field that is not there).
        if obj is not None and obj.slug in FIXED_SLUGS:
            return {}
        return super().get_prepopulated_fields(request, obj)


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "name", "email", "organisation", "project", "handled")
    list_filter = ("handled", "created_at")
    search_fields = ("name", "email", "organisation", "project", "message")
    date_hierarchy = "created_at"
    actions = ["mark_handled"]
    fieldsets = (
        (None, {"fields": ("created_at", "name", "email", "organisation", "project", "message")}),
        (_("Follow-up"), {"fields": ("handled",)}),
    )
    # What the visitor wrote is a record: staff answer it and tick "handled", they do not rewrite it.
    readonly_fields = ("created_at", "name", "email", "organisation", "project", "message")

    def has_add_permission(self, request):
        return False  # messages come from the public form only

    @admin.action(description=_("Mark as handled"), permissions=["change"])
    def mark_handled(self, request, queryset):
        count = contact_messages_mark_handled(queryset=queryset)
        self.message_user(
            request,
            ngettext("%d message marked as handled.", "%d messages marked as handled.", count) % count,
            messages.SUCCESS,
        )
