"""Back office for member projects, their consortium and members, and the shared taxonomy."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _

from hub.cordis.admin_views import cordis_admin_urls
from hub.core.admin_actions import RevisionHistoryAdminMixin
from hub.core.deletion import project_attachments
from hub.core.pagination import LargeTableAdminMixin
from hub.core.uploads import SafeUploadsAdminMixin
from hub.members.models import Membership
from hub.stats.admin import export_figures_csv

from .models import Participation, Project, Topic, ValueChainStage
from .services import project_staff_saved


class ConsortiumFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if not isinstance(self.instance, Project):
            return  # on an organisation's page each row is another project, and the rows check themselves
        # Inline rows skip the database rule "one coordinator per project" while validating (it involves
        # the project, which the inline sets itself), so an extra coordinator would fail only on save.
        if self.coordinator_count() > 1:
            raise ValidationError(_("A project has only one coordinator."))

    def coordinator_count(self) -> int:
        typed = [
            form
            for form in self.forms
            if form.cleaned_data.get("role") == Participation.Role.COORDINATOR and not form.cleaned_data.get("DELETE")
        ]
        if self.instance.pk is None:
            return len(typed)
        in_forms = [form.instance.pk for form in self.forms if form.instance.pk]
        stored = self.instance.participations.filter(role=Participation.Role.COORDINATOR).exclude(pk__in=in_forms)
        return len(typed) + stored.count()


class ParticipationInline(admin.TabularInline):
    """Used on both sides: a project's consortium, and an organisation's projects."""

    model = Participation
    formset = ConsortiumFormSet
    fields = ("organisation", "project", "role", "eu_contribution")
    autocomplete_fields = ("organisation", "project")
    extra = 0


class MembershipInline(admin.TabularInline):
    """Used on both sides: a project's members, and a member's projects."""

    model = Membership
    fields = ("user", "project", "role")
    autocomplete_fields = ("user", "project")
    extra = 0


class ProjectStatusFilter(admin.SimpleListFilter):
    """Status is derived from the dates, so it filters through the queryset, not a column."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Project.Status.choices

    def queryset(self, request, queryset):
        if self.value() in Project.Status.values:
            return queryset.with_status(self.value())
        return queryset


@admin.register(Project)
class ProjectAdmin(LargeTableAdminMixin, SafeUploadsAdminMixin, RevisionHistoryAdminMixin, admin.ModelAdmin):
    list_display = (
        "acronym",
        "full_title",
        "coordinator",
        "programme",
        "funding_scheme",
        "grant_agreement_number",
        "start_date",
        "end_date",
        "status_label",
    )
    list_filter = (ProjectStatusFilter, "programme", "funding_scheme", "topics", "value_chain_stages")
    search_fields = ("acronym", "full_title", "grant_agreement_number", "call_identifier")
    prepopulated_fields = {"slug": ("acronym",)}
    autocomplete_fields = ("topics",)
    date_hierarchy = "start_date"
    fieldsets = (
        (None, {"fields": ("acronym", "slug", "full_title", "summary", "description", "logo", "website")}),
        (
            _("Funding"),
            {
                "fields": (
                    "programme",
                    "funding_scheme",
                    "grant_agreement_number",
                    "call_identifier",
                    "total_cost",
                    "eu_contribution",
                )
            },
        ),
        (_("Dates"), {"fields": ("start_date", "end_date", "joined_hub_on")}),
        (_("Classification"), {"fields": ("topics", "value_chain_stages")}),
        (_("Revisions"), {"fields": ("revision_history",)}),
    )
    readonly_fields = ("revision_history",)
    inlines = [ParticipationInline, MembershipInline]
    actions = [export_figures_csv]
    # Both add an "Import from CORDIS" button (hub/cordis/admin_views.py).
    change_list_template = "admin/cordis/project_change_list.html"
    change_form_template = "admin/cordis/project_change_form.html"

    def get_urls(self):
        return [*cordis_admin_urls(self), *super().get_urls()]

    def get_queryset(self, request):
        # The coordinator column reads the prefetched consortium: no query per row.
        consortium = Prefetch("participations", Participation.objects.select_related("organisation"))
        return super().get_queryset(request).prefetch_related(consortium)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "value_chain_stages":
            kwargs["widget"] = forms.CheckboxSelectMultiple  # a short fixed list: show it all
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("status"))
    def status_label(self, project):
        return project.get_status_display()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        project_staff_saved(project=form.instance, by=request.user)

    def get_deleted_objects(self, objs, request):
        # A project's posts, events, documents and members are listed as "protected": the delete page and
        # the bulk action both refuse, and show what to move or delete first.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        attached = [f"{project}: {line}" for project in objs for line in project_attachments(project)]
        return deleted, counts, perms_needed, [*protected, *attached]


@admin.register(Participation)
class ParticipationAdmin(LargeTableAdminMixin, admin.ModelAdmin):
    list_display = ("organisation", "project", "role", "eu_contribution")
    list_filter = ("role", "project__programme", "organisation__kind")
    list_select_related = ("organisation", "project")
    search_fields = ("organisation__name", "organisation__short_name", "project__acronym")
    autocomplete_fields = ("organisation", "project")


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "project_count")
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(project_count=Count("projects"))

    @admin.display(description=_("projects"), ordering="project_count")
    def project_count(self, topic):
        return topic.project_count


@admin.register(ValueChainStage)
class ValueChainStageAdmin(admin.ModelAdmin):
    list_display = ("name", "position", "slug")
    list_editable = ("position",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
