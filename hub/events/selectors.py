"""Reads for the public event pages that reach into other apps (agenda people, documents, reports)."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from hub.documents.models import Document
from hub.news.models import Post
from hub.projects.models import Project

from .models import Event, Session, SessionRole


def public_events_with_details():
    """Published events with everything their page shows, each related set in one query,
    and only the documents and reports the public may see."""
    return events_with_details(Event.objects.published())


def events_with_details(events):
    """``events`` with everything the event page shows (the workspace's preview uses it for drafts)."""
    roles = SessionRole.objects.select_related("person", "organisation", "project")
    return events.prefetch_related(
        "projects",
        "topics",
        Prefetch(
            "sessions",
            queryset=Session.objects.prefetch_related(
                Prefetch("roles", queryset=roles),
                Prefetch("projects", queryset=Project.objects.only("acronym", "slug")),
            ),
        ),
        Prefetch("documents", queryset=Document.objects.published().latest_first(), to_attr="public_documents"),
        Prefetch("reports", queryset=Post.objects.published().latest_first(), to_attr="public_reports"),
    )


@dataclass
class AgendaItem:
    session: Session
    hosts: list[SessionRole] = field(default_factory=list)  # moderators and chairs
    speakers: list[SessionRole] = field(default_factory=list)


def event_agenda(event: Event) -> list[AgendaItem]:
    """The event's sessions in agenda order, each with the people who lead it before those who speak."""
    agenda = []
    for session in event.sessions.all():
        item = AgendaItem(session)
        for role in session.roles.all():
            (item.speakers if role.role == SessionRole.Role.SPEAKER else item.hosts).append(role)
        agenda.append(item)
    return agenda
