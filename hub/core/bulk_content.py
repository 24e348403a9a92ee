"""``seed_bulk`` steps for what the hub publishes: events with their agenda and speakers, news posts."""

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils.text import slugify

from hub.core.bulk_base import (
    BATCH,
    BULK_SLUG_PREFIX,
    PUBLISHED,
    Context,
    Person,
    in_batches,
    index_entries,
    relate,
    strip_html,
)
from hub.core.bulk_text import CITIES, MATERIALS, PROCESSES
from hub.core.models import PublicationStatus
from hub.events.models import Event, Session, SessionRole
from hub.news.models import Post
from hub.search.documents import Entry
from hub.search.models import SearchEntry

TALK_KINDS = [Session.Kind.TALK, Session.Kind.PANEL, Session.Kind.KEYNOTE]
# Most content is public; a small share waits in review, as drafts or rejected, or is scheduled.
POST_STATUSES = [(PUBLISHED, 92), (PublicationStatus.SUBMITTED, 3), (PublicationStatus.DRAFT, 2),
                 (PublicationStatus.REJECTED, 2), ("scheduled", 1)]  # fmt: skip
POST_KINDS = [(Post.Kind.NEWS, 70), (Post.Kind.PUBLICATION, 10), (Post.Kind.EVENT_REPORT, 10),
              (Post.Kind.PROCEEDINGS, 5), (Post.Kind.PRESS_RELEASE, 5)]  # fmt: skip

# Events with their agenda -----------------------------------------------------------------------------------


@dataclass
class Agenda:
    """An event not yet saved, with its sessions and each session's speakers."""

    event: Event
    sessions: list[tuple[Session, list[SessionRole]]]
    project_ids: list[int]
    topic_ids: list[int]


def _event(context: Context, index: int) -> Event:
    writer, rng = context.writer, context.rng
    kind = context.weighted(
        [("workshop", 40), ("webinar", 30), ("conference_session", 15), ("annual_meeting", 5), ("external", 10)]
    )
    starts_at = context.moment(years_back=5, years_ahead=1).replace(hour=9, minute=0, second=0, microsecond=0)
    hours = 2 if kind == "webinar" else rng.choice([8, 8, 32])
    published = rng.random() < 0.95
    country = rng.choice(list(CITIES))
    title = f"{Event.Kind(kind).label}: {writer.pick(PROCESSES)} and {writer.pick(MATERIALS)}"
    return Event(
        title=title,
        slug=f"{BULK_SLUG_PREFIX}{context.tag}{index}-{slugify(title)}"[:220],
        kind=kind,
        summary=writer.sentence(),
        description=writer.body(rng.randint(2, 4)).html,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        format=Event.Format.ONLINE if kind == "webinar" else rng.choice(Event.Format.values),
        venue_name="" if kind == "webinar" else writer.pick(["Congress centre", "Town hall", "Campus"]),
        city="" if kind == "webinar" else rng.choice(CITIES[country]),
        country="" if kind == "webinar" else country,
        registration_url=f"https://events.example.org/{context.tag}{index}",
        status=PUBLISHED if published else PublicationStatus.SUBMITTED,
        published_at=min(starts_at - timedelta(days=60), context.now - timedelta(days=1)) if published else None,
        submitted_at=None if published else context.now,
    )


def _speaker(context: Context, session_projects: list[int], order: int) -> SessionRole:
    rng = context.rng
    member = bool(context.people) and rng.random() < 0.4
    return SessionRole(
        role=context.weighted([("speaker", 8), ("moderator", 1), ("chair", 1)]),
        person_id=rng.choice(context.people).pk if member else None,
        guest_name="" if member else context.writer.person_name(),
        organisation_id=rng.choice(context.organisations) if context.organisations else None,
        project_id=rng.choice(session_projects) if session_projects else None,
        talk_title=context.writer.title(rng.choice(context.projects)[1]) if context.projects else "",
        order=order,
    )


def _agenda(context: Context, index: int) -> Agenda:
    rng = context.rng
    event = _event(context, index)
    project_ids = context.some([pk for pk, _ in context.projects], 1, 3)
    sessions, clock = [], event.starts_at
    for order in range(rng.randint(2, 3) if event.kind == "webinar" else rng.randint(4, 8)):
        is_break = order and order % 3 == 0
        minutes = 30 if is_break else rng.choice([30, 45, 60])
        kind = Session.Kind.BREAK if is_break else rng.choice(TALK_KINDS)
        session = Session(
            title="Coffee break" if is_break else context.writer.sentence().rstrip(".")[:250],
            kind=kind,
            starts_at=clock,
            ends_at=clock + timedelta(minutes=minutes),
            order=order,
            description="" if is_break else context.writer.paragraph(1, 2),
        )
        roles = [] if is_break else [_speaker(context, project_ids, n) for n in range(rng.randint(1, 3))]
        sessions.append((session, roles))
        clock += timedelta(minutes=minutes)
    return Agenda(event, sessions, project_ids, context.some(context.topics, 1, 3))


def _speaker_name(people: dict[int, Person], role: SessionRole) -> str:
    # As the live index does: members are named only when they have a public profile.
    if role.person_id is None:
        return role.guest_name
    person = people[role.person_id]
    return person.name if person.public else ""


