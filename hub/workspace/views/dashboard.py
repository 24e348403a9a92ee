"""The first page of the workspace: my projects, and where my posts and events stand in the review."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import NoReverseMatch, reverse
from django.views.generic import TemplateView

from hub.members.permissions import editable_events, editable_posts
from hub.workspace.selectors import content_by_status, project_roles


def optional_url(name: str, *args) -> str:
    """The URL named ``name``, or '' while no view answers to that name yet (the posts part is built apart)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


class DashboardView(LoginRequiredMixin, TemplateView):
    template_name = "workspace/dashboard.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        post_groups = content_by_status(editable_posts(user))
        event_groups = content_by_status(editable_events(user))
        for group in post_groups:
            for post in group.items:
                # Live posts lead to what readers see; the others to the editor, once it exists.
                post.dashboard_url = (
                    post.get_absolute_url() if post.is_public else optional_url("workspace:post-edit", post.pk)
                )
        return super().get_context_data(
            project_roles=project_roles(user),
            post_groups=post_groups,
            post_total=sum(group.total for group in post_groups),
            event_groups=event_groups,
            event_total=sum(group.total for group in event_groups),
            new_post_url=optional_url("workspace:post-create"),
            **kwargs,
        )
