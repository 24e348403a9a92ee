"""The public news pages: the list, a topic's archive and a post."""

from urllib.parse import quote, urlencode

from django.db.models import Min
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from hub.core.pagination import IdPaginator
from hub.core.views import FilteredListView
from hub.projects.models import Topic

from .cards import post_cards
from .forms import PostFilterForm, TopicPostFilterForm
from .models import Post

RELATED_POSTS = 3


def share_links(*, url: str, title: str) -> list[dict]:
    """Plain links to share ``url``: nothing is loaded from these sites until a visitor follows one."""

    def query(**params):
        return urlencode(params, quote_via=quote)  # %20 for spaces, as mailto: requires

    return [
        {"label": _("Share on LinkedIn"), "url": f"https://www.linkedin.com/sharing/share-offsite/?{query(url=url)}"},
        {"label": _("Share on X"), "url": f"https://x.com/intent/post?{query(url=url, text=title)}"},
        {"label": _("Share by e-mail"), "url": f"mailto:?{query(subject=title, body=url)}"},
    ]


def next_scheduled_publication():
    """When the next scheduled post appears (and the lists' counts change), or None."""
    return Post.objects.scheduled().aggregate(first=Min("published_at"))["first"]


class PostListView(FilteredListView):
    filter_form_class = PostFilterForm
    paginate_by = 10
    paginator_class = IdPaginator  # page 5,000 as fast as page 1
    topic = None

    def get_base_queryset(self):
        return Post.objects.published().latest_first().for_list()

    def get_paginator(self, queryset, per_page, **kwargs):
        # The total depends on the topic and the filters only: it is counted once per content version.
        filters = sorted((name, str(value)) for name, value in self.filter_form.active_filters().items())
        count_key = f"news:{self.topic.slug if self.topic else ''}:{filters}"
        return super().get_paginator(
            queryset, per_page, count_key=count_key, count_until=next_scheduled_publication, **kwargs
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            topic=self.topic,
            has_filters=bool(self.filter_form.active_filters()),
            filter_form_html=self.filter_form.cached_html(self.request.path),
            **kwargs,
        )
        return {**context, "post_cards": post_cards(context["page_obj"])}


class TopicPostListView(PostListView):
    """A topic's archive: the news list restricted to the topic named in the address."""

    filter_form_class = TopicPostFilterForm

    def get_queryset(self):
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
        return super().get_queryset().for_topic(self.topic)


class PostDetailView(DetailView):
    def get_queryset(self):
        return Post.objects.published().for_detail()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**post_detail_context(request=self.request, post=self.object), **kwargs)


def post_detail_context(*, request, post: Post) -> dict:
    """What the post page shows around ``post`` (it needs a publication date): the workspace preview uses it too."""
    public = Post.objects.published().only("title", "slug", "kind", "published_at")
    return {
        "related_posts": public.related_to(post).latest_first()[:RELATED_POSTS],
        "previous_post": public.before(post).first(),
        "next_post": public.after(post).first(),
        "share_links": share_links(url=request.build_absolute_uri(post.get_absolute_url()), title=post.title),
    }
