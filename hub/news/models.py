"""News posts, event reports, proceedings, publications and press releases."""

from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hub.core.models import Publishable, PublishableQuerySet
from hub.core.sanitize import sanitize_html
from hub.core.slugs import unique_slug
from hub.documents.models import Document
from hub.projects.models import Project


class PostQuerySet(PublishableQuerySet):
    def for_project(self, project):
        return self.filter(projects=project)

    def for_topic(self, topic):
        return self.filter(topics=topic)

    def of_kind(self, kind: str):
        return self.filter(kind=kind)

    def latest_first(self):
        return self.order_by("-published_at", "-id")

    def for_list(self):
        """What a post card shows, in a fixed number of queries: the posts, then their projects.
        Cards show the lead, never the body, which is the bulk of a row."""
        projects = Prefetch("projects", queryset=Project.objects.only("acronym", "slug"))
        return self.defer("body").prefetch_related(projects)

    def for_detail(self):
        """What the post page shows: author and event joined; projects, topics and public documents prefetched."""
        return self.select_related("author", "event").prefetch_related(
            "projects",
            "topics",
            Prefetch("documents", queryset=Document.objects.published().order_by("title"), to_attr="public_documents"),
        )

    def related_to(self, post):
        """Other posts sharing a topic or a project with ``post``; reads the ids from its prefetched relations."""
        topics = [topic.pk for topic in post.topics.all()]
        projects = [project.pk for project in post.projects.all()]
        return self.filter(Q(topics__in=topics) | Q(projects__in=projects)).exclude(pk=post.pk).distinct()

    def before(self, post):
        """Posts published before ``post``, the closest first (ties broken by id, as in ``latest_first``)."""
        earlier = Q(published_at__lt=post.published_at) | Q(published_at=post.published_at, pk__lt=post.pk)
        return self.filter(earlier).latest_first()

    def after(self, post):
        """Posts published after ``post``, the closest first."""
        later = Q(published_at__gt=post.published_at) | Q(published_at=post.published_at, pk__gt=post.pk)
        return self.filter(later).order_by("published_at", "id")


class Post(Publishable):
    """An update written by a partner or staff, public once reviewed and published."""

    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        EVENT_REPORT = "event_report", _("Event report")
        PROCEEDINGS = "proceedings", _("Proceedings")
        PUBLICATION = "publication", _("Publication")
        PRESS_RELEASE = "press_release", _("Press release")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=220, unique=True, blank=True)
    lead = models.TextField(_("lead"), max_length=600, blank=True, help_text=_("One or two sentences shown in lists."))
    body = models.TextField(_("body"), blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.NEWS, db_index=True)
    featured_image = models.ImageField(_("featured image"), upload_to="posts/", blank=True)
    featured_image_alt = models.CharField(
        _("image description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it. Required with an image."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("author"),
    )
    projects = models.ManyToManyField("projects.Project", blank=True, related_name="posts", verbose_name=_("projects"))
    topics = models.ManyToManyField("projects.Topic", blank=True, related_name="posts", verbose_name=_("topics"))
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("about the event"),
        help_text=_("For event reports and proceedings."),
    )
    # Bumped on every save; an edit based on an older version is refused instead of overwriting.
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-published_at", "-created_at"]
        constraints = [
            Publishable.published_needs_date("post"),
            models.CheckConstraint(
                condition=Q(featured_image="") | ~Q(featured_image_alt=""),
                name="post_image_has_alt_text",
                violation_error_message=_("Describe the featured image in its alt text."),
            ),
        ]
        indexes = [
            # The public lists, feeds, sitemap and API: published posts, latest first. With the id in the
            # index, a deep page's OFFSET is an index-only scan (see hub.core.pagination.IdPaginator).
            models.Index(fields=["status", "-published_at", "-id"], name="post_public_order_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = sanitize_html(self.body)
        if not self.slug:
            self.slug = unique_slug(Post, self.title, max_length=200, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:post-detail", kwargs={"slug": self.slug})
