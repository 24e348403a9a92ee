from hub.core.views import FilteredListView

from .forms import DocumentFilterForm
from .models import Document


class DocumentListView(FilteredListView):
    filter_form_class = DocumentFilterForm
    paginate_by = 20

    def get_base_queryset(self):
        return Document.objects.published().latest_first().for_list()
