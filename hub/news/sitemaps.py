from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.db.models.functions import Greatest

from hub.projects.models import Topic

from .models import Post


class PostSitemap(Sitemap):
    def items(self):
        # Built per request: published() compares with the current time.
        return Post.objects.published().latest_first().only("slug", "published_at", "updated_at")

    def lastmod(self, post):
        return max(post.updated_at, post.published_at)


class TopicSitemap(Sitemap):
    """The topics' news archives; a topic without published news has nothing to crawl yet."""

    def items(self):
        last_change = Max(
            Greatest("posts__published_at", "posts__updated_at"), filter=Q(posts__in=Post.objects.published())
        )
        return Topic.objects.annotate(last_change=last_change).filter(last_change__isnull=False).order_by("name")

    def lastmod(self, topic):
        return topic.last_change
