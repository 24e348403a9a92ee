from django.views.generic import TemplateView

from .selectors import home_context


class HomeView(TemplateView):
    template_name = "pages/home.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **home_context()}
