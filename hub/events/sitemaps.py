from django.contrib.sitemaps import Sitemap

from .models import Event


class EventSitemap(Sitemap):
    """Every published event, upcoming or past."""

    def items(self):
        # Built per request: published() compares with the current time.
        return Event.objects.published().order_by("-starts_at", "-id").only("slug", "published_at", "updated_at")

    def lastmod(self, event):
        return max(event.updated_at, event.published_at)
