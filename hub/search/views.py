from django.core.paginator import Paginator
from django.views.generic import TemplateView

from .forms import SearchForm
from .selectors import search, snippet


class SearchView(TemplateView):
    """Search results, 20 a page. Invalid filters are ignored, any query answers a page.

    Counts per kind are capped ("1,000+") and at most ``COUNT_CAP`` results are listed: see ``selectors``.
    """

    template_name = "search/results.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET or None)
        form.is_valid()  # fills cleaned_data with the fields that validated
        query = getattr(form, "cleaned_data", {}).get("q", "")
        results = search(query, **form.search_arguments())
        page = Paginator(results.entries, self.paginate_by).get_page(self.request.GET.get("page"))
        for entry in page.object_list:
            entry.snippet = snippet(entry, results.query)
        active_kind = form.search_arguments()["kinds"]
        return super().get_context_data(
            form=form,
            results=results,
            page_obj=page,
            kinds=results.kind_counts(),
            active_kind=active_kind,
            more_than_listed=results.matching(active_kind) > page.paginator.count,
            **kwargs,
        )
