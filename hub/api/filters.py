"""The API's filters. A value that does not validate is answered with 400 and a message per parameter.

Choices that depend on publication (events) are built per request: published() compares with "now",
and an unpublished event must not be told apart from one that does not exist.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_filters import rest_framework as filters

from hub.documents.models import Document
from hub.events.models import Event
from hub.members.models import Organisation
from hub.news.models import Post
from hub.projects.models import Project, ProjectStatus, Topic, ValueChainStage

SLUG_PATTERN = r"[-a-zA-Z0-9_]+"
_SLUG = re.compile(rf"^{SLUG_PATTERN}\Z")


class SlugChoiceField(forms.ModelChoiceField):
    """Refuses what cannot be a slug before asking the database (some databases reject NUL bytes loudly)."""

    def to_python(self, value):
        if value not in self.empty_values and not _SLUG.match(str(value)):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class SlugFilter(filters.ModelChoiceFilter):
    """One object chosen by its slug; an unknown slug is a 400, not an empty list."""

    field_class = SlugChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)


def country_choices():
    return [(country.code, country.name) for country in countries]


def published_events(request):
    return Event.objects.published()


class ProjectFilter(filters.FilterSet):
    # The same names as the filters of the /projects/ page, so its CSV link can pass them on.
    topic = SlugFilter(field_name="topics", queryset=Topic.objects.all(), help_text=_("A topic's slug."))
    stage = SlugFilter(
        field_name="value_chain_stages",
        queryset=ValueChainStage.objects.all(),
        help_text=_("A value-chain stage's slug."),
    )
    status = filters.ChoiceFilter(
        choices=ProjectStatus.choices, method="filter_status", help_text=_("Derived from today's date.")
    )
    programme = filters.ChoiceFilter(choices=Project.Programme.choices)

    class Meta:
        model = Project
        fields = ["topic", "stage", "status", "programme"]

    def filter_status(self, queryset, name, value):
        return queryset.with_status(value)


class OrganisationFilter(filters.FilterSet):
    project = SlugFilter(field_name="projects", queryset=Project.objects.all(), help_text=_("A project's slug."))
    kind = filters.ChoiceFilter(choices=Organisation.Kind.choices)
    country = filters.ChoiceFilter(choices=country_choices, help_text=_("ISO 3166-1 alpha-2 code, e.g. BE."))

    class Meta:
        model = Organisation
        fields = ["project", "kind", "country"]


class EventStatus:
    UPCOMING = "upcoming"
    PAST = "past"
    choices = [(UPCOMING, _("Upcoming")), (PAST, _("Past"))]


class EventFilter(filters.FilterSet):
    project = SlugFilter(field_name="projects", queryset=Project.objects.all(), help_text=_("An organising project."))
    topic = SlugFilter(field_name="topics", queryset=Topic.objects.all(), help_text=_("A topic's slug."))
    kind = filters.ChoiceFilter(choices=Event.Kind.choices)
    status = filters.ChoiceFilter(
        choices=EventStatus.choices,
        method="filter_status",
        help_text=_("Upcoming: not yet ended, soonest first. Past: ended, most recent first."),
    )
    starts_after = filters.DateFilter(
        field_name="starts_at", lookup_expr="date__gte", help_text=_("Starts on or after this date (YYYY-MM-DD).")
    )
    starts_before = filters.DateFilter(
        field_name="starts_at", lookup_expr="date__lte", help_text=_("Starts on or before this date (YYYY-MM-DD).")
    )

    class Meta:
        model = Event
        fields = ["project", "topic", "kind", "status", "starts_after", "starts_before"]

    def filter_status(self, queryset, name, value):
        return queryset.upcoming() if value == EventStatus.UPCOMING else queryset.past()


class PostFilter(filters.FilterSet):
    project = SlugFilter(field_name="projects", queryset=Project.objects.all(), help_text=_("A project's slug."))
    topic = SlugFilter(field_name="topics", queryset=Topic.objects.all(), help_text=_("A topic's slug."))
    kind = filters.ChoiceFilter(choices=Post.Kind.choices)
    published_after = filters.DateFilter(
        field_name="published_at",
        lookup_expr="date__gte",
        help_text=_("Published on or after this date (YYYY-MM-DD)."),
    )
    published_before = filters.DateFilter(
        field_name="published_at",
        lookup_expr="date__lte",
        help_text=_("Published on or before this date (YYYY-MM-DD)."),
    )

    class Meta:
        model = Post
        fields = ["project", "topic", "kind", "published_after", "published_before"]


class DocumentFilter(filters.FilterSet):
    project = SlugFilter(field_name="projects", queryset=Project.objects.all(), help_text=_("A project's slug."))
    topic = SlugFilter(field_name="topics", queryset=Topic.objects.all(), help_text=_("A topic's slug."))
    event = SlugFilter(queryset=published_events, help_text=_("The slug of the event the document belongs to."))
    kind = filters.ChoiceFilter(choices=Document.Kind.choices)

    class Meta:
        model = Document
        fields = ["project", "topic", "event", "kind"]
