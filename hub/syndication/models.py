"""Member projects' own news feeds, and what the hub imported from them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FeedSourceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_project(self, project):
        return self.filter(project=project)


class FeedSource(models.Model):
    """The RSS or Atom feed of a member project's website; its new items become submitted posts."""

    class Status(models.TextChoices):
        OK = "ok", _("OK")
        ERROR = "error", _("Error")

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="feed_sources", verbose_name=_("project")
    )
    url = models.URLField(_("feed address"), max_length=500)
    # A removed feed that already brought items is kept inactive: its items are what stops a re-import.
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Inactive feeds are not fetched."))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    last_fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    last_status = models.CharField(_("last result"), max_length=8, choices=Status.choices, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # Sent back as If-None-Match / If-Modified-Since, so an unchanged feed costs the site a 304.
    etag = models.CharField(_("ETag"), max_length=300, blank=True)
    modified = models.CharField(_("Last-Modified"), max_length=100, blank=True)

    objects = FeedSourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("feed source")
        verbose_name_plural = _("feed sources")
        ordering = ["project__acronym", "url"]
        constraints = [models.UniqueConstraint(fields=["project", "url"], name="feedsource_unique_project_url")]

    def __str__(self):
        return f"{self.project}: {self.url}"


class SyndicatedItem(models.Model):
    """One entry of a feed, imported once. The row outlives its post, so an entry is never imported twice."""

    source = models.ForeignKey(FeedSource, on_delete=models.CASCADE, related_name="items", verbose_name=_("feed"))
    guid = models.CharField(_("entry id"), max_length=500)
    post = models.OneToOneField(
        "news.Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="syndicated_item",
        verbose_name=_("post"),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    original_url = models.URLField(_("original address"), max_length=1000, blank=True)
    original_published_at = models.DateTimeField(_("originally published"), null=True, blank=True)
    fetched_at = models.DateTimeField(_("imported"), default=timezone.now)

    class Meta:
        verbose_name = _("syndicated item")
        verbose_name_plural = _("syndicated items")
        ordering = ["-fetched_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["source", "guid"], name="syndicateditem_unique_source_guid")]

    def __str__(self):
        return self.title or self.guid
