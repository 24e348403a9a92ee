"""History pages of the workspace: every saved version of a post, an event or a project page (who, when,
what) and, for content that goes through review, its review steps.

Members of any of the item's projects read the history, whether or not they may edit the item; staff read
every history; anyone else gets a 404. A revision stores field values as JSON (related rows as primary
keys, dates as text): ``saved_versions`` turns them back into what a person reads, with the names of all
related rows fetched in one query per model, however long the history is.
"""

import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.decorators import method_decorator
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from hub.core.models import AuditEntry, Revision
from hub.events.models import Session, SessionRole
from hub.members.models import Organisation
from hub.members.permissions import member_projects
from hub.projects.models import Project

EMPTY = "—"


@dataclass
class SavedField:
    label: str
    value: str
    rich: bool = False  # sanitised HTML from the rich-text editor, shown as formatted text


@dataclass
class SavedPerson:
    role: str
    name: str
    organisation: str
    project: str
    talk_title: str


@dataclass
class SavedSession:
    title: str
    kind: str
    when: str
    description: str
    projects: str
    people: list[SavedPerson] = field(default_factory=list)


@dataclass
class SavedVersion:
    """One revision as the history page shows it. ``number`` is the item's version, or the position of
    the save for items without a version (project pages); ``agenda`` is None if none was saved with it."""

    revision: Revision
    number: int
    fields: list[SavedField]
    agenda: list[SavedSession] | None


class RelatedNames:
    """The names of the rows a set of revisions points to, fetched once per model."""

    def __init__(self):
        self.wanted = defaultdict(set)
        self.found = {}

    def want(self, model, pks) -> None:
        self.wanted[model].update(pk for pk in pks if isinstance(pk, int))

    def fetch(self) -> None:
        for model, pks in self.wanted.items():
            if pks:
                self.found[model] = {obj.pk: str(obj) for obj in model._default_manager.filter(pk__in=pks)}

    def of(self, model, pk) -> str:
        """The name of the row ``pk`` of ``model``; "" for none."""
        if pk in (None, ""):
            return ""
        return self.found.get(model, {}).get(pk) or _("#%(pk)s (since deleted)") % {"pk": pk}

    def list_of(self, model, pks) -> str:
        return ", ".join(self.of(model, pk) for pk in pks or [])


def saved_versions(model, revisions, *, rich_text_fields=()) -> list[SavedVersion]:
    """``revisions`` of one ``model`` item, newest first, with their content in readable form."""
    revisions = list(revisions)
    names = RelatedNames()
    for revision in revisions:
        want_names(model, revision.data, names)
    names.fetch()
    versioned = any(model_field.name == "version" for model_field in model._meta.fields)
    return [
        SavedVersion(
            revision=revision,
            number=revision.version if versioned else len(revisions) - position,
            fields=saved_fields(model, revision.data, names, rich_text_fields),
            agenda=saved_agenda(revision.data["agenda"], names, data_zone(revision.data))
            if "agenda" in revision.data
            else None,
        )
        for position, revision in enumerate(revisions)
    ]


def want_names(model, data: dict, names: RelatedNames) -> None:
    for name, value in data.items():
        model_field = field_or_none(model, name)
        if model_field is not None and model_field.is_relation:
            names.want(model_field.related_model, value if model_field.many_to_many else [value])
    for session in data.get("agenda") or []:
        names.want(Project, session.get("projects") or [])
        names.want(Project, [person.get("project") for person in session.get("people") or []])
        names.want(Organisation, [person.get("organisation") for person in session.get("people") or []])


def field_or_none(model, name: str):
    """The model field a stored value came from; None if the model no longer has it."""
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return None if isinstance(model_field, models.ForeignObjectRel) else model_field


