"""A project's news feeds: its editors register the RSS or Atom feed of the project's own website, and
the hub submits each new item for review (hub.syndication)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import DeleteView, FormView

from hub.members.permissions import edited_projects
from hub.syndication.forms import FeedSourceForm
from hub.syndication.models import FeedSource
from hub.syndication.services import feed_source_add, feed_source_remove


@method_decorator(never_cache, name="dispatch")
class EditedProjectMixin(LoginRequiredMixin):
    """Sets ``self.project`` from the address; anyone but its editors and staff gets a 404."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.project = get_object_or_404(edited_projects(request.user), slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def project_feeds_url(self) -> str:
        return reverse("workspace:project-feeds", args=[self.project.slug])


class ProjectFeedListView(EditedProjectMixin, FormView):
    form_class = FeedSourceForm
    template_name = "workspace/feeds/feed_list.html"

    def get_context_data(self, **kwargs):
        sources = FeedSource.objects.active().for_project(self.project).annotate(item_count=Count("items"))
        return super().get_context_data(project=self.project, sources=sources.order_by("url"), **kwargs)

    def form_valid(self, form):
        try:
            source = feed_source_add(project=self.project, url=form.cleaned_data["url"], by=self.request.user)
        except ValidationError as error:
            form.add_error("url", error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The feed %(url)s is registered: its new items will be submitted for review.") % {"url": source.url},
        )
        return redirect(self.project_feeds_url())


class ProjectFeedDeleteView(EditedProjectMixin, DeleteView):
    template_name = "workspace/feeds/feed_confirm_delete.html"
    context_object_name = "source"

    def get_queryset(self):
        return FeedSource.objects.active().for_project(self.project)

    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.project, **kwargs)

    def form_valid(self, form):
        feed_source_remove(source=self.object, by=self.request.user)
        messages.success(self.request, _("The feed %(url)s is removed.") % {"url": self.object.url})
        return redirect(self.project_feeds_url())
