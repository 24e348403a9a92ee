"""CSV downloads of the public lists: projects, organisations and events.

Streamed row by row, UTF-8 with a byte order mark so Excel reads accents right, and safe to open
in a spreadsheet: a cell that starts like a formula is prefixed with a quote. They take the same
filters as the JSON API (and the /projects/ and /organisations/ pages use the same names, so the
"Download as CSV" link of a filtered page downloads what the page shows).
"""

import csv
from collections.abc import Iterable, Iterator

from django.db.models import Count, Prefetch
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import BaseRenderer

from hub.events.models import Event
from hub.members.models import Organisation
from hub.projects.models import Project

from . import filters
from .schema import PublicAPISchema

# Spreadsheets run a cell that starts with one of these as a formula (OWASP's list: tab and CR too).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BYTE_ORDER_MARK = "\ufeff"
CHUNK_SIZE = 500


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


class _Echo:
    """A file-like object that hands back what is written, so csv.writer can feed a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield BYTE_ORDER_MARK + writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        yield writer.writerow([safe_cell(cell) for cell in row])


class CSVRenderer(BaseRenderer):
    """The exports stream their own response, so only errors (a bad filter, too many requests)
    are rendered here, as CSV too: one "parameter,message" line per message."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        messages = data.items() if isinstance(data, dict) else [("detail", data)]
        lines = ([name, message] for name, value in messages for message in _as_list(value))
        return "".join(csv_lines(["parameter", "message"], lines)).encode()


def _as_list(value) -> list:
    return [str(item) for item in value] if isinstance(value, list) else [str(value)]


def _local(moment, zone) -> str:
    return timezone.localtime(moment, zone).strftime("%Y-%m-%d %H:%M")


class CSVExportView(GenericAPIView):
    schema = PublicAPISchema()
    renderer_classes = [CSVRenderer]
    pagination_class = None
    filename = ""

    def header(self) -> list[str]:
        raise NotImplementedError

    def row(self, obj) -> list:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        # Filters are validated here, before streaming starts: a bad value is still a 400.
        queryset = self.filter_queryset(self.get_queryset())
        rows = (self.row(obj) for obj in queryset.iterator(chunk_size=CHUNK_SIZE))
        response = StreamingHttpResponse(csv_lines(self.header(), rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.filename}"'
        return response


def exported(kind: str, description: str):
    return extend_schema_view(
        get=extend_schema(
            operation_id=f"export_{kind}_csv",
            summary=description,
            filters=True,
            responses={
                (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="UTF-8 CSV with a byte order mark."),
                (400, "text/csv"): OpenApiResponse(
                    OpenApiTypes.STR, description="A filter value is invalid: a line per parameter says why."
                ),
            },
        )
    )


@exported("projects", "Member projects as CSV")
class ProjectExportView(CSVExportView):
    filterset_class = filters.ProjectFilter
    filename = "projects.csv"

    def get_queryset(self):
        return Project.objects.for_directory().order_by("acronym", "pk")

    def header(self):
        return [
            _("Acronym"),
            _("Title"),
            _("Programme"),
            _("Funding scheme"),
            _("Grant agreement number"),
            _("Start"),
            _("End"),
            _("Status"),
            _("Coordinator"),
            _("Coordinator country"),
            _("Total cost (EUR)"),
            _("EU contribution (EUR)"),
            _("Topics"),
            _("Website"),
            _("CORDIS"),
            _("Page"),
        ]

    def row(self, project):
        coordinator = project.coordinator
        return [
            project.acronym,
            project.full_title,
            project.get_programme_display(),
            project.get_funding_scheme_display(),
            project.grant_agreement_number,
            project.start_date,
            project.end_date,
            project.get_status_display(),
            coordinator and coordinator.name,
            coordinator and coordinator.country.name,
            project.total_cost,
            project.eu_contribution,
            "; ".join(topic.name for topic in project.topics.all()),
            project.website,
            project.cordis_url,
            self.request.build_absolute_uri(project.get_absolute_url()),
        ]


@exported("organisations", "Organisations as CSV")
class OrganisationExportView(CSVExportView):
    filterset_class = filters.OrganisationFilter
    filename = "organisations.csv"

    def get_queryset(self):
        # One participation per project and organisation: counting participations counts projects.
        return Organisation.objects.annotate(project_count=Count("participations", distinct=True)).order_by(
            "name", "pk"
        )

    def header(self):
        return [
            _("Name"),
            _("Short name"),
            _("Kind"),
            _("Country"),
            _("City"),
            _("Website"),
            _("Number of projects"),
            _("Page"),
        ]

    def row(self, organisation):
        return [
            organisation.name,
            organisation.short_name,
            organisation.get_kind_display(),
            organisation.country.name,
            organisation.city,
            organisation.website,
            organisation.project_count,
            self.request.build_absolute_uri(organisation.get_absolute_url()),
        ]


@exported("events", "Published events as CSV")
class EventExportView(CSVExportView):
    filterset_class = filters.EventFilter
    filename = "events.csv"

    def get_queryset(self):
        projects = Project.objects.only("acronym").order_by("acronym")
        return (
            Event.objects.published()
            .prefetch_related(Prefetch("projects", queryset=projects))
            .order_by("starts_at", "pk")
        )

    def header(self):
        return [
            _("Title"),
            _("Kind"),
            _("Start"),
            _("End"),
            _("Time zone"),
            _("Format"),
            _("Venue"),
            _("City"),
            _("Country"),
            _("Organising projects"),
            _("Page"),
        ]

    def row(self, event):
        # Times in the event's own zone, as its page shows them; the zone is in its own column.
        return [
            event.title,
            event.get_kind_display(),
            _local(event.starts_at, event.zone),
            _local(event.ends_at, event.zone),
            event.time_zone,
            event.get_format_display(),
            event.venue_name,
            event.city,
            event.country.name,
            "; ".join(project.acronym for project in event.projects.all()),
            self.request.build_absolute_uri(event.get_absolute_url()),
        ]
