"""Load the demo content of ``demo.yaml`` into the database.

Every row is found by its natural key (slug, acronym, e-mail...) and written only when a value
differs, so running the loader again changes nothing, not even ``updated_at``.
"""

import zoneinfo
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time

import yaml
from django.contrib.auth.models import Group
from django.db import models, transaction

from hub.core.models import PublicationStatus
from hub.core.sanitize import sanitize_html
from hub.documents.models import Document
from hub.events.models import DEFAULT_TIME_ZONE, Event, Session, SessionRole
from hub.members.models import Membership, Organisation, User
from hub.members.two_factor import demo_device_ensure
from hub.news.models import Post
from hub.projects.models import Participation, Project, Topic, ValueChainStage

from . import DATA_FILE, DEMO_PASSWORD, DEMO_TOTP_KEY

PUBLISHED = PublicationStatus.PUBLISHED
PUBLICATION_TIME = "10:00"
# Sections of the data file counted in the summary line, in loading order.
SECTIONS = ["topics", "organisations", "projects", "users", "events", "posts", "documents"]


class DemoDataError(Exception):
    """The data file refers to something it does not define."""


@dataclass
class LoadReport:
    sections: dict = field(default_factory=dict)
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    relations_changed: int = 0

    def summary(self) -> str:
        counts = ", ".join(f"{count} {name}" for name, count in self.sections.items())
        changes = (
            f"{sum(self.created.values())} rows created, {sum(self.updated.values())} updated, "
            f"{self.relations_changed} relation sets changed"
        )
        return f"Demo content: {counts} ({changes})."


def read_data(path=DATA_FILE) -> dict:
    # The C parser, where PyYAML was built with it, reads the file several times faster.
    safe_loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(path, encoding="utf-8") as stream:
        return yaml.load(stream, Loader=safe_loader)  # noqa: S506 (a safe loader)  # nosec B506


def local_datetime(day: date, clock: str, zone: str = DEFAULT_TIME_ZONE) -> datetime:
    """The aware datetime of ``clock`` ("HH:MM") on ``day`` in the time zone ``zone``."""
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=zoneinfo.ZoneInfo(zone))


def text(item: dict, key: str) -> str:
    return (item.get(key) or "").strip()


def _stored(obj: models.Model, name: str):
    return getattr(obj, obj._meta.get_field(name).attname)


def _comparable(value):
    return value.pk if isinstance(value, models.Model) else value


def update_changed(obj: models.Model, values: dict, report: LoadReport) -> None:
    """Save the fields of ``values`` that differ from ``obj``; leave the row alone when none does."""
    changed = [name for name, value in values.items() if _stored(obj, name) != _comparable(value)]
    if not changed:
        return
    for name in changed:
        setattr(obj, name, values[name])
    obj.full_clean()
    if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
        changed.append("updated_at")
    obj.save(update_fields=changed)
    report.updated[obj._meta.label] += 1


def upsert(model: type[models.Model], key: dict, values: dict, report: LoadReport) -> models.Model:
    """The row of ``model`` matching ``key``, created or brought up to date with ``values``."""
    obj = model._default_manager.filter(**key).first()
    if obj is None:
        obj = model(**key, **values)
        obj.full_clean()
        obj.save()
        report.created[model._meta.label] += 1
    else:
        update_changed(obj, values, report)
    return obj


def set_related(obj: models.Model, name: str, targets: list, report: LoadReport) -> None:
    """Make the many-to-many ``name`` of ``obj`` hold exactly ``targets``, writing only if it does not."""
    manager = getattr(obj, name)
    if set(manager.values_list("pk", flat=True)) != {target.pk for target in targets}:
        manager.set(targets)
        report.relations_changed += 1


