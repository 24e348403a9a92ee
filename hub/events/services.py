"""Writes for events proposed in the partners' workspace: the event, its agenda and the people in it.

Partners change an event while it is a draft or was rejected. A submitted event is frozen while
staff review it: the partner withdraws it first (``content_transition(action="withdraw")``), which
makes it a draft again. Published and archived events are changed by staff in the admin.

Every save bumps ``Event.version``. An edit started from an older version raises ``EditConflict``
instead of overwriting what someone else saved in between; the check and the bump are one
conditional UPDATE, so two simultaneous saves cannot both pass it. A person's part in a session
counts as an edit of the event, so it is under the same check.

The services raise PermissionDenied for a user who may not make the change and ValidationError for
content that breaks a rule. ``sessions`` (and ``people``) is the whole list: entries left out are
removed, entries with an ``id`` must already belong to the event (or session).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.core.services import revision_record
from hub.members.permissions import can_edit_event, member_projects

from .models import Event, Session, SessionRole

EVENT_FIELDS = (
    "title",
    "kind",
    "summary",
    "description",
    "starts_at",
    "ends_at",
    "time_zone",
    "format",
    "venue_name",
    "venue_address",
    "city",
    "country",
    "online_url",
    "registration_url",
    "registration_deadline",
)
SESSION_FIELDS = ("title", "kind", "starts_at", "ends_at", "description", "order")
ROLE_FIELDS = ("role", "guest_name", "organisation", "project", "talk_title", "order")
EDITABLE_STATUSES = frozenset({Event.Status.DRAFT, Event.Status.REJECTED})


class EditConflict(Exception):
    """Someone saved the item after the editor loaded it; ``current_version`` is what is stored now."""

    def __init__(self, current_version: int):
        self.current_version = current_version
        super().__init__(
            _("Someone else saved this event while you were editing it (it is now at version %(version)s).")
            % {"version": current_version}
        )


def is_editable(event: Event) -> bool:
    """Whether partners may change ``event`` in its current status."""
    return event.status in EDITABLE_STATUSES


@transaction.atomic
def event_create(*, by, projects, topics=(), sessions=(), **fields) -> Event:
    """Store a draft event proposed by ``by``; PermissionDenied unless ``by`` may post for every project."""
    _check_names(fields, EVENT_FIELDS)
    projects = list(projects)
    _check_projects(by=by, before=[], after=projects)
    event = Event(**fields, created_by=by, status=Event.Status.DRAFT)
    event.full_clean()
    event.save()
    event.projects.set(projects)
    event.topics.set(topics)
    _replace_agenda(event, sessions)
    _record(event, by=by, summary=_("Proposed"))
    return event


@transaction.atomic
def event_update(*, event: Event, by, expected_version: int, projects=None, topics=None, sessions=None, **fields):
    """Save an edit of a draft or rejected event begun at ``expected_version``, else raise EditConflict."""
    _check_names(fields, EVENT_FIELDS)
    _claim_version(event, expected_version)  # first, so SQLite takes its write lock before any read
    if not can_edit_event(by, event):
        raise PermissionDenied(_("You can only edit events of your own projects."))
    if projects is not None:
        _check_projects(by=by, before=list(event.projects.all()), after=list(projects))
    for name, value in fields.items():
        setattr(event, name, value)
    event.full_clean()
    event.save(update_fields=[*fields, "version", "updated_at"])
    if projects is not None:
        event.projects.set(projects)
    if topics is not None:
        event.topics.set(topics)
    if sessions is not None:
        _replace_agenda(event, sessions)
    _record(event, by=by, summary=_("Edited"))
    return event


@transaction.atomic
def session_people_update(*, session: Session, by, expected_version: int, people) -> Session:
    """Replace the people of ``session``, under the same rules and version check as ``event_update``."""
    event = session.event
    _claim_version(event, expected_version)  # first, so SQLite takes its write lock before any read
    if not can_edit_event(by, event):
        raise PermissionDenied(_("You can only edit events of your own projects."))
    _replace_people(session, people)
    _record(event, by=by, summary=_("People of “%(session)s” edited") % {"session": session.title})
    return session


def _check_names(given, allowed) -> None:
    # Status, author, publication date and version have their own write paths; never a form's.
    unknown = set(given) - set(allowed)
    if unknown:
        raise TypeError(f"Not editable here: {', '.join(sorted(unknown))}")


def _check_projects(*, by, before: list, after: list) -> None:
    if not after:
        raise ValidationError({"projects": _("Choose at least one organising project.")})
    if by.is_staff:
        return
    changed = set(before) ^ set(after)
    mine = set(member_projects(by).filter(pk__in=[p.pk for p in changed | set(after)]).values_list("pk", flat=True))
    if any(project.pk not in mine for project in changed):
        raise PermissionDenied(_("You can only add or remove projects you are a member of."))
    if not any(project.pk in mine for project in after):
        raise ValidationError({"projects": _("Keep at least one of your own projects among the organisers.")})


def _claim_version(event: Event, expected_version: int) -> None:
    """Bump the version if it is still ``expected_version`` and the event still editable, in one UPDATE."""
    claimed = Event.objects.filter(pk=event.pk, version=expected_version, status__in=EDITABLE_STATUSES).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if not claimed:
        current = Event.objects.values("version", "status").get(pk=event.pk)
        if current["status"] not in EDITABLE_STATUSES:
            raise ValidationError(
                _("This event is %(status)s and cannot be edited; withdraw it from review first if you can.")
                % {"status": Event.Status(current["status"]).label.lower()}
            )
        raise EditConflict(current["version"])
    event.version = expected_version + 1


def _replace_agenda(event: Event, sessions) -> None:
    existing = {session.pk: session for session in event.sessions.all()}
    kept = set()
    for position, data in enumerate(sessions, start=1):
        data = dict(data)
        pk, projects = data.pop("id", None), data.pop("projects", None) or []
        _check_names(data, SESSION_FIELDS)
        session = _existing_or_new(existing, pk, Session(event=event))
        for name, value in data.items():
            setattr(session, name, value)
        session.order = position if session.order is None else session.order
        session.full_clean()
        session.save()
        session.projects.set(projects)
        kept.add(session.pk)
    event.sessions.exclude(pk__in=kept).delete()


def _replace_people(session: Session, people) -> None:
    existing = {role.pk: role for role in session.roles.all()}
    kept = set()
    for position, data in enumerate(people, start=1):
        data = dict(data)
        pk = data.pop("id", None)
        _check_names(data, ROLE_FIELDS)
        role = _existing_or_new(existing, pk, SessionRole(session=session))
        for name, value in data.items():
            setattr(role, name, value)
        role.guest_name = (role.guest_name or "").strip()
        role.order = position if role.order is None else role.order
        role.full_clean()
        role.save()
        kept.add(role.pk)
    session.roles.exclude(pk__in=kept).delete()


def _existing_or_new(existing: dict, pk, new):
    if pk is None:
        return new
    if pk not in existing:
        raise ValidationError(_("An agenda entry in the form belongs to another event."))
    return existing[pk]


def _record(event: Event, *, by, summary: str) -> None:
    """One revision per save: the event's fields, and its agenda as it now stands."""
    revision = revision_record(obj=event, by=by, fields=[*EVENT_FIELDS, "projects", "topics"], summary=summary)
    roles = SessionRole.objects.select_related("person").order_by("order", "id")
    sessions = event.sessions.prefetch_related("projects", Prefetch("roles", queryset=roles))
    revision.data["agenda"] = [
        {
            **{name: _plain(getattr(session, name)) for name in SESSION_FIELDS},
            "projects": sorted(project.pk for project in session.projects.all()),
            "people": [
                {
                    "role": role.role,
                    "name": role.display_name,
                    "organisation": role.organisation_id,
                    "project": role.project_id,
                    "talk_title": role.talk_title,
                }
                for role in session.roles.all()
            ],
        }
        for session in sessions
    ]
    revision.save(update_fields=["data"])


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def event_staff_saved(*, event: Event, by) -> Event:
    """Keep a revision, agenda included, of an edit staff made in the back office (the admin
    has already bumped the version, so workspace forms opened before it see a conflict)."""
    _record(event, by=by, summary=_("Edited in the back office"))
    return event
