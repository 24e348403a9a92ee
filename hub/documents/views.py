from hub.core.pagination import IdPaginator
from hub.core.views import FilteredListView

from .forms import DocumentFilterForm
from .models import Document


class DocumentListView(FilteredListView):
    filter_form_class = DocumentFilterForm
    paginate_by = 20
    paginator_class = IdPaginator  # deep pages as fast as the first

    def get_base_queryset(self):
        return Document.objects.published().latest_first().for_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The EU funding notice names every project whose documents this page lists.
        projects = {project for document in context["page_obj"] for project in document.projects.all()}
        context["funded_projects"] = sorted(projects, key=lambda project: project.acronym.lower())
        return context