class DemoLoader:
    """Loads one section after another; later sections refer to rows of earlier ones by natural key."""

    def __init__(self, data: dict):
        self.data = data
        self.report = LoadReport(sections={name: len(data.get(name) or []) for name in SECTIONS})
        self.refs = {name: {} for name in SECTIONS}
        self.refs["stages"] = {stage.slug: stage for stage in ValueChainStage.objects.all()}

    def run(self) -> LoadReport:
        for name in SECTIONS:
            loader = getattr(self, f"load_{name[:-1]}")
            for item in self.data.get(name) or []:
                loader(item)
        return self.report

    def ref(self, section: str, key):
        """The row that ``key`` names in ``section``, or None for an empty key."""
        if key in (None, ""):
            return None
        try:
            return self.refs[section][key]
        except KeyError:
            raise DemoDataError(f"The demo data refers to an unknown {section[:-1]} “{key}”.") from None

    def link(self, obj: models.Model, name: str, section: str, keys) -> None:
        """Point the many-to-many ``name`` of ``obj`` at the rows of ``section`` named by ``keys``."""
        set_related(obj, name, [self.ref(section, key) for key in keys or []], self.report)

    def load_topic(self, item: dict) -> None:
        values = {"name": item["name"], "description": text(item, "description")}
        self.refs["topics"][item["slug"]] = upsert(Topic, {"slug": item["slug"]}, values, self.report)

    def load_organisation(self, item: dict) -> None:
        values = {"name": item["name"], "kind": item.get("kind") or Organisation.Kind.OTHER}
        values |= {name: text(item, name) for name in ("short_name", "country", "city", "website")}
        self.refs["organisations"][item["slug"]] = upsert(Organisation, {"slug": item["slug"]}, values, self.report)

    def load_project(self, item: dict) -> None:
        project = upsert(Project, {"acronym": item["acronym"]}, self._project_values(item), self.report)
        self.refs["projects"][project.acronym] = project
        self.link(project, "topics", "topics", item.get("topics"))
        self.link(project, "value_chain_stages", "stages", item.get("value_chain_stages"))
        for participation in item.get("consortium") or []:
            key = {"project": project, "organisation": self.ref("organisations", participation["organisation"])}
            upsert(Participation, key, {"role": participation["role"]}, self.report)

    def _project_values(self, item: dict) -> dict:
        grant = item.get("grant_agreement_number")
        values = {name: text(item, name) for name in ("slug", "full_title", "summary", "description", "website")}
        values |= {name: text(item, name) for name in ("programme", "funding_scheme", "call_identifier")}
        values |= {name: item.get(name) for name in ("start_date", "end_date", "joined_hub_on")}
        values["grant_agreement_number"] = str(grant) if grant else None
        return values

    def load_user(self, item: dict) -> None:
        values = {name: text(item, name) for name in ("full_name", "job_title")}
        values |= {"is_staff": bool(item.get("is_staff")), "is_superuser": False, "is_active": True}
        user = User.objects.filter(email__iexact=item["email"]).first()
        if user is None:
            # The password is set once: a second run must not undo a change made since.
            user = User.objects.create_user(email=item["email"], password=DEMO_PASSWORD, **values)
            self.report.created[User._meta.label] += 1
        else:
            update_changed(user, values, self.report)
        self.refs["users"][item["email"]] = user
        if user.is_staff:
            # The admin asks staff for a second factor; the demo one has a published secret.
            demo_device_ensure(user=user, key=DEMO_TOTP_KEY)
        set_related(user, "groups", [Group.objects.get(name=name) for name in item.get("groups") or []], self.report)
        for membership in item.get("memberships") or []:
            key = {"user": user, "project": self.ref("projects", membership["project"])}
            upsert(Membership, key, {"role": membership["role"]}, self.report)

    def load_event(self, item: dict) -> None:
        event = upsert(Event, {"slug": item["slug"]}, self._event_values(item), self.report)
        self.refs["events"][event.slug] = event
        self.link(event, "projects", "projects", item.get("projects"))
        self.link(event, "topics", "topics", item.get("topics"))
        for order, session in enumerate(item.get("sessions") or [], start=1):
            self._load_session(event, order, session, item)

    def _event_values(self, item: dict) -> dict:
        zone = item.get("time_zone") or DEFAULT_TIME_ZONE
        deadline = item.get("registration_deadline")
        values = {name: text(item, name) for name in ("title", "kind", "format", "summary", "city", "country")}
        values |= {name: text(item, name) for name in ("venue_name", "venue_address", "registration_url")}
        return values | {
            "description": sanitize_html(text(item, "description")),
            "time_zone": zone,
            "starts_at": local_datetime(item["date"], item["start"], zone),
            "ends_at": local_datetime(item.get("end_date") or item["date"], item["end"], zone),
            "registration_deadline": local_datetime(deadline, "23:59", zone) if deadline else None,
            "status": PUBLISHED,
            "published_at": local_datetime(item["published"], PUBLICATION_TIME, zone),
        }

    def _load_session(self, event: Event, order: int, item: dict, event_item: dict) -> None:
        zone, day = event.time_zone, event_item["date"]
        values = {"title": item["title"], "kind": item["kind"], "description": text(item, "description")}
        values["starts_at"] = local_datetime(day, item["start"], zone) if item.get("start") else None
        values["ends_at"] = local_datetime(day, item["end"], zone) if item.get("end") else None
        session = upsert(Session, {"event": event, "order": order}, values, self.report)
        self.link(session, "projects", "projects", item.get("projects"))
        for position, role in enumerate(item.get("roles") or [], start=1):
            key = {"session": session, "guest_name": role["guest_name"], "role": role["role"]}
            values = {
                "organisation": self.ref("organisations", role.get("organisation")),
                "project": self.ref("projects", role.get("project")),
                "talk_title": text(role, "talk_title"),
                "order": position,
            }
            upsert(SessionRole, key, values, self.report)

    def load_post(self, item: dict) -> None:
        values = {name: text(item, name) for name in ("title", "kind", "lead")}
        values |= {
            "body": sanitize_html(text(item, "body")),
            "author": self.ref("users", item.get("author")),
            "event": self.ref("events", item.get("event")),
            "status": PUBLISHED,
            "published_at": local_datetime(item["published"], PUBLICATION_TIME),
        }
        post = upsert(Post, {"slug": item["slug"]}, values, self.report)
        self.refs["posts"][post.slug] = post
        self.link(post, "projects", "projects", item.get("projects"))
        self.link(post, "topics", "topics", item.get("topics"))

    def load_document(self, item: dict) -> None:
        values = {name: text(item, name) for name in ("title", "kind", "description", "url")}
        values |= {
            "language": item.get("language") or "en",
            "post": self.ref("posts", item.get("post")),
            "event": self.ref("events", item.get("event")),
            "status": PUBLISHED,
            "published_at": local_datetime(item["published"], PUBLICATION_TIME),
        }
        document = upsert(Document, {"slug": item["slug"]}, values, self.report)
        self.link(document, "projects", "projects", item.get("projects"))
        self.link(document, "topics", "topics", item.get("topics"))


@transaction.atomic
def load_demo(data: dict | None = None) -> LoadReport:
    """Create or update the demo content; all of it or, on any error, none of it."""
    return DemoLoader(data if data is not None else read_data()).run()


def demo_logins(data: dict | None = None) -> list[tuple[str, str]]:
    """(e-mail, role) of each demo account, as the data file defines them."""
    data = data if data is not None else read_data()
    logins = []
    for user in data.get("users") or []:
        roles = ["hub staff (back office at /admin/)"] if user.get("is_staff") else []
        roles += [f"{m['role']} of {m['project']}" for m in user.get("memberships") or []]
        logins.append((user["email"], ", ".join(roles) or "member"))
    return logins
