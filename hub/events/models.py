"""Events with their agenda: sessions, and the people who speak at, moderate or chair them."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from hub.core.models import Publishable, PublishableQuerySet
from hub.core.sanitize import sanitize_html
from hub.core.slugs import unique_slug

DEFAULT_TIME_ZONE = "Europe/Brussels"


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a time zone name such as Europe/Brussels."), params={"value": value}
        )


class EventQuerySet(PublishableQuerySet):
    def upcoming(self):
        return self.published().filter(ends_at__gte=timezone.now()).order_by("starts_at", "id")

    def past(self):
        return self.published().filter(ends_at__lt=timezone.now()).order_by("-starts_at", "-id")

    def for_project(self, project):
        return self.filter(projects=project)

    def for_list(self):
        """What an event card shows: the organising projects' acronyms, in one extra query.
        Cards show the summary, never the description, which is the bulk of a row."""
        return self.defer("description").prefetch_related("projects")


class Event(Publishable):
    """A meeting, workshop or webinar of the hub or its member projects."""

    class Kind(models.TextChoices):
        ANNUAL_MEETING = "annual_meeting", _("Annual meeting")
        WORKSHOP = "workshop", _("Workshop")
        WEBINAR = "webinar", _("Webinar")
        CONFERENCE_SESSION = "conference_session", _("Conference session")
        EXTERNAL = "external", _("External event")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("address"), max_length=220, unique=True, blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, default=Kind.WORKSHOP, db_index=True)
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"), db_index=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=DEFAULT_TIME_ZONE,
        validators=[validate_time_zone],
        help_text=_("Where the event takes place, e.g. Europe/Brussels; times are shown in this zone."),
    )
    format = models.CharField(_("format"), max_length=16, choices=Format.choices, default=Format.IN_PERSON)
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = CountryField(_("country"), blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    online_url = models.URLField(_("online link"), blank=True, help_text=_("Shown to signed-in members only."))
    registration_url = models.URLField(_("registration link"), max_length=500, blank=True)
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    projects = models.ManyToManyField(
        "projects.Project", blank=True, related_name="events", verbose_name=_("organising projects")
    )
    topics = models.ManyToManyField("projects.Topic", blank=True, related_name="events", verbose_name=_("topics"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events_created",
        verbose_name=_("proposed by"),
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at"]
        indexes = [
            # Upcoming and past lists, calendars, sitemap and API: published events by start. The included
            # columns let the filters and a deep page's OFFSET run as an index-only scan on PostgreSQL.
            models.Index(
                fields=["status", "starts_at", "id"],
                include=["published_at", "ends_at"],
                name="event_public_start_idx",
            ),
        ]
        constraints = [
            Publishable.published_needs_date("event"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("An event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__gte=-90, latitude__lte=90) & Q(longitude__gte=-180, longitude__lte=180)),
                name="event_coordinates_valid",
                violation_error_message=_("Give both latitude (-90 to 90) and longitude (-180 to 180), or neither."),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.description = sanitize_html(self.description)
        if not self.slug:
            self.slug = unique_slug(Event, f"{self.title} {self.starts_at:%Y}", max_length=200, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:event-detail", kwargs={"slug": self.slug})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_starts_at(self):
        return timezone.localtime(self.starts_at, self.zone)

    @property
    def local_ends_at(self):
        return timezone.localtime(self.ends_at, self.zone)

    @property
    def registration_open(self) -> bool:
        if not self.registration_url:
            return False
        deadline = self.registration_deadline or self.starts_at
        return timezone.now() <= deadline


class Session(models.Model):
    """One item of an event's agenda."""

    class Kind(models.TextChoices):
        TALK = "talk", _("Talk")
        PANEL = "panel", _("Panel")
        KEYNOTE = "keynote", _("Keynote")
        BREAK = "break", _("Break")
        INTERACTIVE = "interactive", _("Interactive session")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("event"))
    title = models.CharField(_("title"), max_length=250)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.TALK)
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0, help_text=_("Position when times are not known."))
    # Agendas often name the projects that present before (or without) naming their speakers.
    projects = models.ManyToManyField(
        "projects.Project", blank=True, related_name="sessions", verbose_name=_("projects presenting")
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("agenda")
        ordering = ["order", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True) | Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_("A session must end after it starts."),
            ),
        ]

    def __str__(self):
        return self.title


class SessionRole(models.Model):
    """A person's part in a session. The person is a member with an account, or a named guest."""

    class Role(models.TextChoices):
        SPEAKER = "speaker", _("Speaker")
        MODERATOR = "moderator", _("Moderator")
        CHAIR = "chair", _("Chair")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="roles", verbose_name=_("session"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.SPEAKER)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="session_roles",
        verbose_name=_("member"),
    )
    guest_name = models.CharField(_("guest name"), max_length=150, blank=True, help_text=_("If not a member."))
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="session_roles",
        verbose_name=_("organisation"),
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="session_roles",
        verbose_name=_("project represented"),
    )
    talk_title = models.CharField(_("talk title"), max_length=250, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("speaker or moderator")
        verbose_name_plural = _("speakers and moderators")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(guest_name="")) | (Q(person__isnull=True) & ~Q(guest_name="")),
                name="session_role_member_or_guest",
                violation_error_message=_("Choose a member or type a guest's name (one of the two)."),
            ),
        ]

    def __str__(self):
        return f"{self.display_name} ({self.get_role_display()})"

    @property
    def display_name(self) -> str:
        return self.guest_name or str(self.person or "")


def keep_speaker_names(sender, instance, **kwargs):
    """Before a member is deleted, their agenda entries keep the name as a guest's, so agendas stay complete."""
    for role in SessionRole.objects.filter(person=instance):
        role.guest_name = str(instance)[:150]
        role.person = None
        role.save(update_fields=["guest_name", "person"])
