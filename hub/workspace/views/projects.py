"""Projects in the partners' workspace: the ones I belong to, and the public page their editors keep."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView, UpdateView

from hub.core.ratelimit import UploadRateLimitMixin
from hub.members.permissions import can_edit_project, edited_projects
from hub.projects.forms import ProjectPageForm
from hub.projects.models import Project
from hub.projects.services import project_update_public_page
from hub.workspace.selectors import project_roles
from hub.workspace.views.history import RevisionHistoryMixin


class ProjectListView(LoginRequiredMixin, TemplateView):
    template_name = "workspace/projects/project_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(project_roles=project_roles(self.request.user), **kwargs)


class ProjectEditView(LoginRequiredMixin, UploadRateLimitMixin, UpdateView):
    """A project's editors (and staff) edit its public page; anyone else gets a 404."""

    form_class = ProjectPageForm
    template_name = "workspace/projects/project_form.html"
    context_object_name = "project"

    def get_queryset(self):
        return edited_projects(self.request.user).prefetch_related("topics", "value_chain_stages")

    def form_valid(self, form):
        project_update_public_page(project=self.object, by=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("The page of %(project)s is updated.") % {"project": self.object.acronym})
        return redirect(self.object)


class ProjectRevisionsView(RevisionHistoryMixin, DetailView):
    """Every saved version of a project's public page, for the project's members and staff."""

    model = Project
    template_name = "workspace/projects/project_history.html"
    context_object_name = "project"
    projects_lookup = "pk"
    with_review_steps = False  # the editors' own page: changes are public at once, without review

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_edit=can_edit_project(self.request.user, self.object), **kwargs)
