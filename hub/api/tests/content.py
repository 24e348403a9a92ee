"""Content for the API tests: a published set with every relation the API shows, and everything hidden."""

import itertools
from datetime import UTC, datetime, timedelta

from django.utils import timezone

from hub.core.models import PublicationStatus
from hub.core.tests.factories import (
    make_document,
    make_event,
    make_organisation,
    make_participation,
    make_post,
    make_project,
    make_published_event,
    make_published_post,
    make_session,
    make_session_role,
    make_topic,
    make_user,
)
from hub.events.models import SessionRole
from hub.projects.models import Participation

S = PublicationStatus
# Every hidden object has this in its title and slug, so a response can be searched for any of them.
HIDDEN = "hidden"
HIDDEN_STATES = [S.DRAFT, S.SUBMITTED, S.REJECTED, S.ARCHIVED]
_grants = itertools.count(101000001)


def in_days(days: float) -> datetime:
    return timezone.now() + timedelta(days=days)


def make_published_document(**fields):
    fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
    return make_document(status=S.PUBLISHED, **fields)


def make_public_content(n: int = 1) -> dict:
    """``n`` of each kind of public content, each related to a project and a topic; returns the last ones."""
    for i in range(n):
        topic = make_topic()
        project = make_project(programme="H2020", grant_agreement_number=str(next(_grants)))
        project.topics.add(topic)
        coordinator = make_organisation(country="FI")
        make_participation(project=project, organisation=coordinator, role=Participation.Role.COORDINATOR)
        make_participation(project=project, organisation=make_organisation(country="DE"))
        event = make_published_event(projects=[project], starts_at=in_days(10 + i))
        event.topics.add(topic)
        session = make_session(event=event, starts_at=event.starts_at, ends_at=event.starts_at + timedelta(hours=1))
        session.projects.add(project)
        make_session_role(session=session, role=SessionRole.Role.MODERATOR, organisation=coordinator)
        make_session_role(session=session, person=make_user(), project=project)
        post = make_published_post(projects=[project], author=make_user())
        post.topics.add(topic)
        document = make_published_document(projects=[project], event=event)
        document.topics.add(topic)
    return {
        "topic": topic,
        "project": project,
        "organisation": coordinator,
        "event": event,
        "post": post,
        "document": document,
    }


def make_hidden_content() -> dict:
    """Events, posts and documents in every state the public must not see, upcoming and past,
    and published documents attached to hidden posts and events."""
    project, topic = make_project(), make_topic()
    hidden = {"events": [], "posts": [], "documents": []}
    for n, status in enumerate(HIDDEN_STATES):
        for when in (in_days(5 + n), in_days(-5 - n)):
            event = make_event(title=f"{HIDDEN} {status} event {when:%Y%m%d}", status=status, starts_at=when)
            event.projects.add(project)
            hidden["events"].append(event)
        hidden["posts"].append(make_post(title=f"{HIDDEN} {status} post", status=status, projects=[project]))
        hidden["documents"].append(make_document(title=f"{HIDDEN} {status} document", status=status))
    for when in (in_days(3), in_days(-3)):
        hidden["events"].append(
            make_published_event(
                title=f"{HIDDEN} scheduled event {when:%Y%m%d}", published_at=in_days(1), starts_at=when
            )
        )
    hidden["posts"].append(make_published_post(title=f"{HIDDEN} scheduled post", published_at=in_days(1)))
    hidden["documents"] += [
        make_published_document(title=f"{HIDDEN} scheduled document", published_at=in_days(1)),
        make_published_document(title=f"{HIDDEN} document of a draft post", post=hidden["posts"][0]),
        make_published_document(title=f"{HIDDEN} document of a scheduled event", event=hidden["events"][-1]),
    ]
    for item in [*hidden["events"], *hidden["posts"], *hidden["documents"]]:
        item.topics.add(topic)
        item.projects.add(project)
    return hidden


def at(year, month, day, hour=0, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)
