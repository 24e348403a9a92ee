"""The news widget that member projects embed on their own websites, and the page that explains it."""

from csp.decorators import csp_replace
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.generic import TemplateView

from hub.news.models import Post
from hub.projects.models import Project

WIDGET_LIMIT = 5
WIDGET_MAX_LIMIT = 10
EXAMPLE_PROJECT = "licorne"


def widget_limit(value) -> int:
    """How many posts to show: ``?limit=`` kept within 1..10; anything else gives the default."""
    try:
        return min(max(int(value), 1), WIDGET_MAX_LIMIT)
    except (TypeError, ValueError):
        return WIDGET_LIMIT


# Any site may frame the widget; the rest of the portal stays DENY (X-Frame-Options and the CSP's
# frame-ancestors) for clickjacking. The rest of the portal's CSP applies to the widget too.
@method_decorator(
    [xframe_options_exempt, csp_replace({"frame-ancestors": ["*"]}), cache_control(public=True, max_age=300)],
    name="dispatch",
)
class NewsWidgetView(TemplateView):
    """The latest published posts, optionally of one project (``?project=<slug>``): a tiny standalone page
    for an iframe. It sets no cookie and costs a fixed number of queries."""

    template_name = "syndication/news_widget.html"
    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        slug = request.GET.get("project", "").strip()
        project = Project.objects.only("acronym", "slug").filter(slug=slug).first() if slug else None
        posts = Post.objects.published().latest_first().for_list()
        if project is not None:
            posts = posts.for_project(project)
        unknown = bool(slug) and project is None
        context = self.get_context_data(
            project=project,
            unknown_slug=slug if unknown else "",
            posts=[] if unknown else list(posts[: widget_limit(request.GET.get("limit"))]),
        )
        # An unknown project is a 404 rendered here, so the embedding site still sees a framable page.
        return self.render_to_response(context, status=404 if unknown else 200)


class WidgetHelpView(TemplateView):
    """How a member project puts the widget on its website: the code to copy, and a live preview."""

    template_name = "syndication/widget_help.html"

    def get_context_data(self, **kwargs):
        projects = list(Project.objects.only("acronym", "slug").order_by("acronym"))
        example = next((p.slug for p in projects if p.slug == EXAMPLE_PROJECT), projects[0].slug if projects else "")
        widget_url = self.request.build_absolute_uri(reverse("syndication:news-widget"))
        snippet = (
            f'<iframe src="{widget_url}{f"?project={example}" if example else ""}" '
            'title="Latest news from the Cluster Hub" width="100%" height="420" loading="lazy"></iframe>'
        )
        return super().get_context_data(projects=projects, widget_url=widget_url, snippet=snippet, **kwargs)
