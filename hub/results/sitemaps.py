from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .models import Deliverable, Publication


class ResultsSitemap(Sitemap):
    """The cluster-wide results page, dated by its newest public item. Deliverables and publications
    have no pages of their own: they are listed there and on their projects' pages."""

    def items(self):
        return ["results:result-list"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        dates = [
            Deliverable.objects.public().aggregate(last=Max("updated_at"))["last"],
            Publication.objects.public().aggregate(last=Max("updated_at"))["last"],
        ]
        return max((date for date in dates if date is not None), default=None)
