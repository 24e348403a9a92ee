from django.views.generic import DetailView

from hub.core.views import FilteredListView

from .forms import ProjectFilterForm
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
