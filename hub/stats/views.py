"""Dissemination figures in the workspace, and the counted download of a document."""

import io

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.text import slugify
from django.views import View
from django.views.generic import TemplateView

from hub.documents.models import Document
from hub.workspace.views.feeds import EditedProjectMixin

from .forms import PeriodForm, default_period
from .selectors import project_figures, write_figures_csv


def figures_csv_response(figures: list, filename: str) -> HttpResponse:
    output = io.StringIO()
    write_figures_csv(output, figures)
    response = HttpResponse(output.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ProjectFiguresView(EditedProjectMixin, TemplateView):
    """A project's figures for a period, for its editors and staff (anyone else: 404); ?format=csv downloads them."""

    template_name = "stats/project_figures.html"

    def get(self, request, *args, **kwargs):
        form = PeriodForm(request.GET if "start" in request.GET else None, initial=self._initial())
        start, end = form.period()
        figures = project_figures(self.project, start, end)
        if request.GET.get("format") == "csv" and (form.is_valid() or not form.is_bound):
            name = f"figures-{slugify(self.project.acronym)}-{start:%Y%m%d}-{end:%Y%m%d}.csv"
            return figures_csv_response([figures], name)
        return self.render_to_response(self.get_context_data(project=self.project, form=form, figures=figures))

    @staticmethod
    def _initial() -> dict:
        start, end = default_period()
        return {"start": start, "end": end}


class DocumentDownloadView(View):
    """Sends the visitor on to a published document's file or link; the redirect is what gets counted."""

    def get(self, request, slug):
        document = get_object_or_404(Document.objects.published(), slug=slug)
        return redirect(document.href)