def _event_entry(agenda: Agenda, people: dict[int, Person]) -> Entry:
    event = agenda.event
    roles = [role for _, roles in agenda.sessions for role in roles]
    speakers = ", ".join(name for role in roles if (name := _speaker_name(people, role)))
    agenda_text = [text for session, _ in agenda.sessions for text in (session.title, session.description) if text]
    return Entry(
        kind=SearchEntry.Kind.EVENT,
        title=event.title,
        subtitle="\n".join(filter(None, [event.summary, speakers])),
        body=strip_html(
            "\n".join(
                [event.description, event.venue_name, event.city, *agenda_text, *(role.talk_title for role in roles)]
            )
        ),
        url=event.get_absolute_url(),
        date=event.starts_at,
        is_public=event.status == PUBLISHED,
        public_from=event.published_at,
        project_ids=agenda.project_ids,
        topic_ids=agenda.topic_ids,
    )


@transaction.atomic
def create_events(context: Context, count: int) -> Counter:
    agendas = [_agenda(context, index) for index in range(count)]
    in_batches(Event, [agenda.event for agenda in agendas])
    for agenda in agendas:
        for session, _ in agenda.sessions:
            session.event_id = agenda.event.pk
    in_batches(Session, [session for agenda in agendas for session, _ in agenda.sessions])
    roles = []
    for agenda in agendas:
        for session, session_roles in agenda.sessions:
            for role in session_roles:
                role.session_id = session.pk
                roles.append(role)
    in_batches(SessionRole, roles)
    relate(Event.projects.through, "event_id", "project_id", {a.event.pk: a.project_ids for a in agendas})
    relate(Event.topics.through, "event_id", "topic_id", {a.event.pk: a.topic_ids for a in agendas})
    context.events = [agenda.event.pk for agenda in agendas if agenda.event.status == PUBLISHED]
    people = {person.pk: person for person in context.people}
    indexed = index_entries(Event, [(a.event.pk, _event_entry(a, people)) for a in agendas])
    sessions = sum(len(agenda.sessions) for agenda in agendas)
    return Counter(events=len(agendas), sessions=sessions, speakers=len(roles), search_entries=indexed)


# News posts -------------------------------------------------------------------------------------------------


def _post(context: Context, index: int) -> tuple[Post, str]:
    """A post and the plain text of its body (for the index, without parsing the HTML again)."""
    writer, rng = context.writer, context.rng
    acronym = rng.choice(context.projects)[1] if context.projects else "The hub"
    title = writer.title(acronym)[:200]
    status = context.weighted(POST_STATUSES)
    published_at = context.moment(years_back=6) if status == PUBLISHED else None
    if status == "scheduled":
        status, published_at = PUBLISHED, context.now + timedelta(days=rng.randint(1, 60))
    kind = context.weighted(POST_KINDS)
    image = rng.choice(context.images) if context.images and rng.random() < 0.3 else ""
    body = writer.body(rng.randint(4, 8))
    about_event = kind in (Post.Kind.EVENT_REPORT, Post.Kind.PROCEEDINGS) and context.events
    post = Post(
        title=title,
        slug=f"{BULK_SLUG_PREFIX}{context.tag}{index}-{slugify(title)}"[:220],
        lead=writer.paragraph(1, 2)[:600],
        body=body.html,
        kind=kind,
        featured_image=image,
        featured_image_alt=f"Illustration for {acronym}: {writer.pick(MATERIALS)} samples" if image else "",
        author_id=rng.choice(context.people).pk if context.people and rng.random() < 0.8 else None,
        event_id=rng.choice(context.events) if about_event else None,
        status=status,
        published_at=published_at,
        submitted_at=context.now if status == PublicationStatus.SUBMITTED else None,
    )
    return post, body.plain


def _post_entry(post: Post, plain_body: str, project_ids: list[int], topic_ids: list[int]) -> Entry:
    return Entry(
        kind=SearchEntry.Kind.POST,
        title=post.title,
        subtitle=post.lead,
        body=plain_body,
        url=post.get_absolute_url(),
        date=post.published_at or post.created_at,
        is_public=post.status == PUBLISHED,
        public_from=post.published_at,
        project_ids=project_ids,
        topic_ids=topic_ids,
    )


def _post_batch(context: Context, first: int, size: int) -> int:
    drafts = [_post(context, index) for index in range(first, first + size)]
    posts = in_batches(Post, [post for post, _ in drafts])
    project_ids = [pk for pk, _ in context.projects]
    projects = {post.pk: context.some(project_ids, 0, 2) for post in posts}
    topics = {post.pk: context.some(context.topics, 1, 3) for post in posts}
    relate(Post.projects.through, "post_id", "project_id", projects)
    relate(Post.topics.through, "post_id", "topic_id", topics)
    entries = [
        (post.pk, _post_entry(post, plain, projects[post.pk], topics[post.pk]))
        for post, (_, plain) in zip(posts, drafts, strict=True)
    ]
    return index_entries(Post, entries)


@transaction.atomic
def create_posts(context: Context, count: int, *, log=None) -> Counter:
    # Built and written a batch at a time, so memory stays flat whatever the count.
    indexed = 0
    for first in range(0, count, BATCH):
        indexed += _post_batch(context, first, min(BATCH, count - first))
        if log and (first // BATCH) % 10 == 9:
            log(f"  posts: {first + BATCH} written")
    return Counter(posts=count, search_entries=indexed)
