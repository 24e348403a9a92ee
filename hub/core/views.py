"""View pieces shared by the public lists."""

from django.views.generic import ListView


class FilteredListView(ListView):
    """A list narrowed by a GET form. Values that do not validate are ignored rather than
    answered with an error, so a stale or hand-edited link still shows a sensible page."""

    filter_form_class = None
    paginate_by = 12

    def get_filter_form(self):
        form = self.filter_form_class(self.request.GET or None)
        form.is_valid()  # fills cleaned_data with the fields that validated
        return form

    def get_base_queryset(self):
        """The rows before filtering. Override to build them per request: a class-level
        ``queryset = X.objects.published()`` would freeze "now" at import time."""
        return super().get_queryset()

    def get_queryset(self):
        self.filter_form = self.get_filter_form()
        return self.filter_form.filter(self.get_base_queryset())

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)
