"""Back office for events and their agenda: sessions, speakers, moderators and chairs."""

import zoneinfo

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models import Count
from django.template.response import SimpleTemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from hub.core.admin_actions import PUBLICATION_READONLY_FIELDS, PublicationAdminMixin, RevisionHistoryAdminMixin
from hub.core.pagination import LargeTableAdminMixin
from hub.documents.admin import DocumentInline

from .models import DEFAULT_TIME_ZONE, Event, Session, SessionRole
from .services import event_staff_saved


def zone_or_default(name: str | None) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name or DEFAULT_TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(DEFAULT_TIME_ZONE)


def value_of(model, pk, field: str):
    """One column of one row, or None; ``pk`` comes from the URL or the form, so it may be anything."""
    if not str(pk or "").isdigit():
        return None
    return model.objects.filter(pk=pk).values_list(field, flat=True).first()


class EventTimeZoneMixin:
    """Staff type an event's times as they read on its programme: in the event's own time zone,
    not the server's. Subclasses say which zone applies with ``editing_zone_name``."""

    def editing_zone_name(self, request, object_id) -> str | None:
        raise NotImplementedError

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with timezone.override(zone_or_default(self.editing_zone_name(request, object_id))):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            # Forms convert datetimes to local time while rendering, so render inside the zone.
            if isinstance(response, SimpleTemplateResponse):
                response.render()
        return response


class SessionInline(admin.TabularInline):
    model = Session
    fields = ("title", "kind", "starts_at", "ends_at", "order", "speakers_link")
    readonly_fields = ("speakers_link",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(role_count=Count("roles"))

    @admin.display(description=_("speakers and moderators"))
    def speakers_link(self, session):
        # Django has no nested inlines: the people of a session are edited on the session's own page.
        if session.pk is None:
            return _("Save first, then add speakers.")
        url = reverse(f"{self.admin_site.name}:events_session_change", args=[session.pk])
        label = _("Edit speakers and moderators")
        return format_html('<a href="{}">{} ({})</a>', url, label, getattr(session, "role_count", 0))


@admin.register(Event)
class EventAdmin(
    LargeTableAdminMixin, EventTimeZoneMixin, PublicationAdminMixin, RevisionHistoryAdminMixin, admin.ModelAdmin
):
    owner_field = "created_by"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the inlines, so the revision holds the agenda as saved.
        event_staff_saved(event=form.instance, by=request.user)

    list_display = (
        "title",
        "kind",
        "local_start",
        "format",
        "city",
        "publication_state",
        "project_list",
        "created_by",
    )
    list_filter = ("status", "kind", "format", "country", "projects", "topics")
    list_select_related = ("created_by",)
    search_fields = ("title", "summary", "venue_name", "city", "created_by__email", "created_by__full_name")
    autocomplete_fields = ("projects", "topics", "created_by")
    date_hierarchy = "starts_at"
    fieldsets = (
        (None, {"fields": ("title", "slug", "kind", "summary", "description")}),
        (
            _("When"),
            {
                "description": _("Times are in the event's time zone."),
                "fields": ("starts_at", "ends_at", "time_zone", "registration_url", "registration_deadline"),
            },
        ),
        (
            _("Where"),
            {"fields": ("format", "venue_name", "venue_address", "city", "country", "latitude", "longitude")},
        ),
        (_("Online"), {"fields": ("online_url",)}),
        (_("Organisers"), {"fields": ("projects", "topics", "created_by")}),
        (_("Publication"), {"fields": ("status", "published_at", "submitted_at", "review_note", "version")}),
        (_("Review history"), {"fields": ("audit_trail",)}),
        (_("Revisions"), {"fields": ("revision_history",)}),
    )
    readonly_fields = (*PUBLICATION_READONLY_FIELDS, "version", "revision_history")
    inlines = [SessionInline, DocumentInline]

    def editing_zone_name(self, request, object_id):
        if request.method == "POST":
            return request.POST.get("time_zone")
        return value_of(Event, unquote(object_id or ""), "time_zone")

    @admin.display(description=_("starts (local time)"), ordering="starts_at")
    def local_start(self, event):
        return f"{event.local_starts_at:%Y-%m-%d %H:%M} {event.time_zone}"


class SessionRoleInline(admin.TabularInline):
    model = SessionRole
    fields = ("role", "person", "guest_name", "organisation", "project", "talk_title", "order")
    autocomplete_fields = ("person", "organisation", "project")
    extra = 1


@admin.register(Session)
class SessionAdmin(LargeTableAdminMixin, EventTimeZoneMixin, admin.ModelAdmin):
    list_display = ("title", "event", "kind", "starts_at", "ends_at", "order")
    list_filter = ("kind",)
    list_select_related = ("event",)
    search_fields = ("title", "description", "event__title")
    autocomplete_fields = ("event", "projects")
    fields = ("event", "title", "kind", "starts_at", "ends_at", "order", "description", "projects")
    inlines = [SessionRoleInline]

    def editing_zone_name(self, request, object_id):
        event_id = request.POST.get("event") if request.method == "POST" else None
        event_id = event_id or value_of(Session, unquote(object_id or ""), "event_id")
        return value_of(Event, event_id, "time_zone")
