"""Small ``make_<model>()`` helpers for tests: sensible defaults, every field overridable."""

import itertools
from datetime import date, timedelta

from django.utils import timezone

from hub.core.models import PublicationStatus
from hub.documents.models import Document
from hub.events.models import Event, Session, SessionRole
from hub.members.models import Membership, Organisation, User
from hub.news.models import Post
from hub.projects.models import Participation, Project, Topic

_seq = itertools.count(1)


def _n() -> int:
    return next(_seq)


def make_user(**fields) -> User:
    n = _n()
    fields.setdefault("email", f"person{n}@example.org")
    fields.setdefault("full_name", f"Person {n}")
    password = fields.pop("password", "a-long-test-passphrase")
    return User.objects.create_user(password=password, **fields)


def make_staff(**fields) -> User:
    fields.setdefault("is_staff", True)
    return make_user(**fields)


def make_organisation(**fields) -> Organisation:
    n = _n()
    fields.setdefault("name", f"Organisation {n}")
    fields.setdefault("country", "BE")
    return Organisation.objects.create(**fields)


def make_topic(**fields) -> Topic:
    n = _n()
    fields.setdefault("name", f"Topic {n}")
    fields.setdefault("slug", f"topic-{n}")
    return Topic.objects.create(**fields)


def make_project(**fields) -> Project:
    n = _n()
    fields.setdefault("acronym", f"PRJ{n}")
    fields.setdefault("slug", f"prj{n}")
    fields.setdefault("full_title", f"Project number {n}")
    fields.setdefault("start_date", date(2023, 1, 1))
    fields.setdefault("end_date", date(2030, 12, 31))
    return Project.objects.create(**fields)


def make_participation(**fields) -> Participation:
    fields["project"] = fields.get("project") or make_project()
    fields["organisation"] = fields.get("organisation") or make_organisation()
    return Participation.objects.create(**fields)


def make_membership(**fields) -> Membership:
    fields["user"] = fields.get("user") or make_user()
    fields["project"] = fields.get("project") or make_project()
    return Membership.objects.create(**fields)


def make_post(*, projects=(), **fields) -> Post:
    n = _n()
    fields.setdefault("title", f"Post {n}")
    fields.setdefault("lead", "A short lead.")
    fields.setdefault("body", "<p>Body text.</p>")
    if fields.get("status") == PublicationStatus.PUBLISHED:
        fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
    post = Post.objects.create(**fields)
    post.projects.set(projects)
    return post


def make_published_post(**fields) -> Post:
    return make_post(status=PublicationStatus.PUBLISHED, **fields)


def make_event(*, projects=(), **fields) -> Event:
    n = _n()
    starts = fields.pop("starts_at", timezone.now() + timedelta(days=30))
    fields.setdefault("title", f"Event {n}")
    fields.setdefault("ends_at", starts + timedelta(hours=3))
    if fields.get("status") == PublicationStatus.PUBLISHED:
        fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
    event = Event.objects.create(starts_at=starts, **fields)
    event.projects.set(projects)
    return event


def make_published_event(**fields) -> Event:
    return make_event(status=PublicationStatus.PUBLISHED, **fields)


def make_session(**fields) -> Session:
    fields["event"] = fields.get("event") or make_event()
    fields.setdefault("title", f"Session {_n()}")
    return Session.objects.create(**fields)


def make_session_role(**fields) -> SessionRole:
    fields["session"] = fields.get("session") or make_session()
    if "person" not in fields:
        fields.setdefault("guest_name", f"Guest {_n()}")
    return SessionRole.objects.create(**fields)


def make_document(*, projects=(), **fields) -> Document:
    n = _n()
    fields.setdefault("title", f"Document {n}")
    fields.setdefault("url", f"https://zenodo.example.org/records/{n}")
    if fields.get("status") == PublicationStatus.PUBLISHED:
        fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
    document = Document.objects.create(**fields)
    document.projects.set(projects)
    return document
