"""Sitemap sections that stay fast with 100,000 rows: plain rows instead of model instances, in pages."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

SLUG_PLACEHOLDER = "slug-placeholder"


class RowSitemap(Sitemap):
    """A section read as ``values("slug", "lastmod")`` rows, ``limit`` addresses a page.

    Subclasses give ``url_name`` (a URL taking a ``slug``) and ``rows()``: a queryset, ordered, with a
    ``lastmod`` annotation (or ``lastmod = None`` on the class for rows that keep no date). Building a
    model instance and reversing a URL per row cost about 0.1 ms each, which at 100,000 posts made the
    one-file sitemap take 15 s; here a page of 5,000 rows is one query and string formatting.
    """

    limit = 5000  # the protocol allows 50,000; smaller pages keep each response quick and small
    url_name = ""

    def rows(self):
        raise NotImplementedError

    def items(self):
        fields = ["slug", "lastmod"] if self.has_lastmod() else ["slug"]
        return self.rows().values(*fields)

    def has_lastmod(self) -> bool:
        return callable(self.lastmod)

    def location(self, row):
        if not hasattr(self, "_prefix"):
            # Slugs need no escaping, so one reverse() gives the address of every row.
            self._prefix, self._suffix = reverse(self.url_name, kwargs={"slug": SLUG_PLACEHOLDER}).split(
                SLUG_PLACEHOLDER
            )
        return f"{self._prefix}{row['slug']}{self._suffix}"

    def lastmod(self, row):
        return row["lastmod"]

    def get_latest_lastmod(self):
        """For the index: one aggregate, where Django's default would read every row."""
        if not self.has_lastmod():
            return None
        return self.rows().order_by().aggregate(latest=Max("lastmod"))["latest"]
