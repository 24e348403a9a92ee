"""Building blocks shared by the content apps: timestamps, the publication workflow, the audit trail."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    ARCHIVED = "archived", _("Archived")


class PublishableQuerySet(models.QuerySet):
    """Reads every publishable model needs. Publication is decided at query time:
    a published row whose ``published_at`` lies in the future is scheduled, not public."""

    def published(self):
        return self.filter(status=PublicationStatus.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        return self.filter(status=PublicationStatus.PUBLISHED, published_at__gt=timezone.now())

    def submitted(self):
        return self.filter(status=PublicationStatus.SUBMITTED)


class Publishable(TimeStampedModel):
    """A piece of content that goes through review before the public sees it."""

    Status = PublicationStatus

    status = models.CharField(
        _("status"), max_length=16, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("A future date schedules publication."),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    review_note = models.TextField(
        _("review note"), blank=True, help_text=_("Shown to the author, e.g. why it was rejected.")
    )

    class Meta:
        abstract = True

    @property
    def is_public(self) -> bool:
        return (
            self.status == PublicationStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @classmethod
    def published_needs_date(cls, prefix: str) -> models.CheckConstraint:
        """A published row always carries its publication date (helper for subclasses' Meta)."""
        return models.CheckConstraint(
            condition=~Q(status=PublicationStatus.PUBLISHED) | Q(published_at__isnull=False),
            name=f"{prefix}_published_has_date",
        )


class AuditEntry(models.Model):
    """Who moved which piece of content from which status to which, when and why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("content type"))
    object_id = models.PositiveBigIntegerField(_("object id"))
    content_object = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("object"), max_length=300)
    action = models.CharField(_("action"), max_length=32)
    from_status = models.CharField(_("from"), max_length=16, blank=True)
    to_status = models.CharField(_("to"), max_length=16, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("by")
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.object_repr}: {self.action} ({self.from_status} → {self.to_status})"


class Revision(models.Model):
    """A copy of an item's editable fields after a change: who, when, what."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("content type"))
    object_id = models.PositiveBigIntegerField(_("object id"))
    content_object = GenericForeignKey("content_type", "object_id")
    version = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("content"))
    summary = models.CharField(_("change"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"])]

    def __str__(self):
        return f"{self.content_type} #{self.object_id} v{self.version}"


class ImageRenditionQuerySet(models.QuerySet):
    def for_sources(self, names):
        return self.filter(source__in=set(names))


class ImageRendition(models.Model):
    """One stored copy of an uploaded image at one width and format (hub/core/images.py makes them).

    Pages read these rows, one query for all images of a page, instead of opening files: a render
    never touches storage or Pillow. A row whose ``file`` equals its ``source`` is the original itself."""

    class Format(models.TextChoices):
        WEBP = "webp", "WebP"
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"

    # The unique constraint's index, led by source, serves the per-page lookup.
    source = models.CharField(_("original"), max_length=255, help_text=_("Storage name."))
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    format = models.CharField(_("format"), max_length=8, choices=Format.choices)
    # A storage name, not a FileField: renditions are derived data that this module alone stores and
    # deletes (hub/core/deletion.py and backups need only care about the originals).
    file = models.CharField(_("file"), max_length=300)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ImageRenditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("image rendition")
        verbose_name_plural = _("image renditions")
        ordering = ["source", "format", "width"]
        constraints = [
            models.UniqueConstraint(fields=["source", "width", "format"], name="core_rendition_unique_size"),
        ]

    def __str__(self):
        return f"{self.source} {self.width}w {self.format}"
