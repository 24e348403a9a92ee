"""Proceedings, slides, deliverables, policy briefs and videos: a file or a link, listed on the resources page."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub.core.models import PublicationStatus, Publishable, PublishableQuerySet
from hub.core.slugs import unique_slug


class DocumentQuerySet(PublishableQuerySet):
    def published(self):
        # A document attached to a post or an event is public only while its parent is. A join reads each
        # document's own parent; "post IN (every published post)" hashed 100,000 posts on each query.
        now = timezone.now()
        return self.filter(
            Q(status=PublicationStatus.PUBLISHED, published_at__lte=now),
            _parent_is_public("post", now),
            _parent_is_public("event", now),
        )

    def for_project(self, project):
        return self.filter(projects=project)

    def of_kind(self, kind: str):
        return self.filter(kind=kind)

    def latest_first(self):
        return self.order_by("-published_at", "-created_at", "-id")

    def for_list(self):
        """What a row of the resources page shows: its event and its projects, in one extra query."""
        return self.select_related("event").prefetch_related("projects")


def _parent_is_public(field: str, now) -> Q:
    """No parent, or one that is public at ``now`` (the rule of ``PublishableQuerySet.published``)."""
    published = {f"{field}__status": PublicationStatus.PUBLISHED, f"{field}__published_at__lte": now}
    return Q(**{f"{field}__isnull": True}) | Q(**published)


class Document(Publishable):
    """A resource to download or follow: a file we host, or a link (e.g. a video or a Zenodo record)."""

    class Kind(models.TextChoices):
        PROCEEDINGS = "proceedings", _("Proceedings")
        SLIDES = "slides", _("Slides")
        DELIVERABLE = "deliverable", _("Deliverable")
        POLICY_BRIEF = "policy_brief", _("Policy brief")
        VIDEO = "video", _("Video")
        REPORT = "report", _("Report")
        OTHER = "other", _("Other")

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("address"), max_length=220, unique=True, blank=True)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices, default=Kind.OTHER, db_index=True)
    description = models.TextField(_("description"), blank=True)
    file = models.FileField(_("file"), upload_to="documents/%Y/", blank=True)
    url = models.URLField(
        _("link"), max_length=500, blank=True, help_text=_("Instead of a file: where the resource lives.")
    )
    language = models.CharField(_("language"), max_length=8, default="en", blank=True)
    post = models.ForeignKey(
        "news.Post",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("attached to post"),
    )
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("attached to event"),
    )
    projects = models.ManyToManyField(
        "projects.Project", blank=True, related_name="documents", verbose_name=_("projects")
    )
    topics = models.ManyToManyField("projects.Topic", blank=True, related_name="documents", verbose_name=_("topics"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("uploaded by"),
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-published_at", "-created_at"]
        indexes = [
            # The resources page and the API: published documents, latest first (DocumentQuerySet.latest_first);
            # the parents are included for the "parent is public too" test of an index-only scan.
            models.Index(
                fields=["status", "-published_at", "-created_at", "-id"],
                include=["post", "event"],
                name="document_public_order_idx",
            ),
        ]
        constraints = [
            Publishable.published_needs_date("document"),
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="document_file_or_link",
                violation_error_message=_("Upload a file or give a link (one of the two)."),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Document, self.title, max_length=200, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    @property
    def href(self) -> str:
        return self.file.url if self.file else self.url
