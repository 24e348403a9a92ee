"""The figures CSV in the back office: an action on the project list that first asks for the period."""

from django.contrib import admin
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from .forms import PeriodForm, default_period
from .selectors import project_figures
from .views import figures_csv_response


@admin.action(description=_("Download dissemination figures (CSV)"), permissions=["view"])
def export_figures_csv(modeladmin, request, queryset):
    """Staff choose a period on an intermediate page; the answer is one CSV row per selected project."""
    start, end = default_period()
    form = PeriodForm(request.POST if "apply" in request.POST else None, initial={"start": start, "end": end})
    if form.is_bound and form.is_valid():
        start, end = form.period()
        figures = [project_figures(project, start, end) for project in queryset.order_by("acronym")]
        return figures_csv_response(figures, f"figures-{start:%Y%m%d}-{end:%Y%m%d}.csv")
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Dissemination figures"),
        "form": form,
        "projects": queryset,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "opts": modeladmin.model._meta,
    }
    return TemplateResponse(request, "stats/admin_figures_period.html", context)