def saved_fields(model, data: dict, names: RelatedNames, rich_text_fields) -> list[SavedField]:
    """The stored fields in the order the model declares them (a JSON column may not keep the order)."""
    order = {model_field.name: position for position, model_field in enumerate(model._meta.get_fields())}
    zone = data_zone(data)
    result = []
    for name in sorted((name for name in data if name != "agenda"), key=lambda name: order.get(name, len(order))):
        model_field = field_or_none(model, name)
        label = capfirst(model_field.verbose_name) if model_field is not None else name
        value = readable(model_field, data[name], names, zone)
        result.append(SavedField(str(label), value, rich=name in rich_text_fields and value != EMPTY))
    return result


def readable(model_field, value, names: RelatedNames, zone) -> str:
    """One stored value as a person reads it: a label for a choice, names for related rows, local times."""
    if value in (None, "", []):
        return EMPTY
    if model_field is None:
        return str(value)
    if model_field.many_to_many:
        return names.list_of(model_field.related_model, value)
    if model_field.is_relation:
        return names.of(model_field.related_model, value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(model_field, models.DateTimeField):
        return moment(value, zone)
    if isinstance(model_field, models.DateField):
        return day(value)
    return str(value)


def data_zone(data: dict):
    """The zone an event's times are typed and read in; the site's for anything else."""
    try:
        return zoneinfo.ZoneInfo(data["time_zone"])
    except (KeyError, TypeError, ValueError, zoneinfo.ZoneInfoNotFoundError):
        return timezone.get_current_timezone()


def moment(value, zone) -> str:
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if timezone.is_aware(parsed):
        parsed = timezone.localtime(parsed, zone)
    return formats.date_format(parsed, "j F Y, H:i")


def day(value) -> str:
    try:
        return formats.date_format(date.fromisoformat(str(value)), "j F Y")
    except ValueError:
        return str(value)


def saved_agenda(sessions, names: RelatedNames, zone) -> list[SavedSession]:
    session_kinds, roles = dict(Session.Kind.choices), dict(SessionRole.Role.choices)
    result = []
    for session in sessions:
        times = [moment(value, zone) for value in (session.get("starts_at"), session.get("ends_at")) if value]
        people = [
            SavedPerson(
                role=str(roles.get(person.get("role"), person.get("role") or "")),
                name=person.get("name") or "",
                organisation=names.of(Organisation, person.get("organisation")),
                project=names.of(Project, person.get("project")),
                talk_title=person.get("talk_title") or "",
            )
            for person in session.get("people") or []
        ]
        result.append(
            SavedSession(
                title=session.get("title") or "",
                kind=str(session_kinds.get(session.get("kind"), session.get("kind") or "")),
                when=" \N{EN DASH} ".join(times) or _("time not set"),
                description=session.get("description") or "",
                projects=names.list_of(Project, session.get("projects")),
                people=people,
            )
        )
    return result


@method_decorator(never_cache, name="dispatch")
class RevisionHistoryMixin(LoginRequiredMixin):
    """For a DetailView: the item among those of the user's projects (any item for staff), its saved
    versions and, if ``with_review_steps``, its review steps. Another project's item is not found.

    ``projects_lookup`` leads from the item to its projects ("pk" when the item is a project)."""

    projects_lookup = "projects"
    rich_text_fields = ()
    with_review_steps = True

    def get_queryset(self):
        queryset = self.model._default_manager.all()
        user = self.request.user
        if user.is_staff:
            return queryset
        return queryset.filter(**{f"{self.projects_lookup}__in": member_projects(user)}).distinct()

    def get_context_data(self, **kwargs):
        about = {"content_type": ContentType.objects.get_for_model(self.model), "object_id": self.object.pk}
        revisions = Revision.objects.filter(**about).select_related("author")
        context = {"versions": saved_versions(self.model, revisions, rich_text_fields=self.rich_text_fields)}
        if self.with_review_steps:
            context["review_steps"] = AuditEntry.objects.filter(**about).select_related("actor")
        return super().get_context_data(**context, **kwargs)
