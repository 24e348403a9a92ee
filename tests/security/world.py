"""Two projects, A and B, each with an editor and one of everything a URL can name; and what B holds,
as a snapshot a foreign request must leave unchanged."""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.files.uploadedfile import SimpleUploadedFile

from hub.core.models import AuditEntry, Revision
from hub.core.tests.factories import (
    make_document,
    make_event,
    make_membership,
    make_organisation,
    make_post,
    make_project,
    make_published_event,
    make_published_post,
    make_session,
    make_topic,
    make_user,
)
from hub.documents.models import Document
from hub.events.models import Event, Session, SessionRole
from hub.members.models import Membership
from hub.news.models import Post
from hub.news.services import post_document_add
from hub.projects.models import Project
from hub.results.models import Deliverable, Publication
from hub.syndication.models import FeedSource

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class Side:
    """A project, its editor, and their draft post (with an uploaded file), draft event and feed."""

    project: Project
    editor: object
    post: Post
    document: Document
    event: Event
    session: Session
    feed: FeedSource
    deliverable: Deliverable
    publication: Publication


def make_side(tag: str) -> Side:
    project = make_project(acronym=f"{tag}PRJ", slug=f"{tag.lower()}-prj")
    editor = make_membership(project=project, role="editor", user=make_user(full_name=f"{tag} Editor")).user
    post = make_post(author=editor, projects=[project], title=f"{tag} secret draft post")
    upload = SimpleUploadedFile(f"{tag}-slides.pdf", PDF, "application/pdf")
    document = post_document_add(post=post, by=editor, title=f"{tag} secret draft slides", kind="slides", file=upload)
    event = make_event_for(editor, project, tag)
    feed = FeedSource.objects.create(
        project=project, url=f"https://{tag.lower()}.example.org/feed.xml", added_by=editor
    )
    deliverable = Deliverable.objects.create(
        project=project, number="D1.1", title=f"{tag} secret draft deliverable", work_package=1, due_month=6
    )
    publication = Publication.objects.create(title=f"{tag} paper", authors="Doe, J.", year=2025)
    publication.projects.set([project])
    return Side(project, editor, post, document, event, event.sessions.get(), feed, deliverable, publication)


def make_event_for(editor, project, tag: str) -> Event:
    event = make_event(created_by=editor, projects=[project], title=f"{tag} secret draft event")
    make_session(event=event, title=f"{tag} opening")
    return event


@dataclass
class World:
    a: Side
    b: Side
    topic: object
    organisation: object
    public_person: object
    published_post: Post
    published_event: Event
    published_document: Document
    delivered: Deliverable

    def of(self, side: str) -> Side:
        return self.a if side == "a" else self.b

    def parent_of(self, side: str) -> Side:
        """For nested URLs: the "mixed" case names A's parent (post, event, project) with B's child."""
        return self.a if side in ("a", "mixed") else self.b

    def child_of(self, side: str) -> Side:
        return self.a if side == "a" else self.b


def build_world() -> World:
    a, b = make_side("Alpha"), make_side("Bravo")
    topic = make_topic()
    published_post = make_published_post(author=b.editor, projects=[b.project], title="Bravo published news")
    published_post.topics.set([topic])
    return World(
        a=a,
        b=b,
        topic=topic,
        organisation=make_organisation(),
        public_person=make_user(full_name="Public Person", public_profile=True),
        published_post=published_post,
        published_event=make_published_event(created_by=b.editor, projects=[b.project]),
        published_document=make_document(status="published", projects=[b.project]),
        delivered=Deliverable.objects.create(
            project=b.project, number="D2.1", title="Delivered report", work_package=2, due_month=3, status="approved"
        ),
    )


CONTENT_MODELS = (Post, Event, Session, SessionRole, Document, FeedSource, Project, Membership, Revision, AuditEntry)
CONTENT_MODELS += (Deliverable, Publication)


def snapshot(side: Side) -> dict:
    """B's rows as stored (fields and many-to-many keys), the row count of every content table, and the
    uploaded files: anything a foreign GET or POST could create, change or delete."""
    rows = [side.project, side.post, side.document, side.event, side.session, side.feed]
    rows += [side.deliverable, side.publication]
    fresh = [type(row).objects.get(pk=row.pk) for row in rows]
    media = Path(settings.MEDIA_ROOT)
    return {
        "rows": serializers.serialize("python", fresh),
        "counts": {model.__name__: model.objects.count() for model in CONTENT_MODELS},
        "files": sorted(
            (str(path.relative_to(media)), path.stat().st_size) for path in media.rglob("*") if path.is_file()
        ),
    }
