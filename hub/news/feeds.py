"""RSS 2.0 and Atom feeds of the published news: all of it, one topic's, or one project's."""

import mimetypes
from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from hub.projects.models import Project, Topic

from .models import Post

FEED_ITEMS = 30


@dataclass
class NewsScope:
    """What one feed covers, decided per request (``published()`` compares with the current time)."""

    title: str
    link: str
    description: str
    posts: QuerySet
    request: HttpRequest
    categories: tuple[str, ...] = ()


class NewsRssFeed(Feed):
    """The hub's published news, newest first. Subclasses narrow it to a topic or a project."""

    feed_type = Rss201rev2Feed
    item_guid_is_permalink = True  # the guid is the post's public address, which readers may open

    def get_object(self, request, *args, **kwargs):
        return NewsScope(
            title=_("%(hub)s: news") % {"hub": settings.HUB_NAME},
            link=reverse("news:post-list"),
            description=_("News, event reports, proceedings, publications and press releases of the %(hub)s.")
            % {"hub": settings.HUB_NAME},
            posts=Post.objects.published(),
            request=request,
        )

    def title(self, scope):
        return scope.title

    def link(self, scope):
        return scope.link

    def description(self, scope):
        return scope.description

    def categories(self, scope):
        return scope.categories

    def items(self, scope):
        posts = list(scope.posts.latest_first().select_related("author").prefetch_related("topics")[:FEED_ITEMS])
        for post in posts:
            # Item hooks see only the item, so the image's absolute address is worked out here.
            post.feed_image_url = (
                scope.request.build_absolute_uri(post.featured_image.url) if post.featured_image else ""
            )
        return posts

    def item_title(self, post):
        # Plain text, escaped once as XML: what feed readers (and feedparser) read back as the title.
        # Django's default escapes it twice, and readers then show "&amp;" for "&".
        return post.title

    def item_description(self, post):
        # The lead is plain text; escaped, readers that render HTML show it as written.
        return escape(post.lead)

    def item_author_name(self, post):
        if post.author is None:
            return _("Former member")
        return post.author.full_name or _("A member of the hub")

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        # A scheduled post is saved before it goes out: it was not "updated" before it appeared.
        return max(post.updated_at, post.published_at)

    def item_categories(self, post):
        return [topic.name for topic in post.topics.all()]

    def item_enclosures(self, post):
        if not post.feed_image_url:
            return []
        mime_type = mimetypes.guess_type(post.featured_image.name)[0] or "application/octet-stream"
        return [Enclosure(post.feed_image_url, str(image_size(post.featured_image)), mime_type)]


def image_size(image) -> int:
    """The file's size in bytes, or 0 (what RSS asks for when the size is unknown) if the file is missing."""
    try:
        return image.size
    except OSError:
        return 0


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, scope):
        return scope.description


class TopicNewsRssFeed(NewsRssFeed):
    def get_object(self, request, *args, **kwargs):
        topic = get_object_or_404(Topic, slug=kwargs["slug"])
        names = {"hub": settings.HUB_NAME, "topic": topic.name}
        return NewsScope(
            title=_("%(hub)s: news on %(topic)s") % names,
            link=topic.get_absolute_url(),
            description=_("News of the %(hub)s on %(topic)s.") % names,
            posts=Post.objects.published().for_topic(topic),
            request=request,
            categories=(topic.name,),
        )


class TopicNewsAtomFeed(TopicNewsRssFeed, NewsAtomFeed):
    pass


class ProjectNewsRssFeed(NewsRssFeed):
    def get_object(self, request, *args, **kwargs):
        project = get_object_or_404(Project, slug=kwargs["slug"])
        names = {"hub": settings.HUB_NAME, "project": project.acronym}
        return NewsScope(
            title=_("%(hub)s: news of %(project)s") % names,
            link=project.get_absolute_url(),
            description=_("News of the %(project)s project in the %(hub)s.") % names,
            posts=Post.objects.published().for_project(project),
            request=request,
        )


class ProjectNewsAtomFeed(ProjectNewsRssFeed, NewsAtomFeed):
    pass
