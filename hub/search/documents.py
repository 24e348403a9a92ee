"""What the index holds for each kind of object: title, subtitle, plain text, address, date, visibility."""

from dataclasses import dataclass, field
from datetime import datetime, time

from django.utils import timezone
from django.utils.html import strip_tags

from hub.core.models import PublicationStatus
from hub.documents.models import Document
from hub.events.models import Event
from hub.members.models import Organisation, User
from hub.news.models import Post
from hub.projects.models import Project
from hub.results.models import Deliverable, Publication

from .models import SearchEntry

Kind = SearchEntry.Kind
# ts_headline marks matches with these; they are removed from indexed text so only our marks can appear.
MARK_START, MARK_STOP = "\x02", "\x03"


def plain(*parts) -> str:
    """Plain text from fragments of text or sanitised HTML: no tags, no marker characters, one line per part."""
    text = "\n".join(strip_tags(part or "") for part in parts if part)
    return text.replace(MARK_START, "").replace(MARK_STOP, "").replace("\x00", "")


@dataclass
class Entry:
    kind: str
    title: str
    url: str
    subtitle: str = ""
    body: str = ""
    date: datetime | None = None
    is_public: bool = False
    public_from: datetime | None = None
    project_ids: list[int] = field(default_factory=list)
    topic_ids: list[int] = field(default_factory=list)


def _published(obj) -> bool:
    return obj.status == PublicationStatus.PUBLISHED and obj.published_at is not None


def _ids(manager) -> list[int]:
    return [related.pk for related in manager.all()]


def _day(value) -> datetime | None:
    return timezone.make_aware(datetime.combine(value, time())) if value else None


def post_entry(post: Post) -> Entry:
    return Entry(
        kind=Kind.POST,
        title=post.title,
        subtitle=plain(post.lead),
        body=plain(post.body),
        url=post.get_absolute_url(),
        date=post.published_at or post.created_at,
        is_public=_published(post),
        public_from=post.published_at,
        project_ids=_ids(post.projects),
        topic_ids=_ids(post.topics),
    )


def _speaker_name(role) -> str:
    # Members appear by name only if they chose a public profile; guests were named by the organiser.
    if role.person_id is None:
        return role.guest_name
    person = role.person
    return person.full_name if person.public_profile and person.is_active else ""


def event_entry(event: Event) -> Entry:
    sessions = list(event.sessions.all())
    roles = [role for session in sessions for role in session.roles.all()]
    speakers = [_speaker_name(role) for role in roles]
    agenda = [text for s in sessions for text in (s.title, s.description)]
    return Entry(
        kind=Kind.EVENT,
        title=event.title,
        subtitle=plain(event.summary, ", ".join(name for name in speakers if name)),
        body=plain(event.description, event.venue_name, event.city, *agenda, *(r.talk_title for r in roles)),
        url=event.get_absolute_url(),
        date=event.starts_at,
        is_public=_published(event),
        public_from=event.published_at,
        project_ids=_ids(event.projects),
        topic_ids=_ids(event.topics),
    )


def project_entry(project: Project) -> Entry:
    return Entry(
        kind=Kind.PROJECT,
        title=project.acronym,
        subtitle=plain(project.full_title),
        body=plain(project.summary, project.description, project.call_identifier),
        url=project.get_absolute_url(),
        # The year filter and the date shown ("Started ...") are the project's start; none when unknown.
        date=_day(project.start_date),
        is_public=True,
        public_from=project.created_at,
        project_ids=[project.pk],
        topic_ids=_ids(project.topics),
    )


def organisation_entry(organisation: Organisation) -> Entry:
    return Entry(
        kind=Kind.ORGANISATION,
        title=organisation.name,
        subtitle=plain(
            " · ".join(filter(None, [organisation.short_name, organisation.city, organisation.country.name]))
        ),
        body=plain(organisation.description),
        url=organisation.get_absolute_url(),
        date=organisation.created_at,
        is_public=True,
        public_from=organisation.created_at,
        project_ids=_ids(organisation.projects),
    )


def document_entry(document: Document) -> Entry:
    # A document attached to a post or an event is public only while its parent is (as Document.published()).
    parents = [parent for parent in (document.post, document.event) if parent is not None]
    dates = [obj.published_at for obj in (document, *parents) if obj.published_at]
    return Entry(
        kind=Kind.DOCUMENT,
        title=document.title,
        subtitle=plain(document.get_kind_display()),
        body=plain(document.description),
        url=document.href,
        date=document.published_at or document.created_at,
        is_public=all(_published(obj) for obj in (document, *parents)),
        public_from=max(dates) if dates else None,
        project_ids=_ids(document.projects),
        topic_ids=_ids(document.topics),
    )


def person_entry(user: User) -> Entry | None:
    """People without a public profile are not indexed at all: nothing about them can leak from the index."""
    if not (user.public_profile and user.is_active and user.full_name and user.slug):
        return None
    organisation = user.organisation.name if user.organisation_id else ""
    return Entry(
        kind=Kind.PERSON,
        title=user.full_name,
        subtitle=plain(" · ".join(filter(None, [user.job_title, organisation]))),
        body=plain(user.bio),
        url=user.get_absolute_url(),
        date=user.date_joined,
        is_public=True,
        public_from=user.date_joined,
        project_ids=[membership.project_id for membership in user.memberships.all()],
    )


def deliverable_entry(deliverable: Deliverable) -> Entry | None:
    """Only public, delivered deliverables are indexed: a sensitive one has no entry at all, so nothing leaks."""
    if not deliverable.is_public:
        return None
    return Entry(
        kind=Kind.DOCUMENT,
        title=f"{deliverable.number} {deliverable.title}",
        subtitle=plain(f"{deliverable.project.acronym} · {deliverable.get_type_display()}"),
        url=deliverable.href or deliverable.get_absolute_url(),
        date=_day(deliverable.due_date) or deliverable.created_at,
        is_public=True,
        public_from=deliverable.created_at,
        project_ids=[deliverable.project_id],
        topic_ids=_ids(deliverable.project.topics),
    )


def publication_entry(publication: Publication) -> Entry | None:
    projects = list(publication.projects.all())
    if not projects:
        return None
    return Entry(
        kind=Kind.DOCUMENT,
        title=publication.title,
        subtitle=plain(" · ".join(filter(None, [publication.authors, publication.venue, str(publication.year)]))),
        url=publication.href or projects[0].get_absolute_url(),
        date=publication.created_at,
        is_public=True,
        public_from=publication.created_at,
        project_ids=[project.pk for project in projects],
    )


BUILDERS = {
    Post: post_entry,
    Event: event_entry,
    Project: project_entry,
    Organisation: organisation_entry,
    Document: document_entry,
    User: person_entry,
    Deliverable: deliverable_entry,
    Publication: publication_entry,
}
# What the rebuild prefetches per model, so building every entry takes a fixed number of queries.
PREFETCH = {
    Post: ["projects", "topics"],
    Event: ["projects", "topics", "sessions__roles__person"],
    Project: ["topics"],
    Organisation: ["projects"],
    Document: ["projects", "topics", "post", "event"],
    User: ["organisation", "memberships"],
    Deliverable: ["project__topics"],
    Publication: ["projects"],
}
