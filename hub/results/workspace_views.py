"""A project's register in the workspace: its editors (and staff) keep its deliverables and publications."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DeleteView, ListView, UpdateView

from hub.core.ratelimit import UploadRateLimitMixin
from hub.workspace.views.feeds import EditedProjectMixin

from .forms import DeliverableForm, PublicationForm
from .models import Deliverable, Publication
from .services import deliverable_delete, deliverable_save, publication_remove_from_project, publication_save


class RegisterMixin(EditedProjectMixin):
    """The project from the address (404 unless the user edits it) and its register's objects only."""

    list_url_name = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.project, **kwargs)

    def list_url(self) -> str:
        return reverse(self.list_url_name, args=[self.project.slug])


class DeliverableMixin(RegisterMixin):
    list_url_name = "register:deliverable-list"

    def get_queryset(self):
        return Deliverable.objects.for_project(self.project).order_by("due_date", "number", "pk")


class PublicationMixin(RegisterMixin):
    list_url_name = "register:publication-list"

    def get_queryset(self):
        return Publication.objects.for_project(self.project).prefetch_related("projects").order_by("-year", "title")


class SavingFormMixin(UploadRateLimitMixin):
    """form_valid goes through the service; a rule the database enforces comes back as a form error."""

    success_message = ""

    def form_valid(self, form):
        try:
            self.object = self.save(form.instance)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % {"title": str(self.object)})
        return redirect(self.list_url())


class DeliverableListView(DeliverableMixin, ListView):
    template_name = "results/workspace/deliverable_list.html"
    context_object_name = "deliverables"


class DeliverableCreateView(DeliverableMixin, SavingFormMixin, CreateView):
    form_class = DeliverableForm
    template_name = "results/workspace/deliverable_form.html"
    success_message = _("The deliverable %(title)s is saved.")

    def get_form_kwargs(self):
        # The project is known before validation, so "number already used in this project" is checked.
        return {**super().get_form_kwargs(), "instance": Deliverable(project=self.project)}

    def save(self, deliverable):
        return deliverable_save(deliverable=deliverable)


class DeliverableUpdateView(DeliverableMixin, SavingFormMixin, UpdateView):
    form_class = DeliverableForm
    template_name = "results/workspace/deliverable_form.html"
    success_message = _("The deliverable %(title)s is saved.")

    def save(self, deliverable):
        return deliverable_save(deliverable=deliverable)


class DeliverableDeleteView(DeliverableMixin, DeleteView):
    template_name = "results/workspace/confirm_delete.html"

    def form_valid(self, form):
        deliverable_delete(deliverable=self.object)
        messages.success(self.request, _("The deliverable %(title)s is deleted.") % {"title": str(self.object)})
        return redirect(self.list_url())


class PublicationListView(PublicationMixin, ListView):
    template_name = "results/workspace/publication_list.html"
    context_object_name = "publications"


class PublicationCreateView(PublicationMixin, SavingFormMixin, CreateView):
    form_class = PublicationForm
    template_name = "results/workspace/publication_form.html"
    success_message = _("The publication %(title)s is saved.")

    def save(self, publication):
        return publication_save(publication=publication, projects=[self.project])


class PublicationUpdateView(PublicationMixin, SavingFormMixin, UpdateView):
    form_class = PublicationForm
    template_name = "results/workspace/publication_form.html"
    success_message = _("The publication %(title)s is saved.")

    def save(self, publication):
        return publication_save(publication=publication, projects=[self.project])


class PublicationDeleteView(PublicationMixin, DeleteView):
    template_name = "results/workspace/confirm_delete.html"

    def form_valid(self, form):
        publication_remove_from_project(publication=self.object, project=self.project)
        messages.success(
            self.request,
            _("The publication %(title)s is removed from %(project)s.")
            % {"title": str(self.object), "project": self.project.acronym},
        )
        return redirect(self.list_url())
