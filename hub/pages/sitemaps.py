"""The sitemap: the hub's own pages and lists here, each app's objects from its ``sitemaps`` module."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Greatest
from django.urls import reverse

from hub.documents.models import Document
from hub.events.models import Event
from hub.events.sitemaps import EventSitemap
from hub.members.models import Organisation
from hub.members.sitemaps import OrganisationSitemap, PersonSitemap
from hub.news.models import Post
from hub.news.sitemaps import PostSitemap, TopicSitemap
from hub.projects.models import Project
from hub.projects.sitemaps import ProjectSitemap
from hub.results.sitemaps import ResultsSitemap

from .models import Page

# URL name -> the slug of the Page whose text it shows; those pages answer 404 until staff create the text.
EDITED_PAGES = {
    "pages:about": "about",
    "pages:accessibility": "accessibility",
    "pages:privacy": "privacy",
    "pages:legal": "legal",
}


def last_publication(queryset):
    """When the newest public item of ``queryset`` appeared or last changed."""
    return queryset.published().aggregate(last=Max(Greatest("published_at", "updated_at")))["last"]


class SitePageSitemap(Sitemap):
    """Home, the hub's own pages and the public lists, each dated by the newest change it shows.

    An instance lives for one request (the sitemap views are given the class), so the dates are read once,
    also on the index, which asks for the items twice (to count them and to date the section)."""

    def items(self):
        if not hasattr(self, "dates"):
            self.dates = self.read_dates()
        return list(self.dates)

    def read_dates(self) -> dict:
        pages = {page.slug: page.updated_at for page in Page.objects.only("slug", "updated_at")}
        news, events = last_publication(Post.objects), last_publication(Event.objects)
        dates = {
            "pages:home": max_date(news, events),
            "news:post-list": news,
            "events:event-list": events,
            "events:event-past": events,
            "projects:project-list": Project.objects.aggregate(last=Max("updated_at"))["last"],
            "members:organisation-list": Organisation.objects.aggregate(last=Max("updated_at"))["last"],
            "documents:document-list": last_publication(Document.objects),
            "pages:contact": pages.get("contact"),
        }
        dates["projects:project-landscape"] = max_date(
            dates["projects:project-list"], dates["members:organisation-list"]
        )
        dates.update({name: pages[slug] for name, slug in EDITED_PAGES.items() if slug in pages})
        return dates

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        return self.dates[name]


def max_date(*dates):
    return max((date for date in dates if date is not None), default=None)


SITEMAPS = {
    "pages": SitePageSitemap,
    "news": PostSitemap,
    "topics": TopicSitemap,
    "events": EventSitemap,
    "projects": ProjectSitemap,
    "organisations": OrganisationSitemap,
    "people": PersonSitemap,
    "results": ResultsSitemap,
}
