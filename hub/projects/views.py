from django.views.generic import DetailView, TemplateView

from hub.core.views import FilteredListView

from .forms import ProjectFilterForm
from .landscape import country_chart, landscape_matrix, organisations_by_country
from .models import Project
from .selectors import project_activity


class ProjectListView(FilteredListView):
    queryset = Project.objects.for_directory()
    filter_form_class = ProjectFilterForm


class ProjectDetailView(DetailView):
    queryset = Project.objects.for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return {**context, **project_activity(self.object), "funded_projects": [self.object]}


class ProjectLandscapeView(TemplateView):
    """Who works on what: the matrix of projects, topics and stages, and the organisations by country."""

    template_name = "projects/landscape.html"

    def get_context_data(self, **kwargs):
        groups = organisations_by_country()
        return {
            **super().get_context_data(**kwargs),
            **landscape_matrix(),
            "country_groups": groups,
            "chart": country_chart(groups),
        }
