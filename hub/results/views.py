"""The cluster-wide results page: public deliverables and publications of every member project."""

from django.core.paginator import Paginator
from django.views.generic import TemplateView

from .forms import ResultFilterForm
from .models import Deliverable, Publication

PAGE_SIZE = 20


class ResultListView(TemplateView):
    template_name = "results/result_list.html"

    def get_context_data(self, **kwargs):
        form = ResultFilterForm(self.request.GET or None)
        form.is_valid()  # invalid values are ignored, as on the other public lists
        deliverables, publications = form.filter_both(
            Deliverable.objects.public().for_list(), Publication.objects.public().for_list()
        )
        return super().get_context_data(
            filter_form=form,
            deliverables=self._page(deliverables, "page"),
            publications=self._page(publications, "ppage"),
            **kwargs,
        )

    def _page(self, queryset, parameter: str):
        return Paginator(queryset, PAGE_SIZE).get_page(self.request.GET.get(parameter))
