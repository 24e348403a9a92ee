"""Back office for the register: staff see and correct every project's deliverables and publications."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from hub.core.uploads import SafeUploadsAdminMixin

from .models import Deliverable, Publication
from .services import deliverable_save


@admin.register(Deliverable)
class DeliverableAdmin(SafeUploadsAdminMixin, admin.ModelAdmin):
    list_display = ("number", "title", "project", "type", "dissemination", "due_month", "due_date", "status")
    list_filter = ("dissemination", "status", "type", "project")
    search_fields = ("number", "title", "project__acronym")
    autocomplete_fields = ("project",)
    list_select_related = ("project",)
    readonly_fields = ("due_date", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("project", "number", "title", "work_package", "type")}),
        (_("Schedule and status"), {"fields": ("due_month", "due_date", "status", "dissemination")}),
        (_("The deliverable"), {"fields": ("file", "url", "licence")}),
        (_("History"), {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )

    def save_model(self, request, obj, form, change):
        deliverable_save(deliverable=obj)


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ("title", "year", "venue", "open_access", "project_list")
    list_filter = ("open_access", "year", "projects")
    search_fields = ("title", "authors", "venue", "doi")
    autocomplete_fields = ("projects",)
    readonly_fields = ("created_at", "updated_at")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("projects")

    @admin.display(description=_("projects"))
    def project_list(self, obj):
        return ", ".join(project.acronym for project in obj.projects.all())
