"""View pieces the workspace's posts and events share."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views import View

from hub.core.services import content_transition


class NoIndexMixin:
    """Previews are for their authors: keep them out of search engines even if a link leaks."""

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex"
        return response


class ContentTransitionView(View):
    """A review step the author takes on one item (submit or withdraw), by POST only."""

    http_method_names = ["post"]
    action = ""
    success_message = ""  # with %(title)s
    success_url_name = ""

    def get_item(self):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        item = self.get_item()
        try:
            content_transition(obj=item, action=self.action, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, self.success_message % {"title": str(item)})
        return redirect(self.success_url_name)
