"""A project's deliverables and publications: the register its editors keep and visitors browse."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hub.core.models import TimeStampedModel

from .duedates import month_end

DOI_PATTERN = r"^10\.\d{4,9}/\S+$"
doi_validator = RegexValidator(
    DOI_PATTERN, _("Enter a DOI such as 10.5281/zenodo.1234567 (without https://doi.org/).")
)
number_validator = RegexValidator(
    r"^D\d{1,2}\.\d{1,3}$", _("Enter the number as in the grant agreement: D, the work package, a dot, e.g. D2.1.")
)


def clean_doi(value: str) -> str:
    """A DOI as stored: without the resolver prefix people paste along with it."""
    return re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", (value or "").strip(), flags=re.IGNORECASE)


class Licence(models.TextChoices):
    CC_BY = "CC-BY-4.0", _("Creative Commons Attribution 4.0 (CC BY)")
    CC_BY_SA = "CC-BY-SA-4.0", _("Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA)")
    CC0 = "CC0-1.0", _("Public domain dedication (CC0)")
    CC_BY_NC = "CC-BY-NC-4.0", _("Creative Commons Attribution-NonCommercial 4.0 (CC BY-NC)")
    RESERVED = "reserved", _("All rights reserved")
    OTHER = "other", _("Other licence")


class DeliverableQuerySet(models.QuerySet):
    def public(self):
        """What visitors may see: public dissemination level and already delivered. Sensitive ones never."""
        return self.filter(dissemination=Deliverable.Dissemination.PUBLIC, status__in=Deliverable.Status.delivered())

    def for_project(self, project):
        return self.filter(project=project)

    def for_list(self):
        return self.select_related("project").order_by("due_date", "number", "pk")


class Deliverable(TimeStampedModel):
    """A deliverable of the grant agreement: a report, a demonstrator, a data set..."""

    class Type(models.TextChoices):
        # The Horizon Europe deliverable types (Annex 1 of the grant agreement).
        REPORT = "R", _("Document, report")
        DEMONSTRATOR = "DEM", _("Demonstrator, pilot, prototype")
        DISSEMINATION = "DEC", _("Websites, patent filings, videos")
        DATA = "DATA", _("Data sets, microdata")
        DMP = "DMP", _("Data management plan")
        ETHICS = "ETHICS", _("Ethics")
        SECURITY = "SECURITY", _("Security")
        OTHER = "OTHER", _("Other")

    class Dissemination(models.TextChoices):
        PUBLIC = "PU", _("Public")
        SENSITIVE = "SEN", _("Sensitive (consortium and Commission only)")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        REVISION = "revision", _("Revision requested")

        @classmethod
        def delivered(cls):
            return [cls.SUBMITTED, cls.APPROVED]

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="deliverables", verbose_name=_("project")
    )
    number = models.CharField(_("number"), max_length=10, validators=[number_validator], help_text=_("e.g. D2.1"))
    title = models.CharField(_("title"), max_length=300)
    work_package = models.PositiveSmallIntegerField(_("work package"), validators=[MinValueValidator(1)])
    type = models.CharField(_("type"), max_length=10, choices=Type.choices, default=Type.REPORT)
    dissemination = models.CharField(
        _("dissemination level"), max_length=4, choices=Dissemination.choices, default=Dissemination.PUBLIC
    )
    due_month = models.PositiveSmallIntegerField(
        _("due month"),
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("The project month in the grant agreement: 1 is the first month."),
    )
    # Derived from the project's start and due_month on save (and when the start changes): kept for
    # filtering and ordering in the database.
    due_date = models.DateField(_("due date"), null=True, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    file = models.FileField(_("file"), upload_to="deliverables/%Y/", blank=True)
    url = models.URLField(
        _("link"), max_length=500, blank=True, help_text=_("Instead of a file: a Zenodo DOI link or another address.")
    )
    licence = models.CharField(_("licence"), max_length=16, choices=Licence.choices, blank=True)

    objects = DeliverableQuerySet.as_manager()

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["project", "due_date", "number"]
        indexes = [models.Index(fields=["dissemination", "status", "due_date"], name="deliverable_public_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"],
                name="deliverable_number_once_per_project",
                violation_error_message=_("This project already has a deliverable with this number."),
            ),
            models.CheckConstraint(
                condition=Q(file="") | Q(url=""),
                name="deliverable_file_or_link",
                violation_error_message=_("Upload a file or give a link, not both."),
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs):
        self.due_date = self.compute_due_date()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("projects:project-detail", kwargs={"slug": self.project.slug}) + "#deliverables"

    def compute_due_date(self):
        start = self.project.start_date if self.project_id else None
        return month_end(start, self.due_month) if start and self.due_month else None

    @property
    def is_public(self) -> bool:
        return self.dissemination == self.Dissemination.PUBLIC and self.status in self.Status.delivered()

    @property
    def href(self) -> str:
        return self.file.url if self.file else self.url


class PublicationQuerySet(models.QuerySet):
    def public(self):
        """Publications are public by nature; listed once they name a member project."""
        return self.filter(projects__isnull=False).distinct()

    def for_project(self, project):
        return self.filter(projects=project)

    def for_list(self):
        return self.prefetch_related("projects").order_by("-year", "title", "pk")


class Publication(TimeStampedModel):
    """A peer-reviewed article, a conference paper or a book chapter from one or more member projects."""

    projects = models.ManyToManyField("projects.Project", related_name="publications", verbose_name=_("projects"))
    title = models.CharField(_("title"), max_length=400)
    authors = models.TextField(_("authors"), help_text=_("As in the reference, e.g. Smith, J.; Rossi, M."))
    venue = models.CharField(_("journal or conference"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)], db_index=True
    )
    doi = models.CharField(_("DOI"), max_length=200, blank=True, validators=[doi_validator])
    open_access = models.BooleanField(_("open access"), default=False)
    url = models.URLField(_("link"), max_length=500, blank=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-year", "title"]

    def __str__(self):
        return self.title

    def clean_fields(self, exclude=None):
        self.doi = clean_doi(self.doi)  # before the DOI's validator sees it
        super().clean_fields(exclude=exclude)

    def clean(self):
        if not self.doi and not self.url:
            raise ValidationError(_("Give the DOI or a link, so readers can find the publication."))

    @property
    def href(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else self.url
