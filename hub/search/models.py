"""The search index: one denormalised row per public-facing object, rebuilt from its source on every change.

On PostgreSQL the table also has a stored, weighted ``search_vector`` (tsvector) column with a GIN index,
a trigram index on the title (migration 0002), and a stored title-only ``title_vector`` with a GIN index
and an index on (date, id) that includes it (migration 0003, for the candidates of a search with very
many matches). They are PostgreSQL only
and are not model fields, so the model (and ``makemigrations``) is the same on every database;
``selectors`` reads them by name.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SearchEntryQuerySet(models.QuerySet):
    def public(self):
        """Entries the public may see now: a scheduled one appears once its ``public_from`` has passed."""
        return self.filter(is_public=True, public_from__lte=timezone.now())


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        POST = "post", _("News")
        EVENT = "event", _("Event")
        PROJECT = "project", _("Project")
        ORGANISATION = "organisation", _("Organisation")
        DOCUMENT = "document", _("Resource")
        PERSON = "person", _("Person")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("content type"))
    object_id = models.PositiveBigIntegerField(_("object id"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=400)
    subtitle = models.TextField(_("subtitle"), blank=True)
    body = models.TextField(_("text"), blank=True, help_text=_("Plain text, without markup."))
    url = models.CharField(_("address"), max_length=500)
    date = models.DateTimeField(_("date"), null=True, blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    public_from = models.DateTimeField(_("public from"), null=True, blank=True)
    projects = models.ManyToManyField(
        "projects.Project", blank=True, related_name="search_entries", verbose_name=_("projects")
    )
    topics = models.ManyToManyField(
        "projects.Topic", blank=True, related_name="search_entries", verbose_name=_("topics")
    )
    indexed_at = models.DateTimeField(_("indexed"), auto_now=True)

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search index")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="search_entry_once_per_object"),
        ]
        indexes = [
            models.Index(fields=["public_from"], condition=Q(is_public=True), name="search_entry_public_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"
