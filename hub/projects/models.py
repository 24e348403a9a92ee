"""Member projects, modeled on the CORDIS record, with their consortium and the hub's shared taxonomy."""

from datetime import date

from django.db import models
from django.db.models import Case, F, Prefetch, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hub.core.models import TimeStampedModel


class Topic(models.Model):
    """A subject shared across the hub: recycling, mining, direct lithium extraction..."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("address"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("news:topic-detail", kwargs={"slug": self.slug})


class ValueChainStage(models.Model):
    """A step of the battery value chain, from exploration to recycling (fixed list, seeded by a migration)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("address"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("value-chain stage")
        verbose_name_plural = _("value-chain stages")
        ordering = ["position"]

    def __str__(self):
        return self.name


class ProjectStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    ONGOING = "ongoing", _("Ongoing")
    CLOSED = "closed", _("Closed")


class ProjectQuerySet(models.QuerySet):
    # Status is derived from the dates at query time, never stored, so it cannot go stale.
    def upcoming(self, today: date | None = None):
        return self.filter(start_date__gt=today or timezone.localdate())

    def ongoing(self, today: date | None = None):
        today = today or timezone.localdate()
        return self.filter(Q(start_date__lte=today) | Q(start_date__isnull=True)).filter(
            Q(end_date__gte=today) | Q(end_date__isnull=True)
        )

    def closed(self, today: date | None = None):
        return self.filter(end_date__lt=today or timezone.localdate())

    def with_status(self, status: str):
        return {
            ProjectStatus.UPCOMING: self.upcoming,
            ProjectStatus.ONGOING: self.ongoing,
            ProjectStatus.CLOSED: self.closed,
        }[status]()

    def for_topic(self, topic):
        return self.filter(topics=topic)

    def for_directory(self):
        """What a project card shows (topics, the coordinator), in a fixed number of queries."""
        return self.prefetch_related(
            "topics", Prefetch("participations", queryset=Participation.objects.select_related("organisation"))
        )

    def for_detail(self):
        """What a project page shows about the project itself; the consortium lists the coordinator first."""
        role_rank = Case(
            When(role=Participation.Role.COORDINATOR, then=Value(0)),
            When(role=Participation.Role.PARTICIPANT, then=Value(1)),
            default=Value(2),
        )
        partners = Participation.objects.select_related("organisation").order_by(role_rank, "organisation__name")
        return self.prefetch_related("topics", "value_chain_stages", Prefetch("participations", queryset=partners))


class Project(TimeStampedModel):
    """An EU-funded project that is a member of the hub."""

    Status = ProjectStatus

    class Programme(models.TextChoices):
        HORIZON_EUROPE = "HORIZON", _("Horizon Europe")
        H2020 = "H2020", _("Horizon 2020")
        FP7 = "FP7", _("Seventh Framework Programme (FP7)")
        LIFE = "LIFE", _("LIFE Programme")
        OTHER = "OTHER", _("Other programme")

    class FundingScheme(models.TextChoices):
        RIA = "RIA", _("Research and Innovation Action")
        IA = "IA", _("Innovation Action")
        CSA = "CSA", _("Coordination and Support Action")
        OTHER = "OTHER", _("Other")

    acronym = models.CharField(_("acronym"), max_length=40, unique=True)
    slug = models.SlugField(_("address"), max_length=60, unique=True)
    full_title = models.CharField(_("full title"), max_length=400, blank=True)
    summary = models.TextField(_("summary"), blank=True, help_text=_("Two or three sentences for lists and cards."))
    description = models.TextField(_("description"), blank=True)
    programme = models.CharField(
        _("programme"), max_length=16, choices=Programme.choices, default=Programme.HORIZON_EUROPE, db_index=True
    )
    funding_scheme = models.CharField(_("funding scheme"), max_length=8, choices=FundingScheme.choices, blank=True)
    grant_agreement_number = models.CharField(
        _("grant agreement number"), max_length=20, unique=True, null=True, blank=True
    )
    call_identifier = models.CharField(_("call / topic"), max_length=120, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    total_cost = models.DecimalField(_("total cost (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True)
    eu_contribution = models.DecimalField(
        _("EU contribution (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="projects/", blank=True)
    joined_hub_on = models.DateField(_("joined the hub"), null=True, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="projects", verbose_name=_("topics"))
    value_chain_stages = models.ManyToManyField(
        ValueChainStage, blank=True, related_name="projects", verbose_name=_("value-chain stages")
    )
    organisations = models.ManyToManyField(
        "members.Organisation",
        through="Participation",
        related_name="projects",
        verbose_name=_("consortium"),
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["acronym"]
        # The status filter (upcoming, ongoing, closed) compares both dates with today.
        indexes = [models.Index(fields=["start_date", "end_date"], name="project_dates_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="project_ends_after_start",
                violation_error_message=_("A project cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(total_cost__isnull=True)
                | Q(eu_contribution__isnull=True)
                | Q(eu_contribution__lte=F("total_cost")),
                name="project_contribution_within_cost",
                violation_error_message=_("The EU contribution cannot exceed the total cost."),
            ),
        ]

    def __str__(self):
        return self.acronym

    def save(self, *args, **kwargs):
        # An empty grant number is "unknown", and unknowns must not collide on the unique index.
        self.grant_agreement_number = (self.grant_agreement_number or "").strip() or None
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("projects:project-detail", kwargs={"slug": self.slug})

    @property
    def status(self) -> str:
        today = timezone.localdate()
        if self.start_date and self.start_date > today:
            return ProjectStatus.UPCOMING
        if self.end_date and self.end_date < today:
            return ProjectStatus.CLOSED
        return ProjectStatus.ONGOING

    def get_status_display(self) -> str:
        return ProjectStatus(self.status).label

    @property
    def coordinator(self):
        """The coordinating organisation; prefetch ``participations__organisation`` to avoid a query."""
        for participation in self.participations.all():
            if participation.role == Participation.Role.COORDINATOR:
                return participation.organisation
        return None

    @property
    def funding_statement(self) -> str:
        """The sentence the EU asks funded projects to show, for this project's programme and grant."""
        if self.programme == self.Programme.OTHER:
            text = gettext("The %(acronym)s project has received funding from the European Union")
        else:
            text = gettext(
                "The %(acronym)s project has received funding from the European Union's %(programme)s programme"
            )
        if self.grant_agreement_number:
            text += gettext(" under grant agreement No %(grant)s")
        return (text + ".") % {
            "acronym": self.acronym,
            "programme": self.get_programme_display(),
            "grant": self.grant_agreement_number,
        }

    @property
    def cordis_url(self) -> str:
        if not self.grant_agreement_number:
            return ""
        return f"https://cordis.europa.eu/project/id/{self.grant_agreement_number}"


class Participation(models.Model):
    """An organisation's place in a project's consortium."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        PARTICIPANT = "participant", _("Participant")
        ASSOCIATED = "associated", _("Associated partner")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="participations", verbose_name=_("project")
    )
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.PROTECT, related_name="participations", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.PARTICIPANT)
    eu_contribution = models.DecimalField(
        _("EU contribution (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "organisation"], name="participation_once_per_project"),
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(role="coordinator"),
                name="participation_one_coordinator",
                violation_error_message=_("A project has only one coordinator."),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} in {self.project} ({self.get_role_display()})"
