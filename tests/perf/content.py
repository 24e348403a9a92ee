"""Content for the query-count tests: a few "focus" objects whose pages we load, and ``grow()``
which adds ``n`` of every kind, each tied to the focus objects so that their pages show more rows too."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from hub.core.tests.factories import (
    make_document,
    make_membership,
    make_organisation,
    make_participation,
    make_project,
    make_published_event,
    make_published_post,
    make_session,
    make_session_role,
    make_topic,
    make_user,
)
from hub.events.models import Event, SessionRole
from hub.members.models import Organisation, User
from hub.news.models import Post
from hub.projects.models import Participation, Project, Topic, ValueChainStage


@dataclass
class Focus:
    """The objects whose detail pages the tests load."""

    topic: Topic
    project: Project
    organisation: Organisation
    person: User
    post: Post
    event: Event


def make_focus() -> Focus:
    organisation = make_organisation(name="Focus University", short_name="FU")
    project = make_project(acronym="FOCUS", slug="focus", grant_agreement_number="101000001")
    make_participation(project=project, organisation=organisation, role=Participation.Role.COORDINATOR)
    person = make_user(full_name="Focus Person", organisation=organisation, public_profile=True)
    make_membership(user=person, project=project)
    topic = make_topic(name="Recycling focus", slug="recycling-focus")
    post = make_published_post(title="Focus post", projects=[project], author=person)
    post.topics.add(topic)
    event = make_published_event(title="Focus event", projects=[project])
    event.topics.add(topic)
    return Focus(topic=topic, project=project, organisation=organisation, person=person, post=post, event=event)


def grow(focus: Focus, n: int) -> None:
    """Add ``n`` of each kind of content, all related to ``focus`` and to each other."""
    stages = list(ValueChainStage.objects.all()[:2])
    for _ in range(n):
        organisation = make_organisation(city="Leuven")
        project = _grow_project(focus, organisation, stages)
        person = make_user(organisation=organisation, public_profile=True)
        make_membership(user=person, project=project)
        make_membership(user=focus.person, project=project)
        topic = make_topic()
        _grow_news(focus, project, topic, person)
        _grow_events(focus, project, topic, person, organisation)


def _grow_project(focus: Focus, organisation: Organisation, stages) -> Project:
    project = make_project(summary="A project of the hub.")
    make_participation(project=project, organisation=organisation, role=Participation.Role.COORDINATOR)
    make_participation(project=project, organisation=focus.organisation)
    project.topics.add(focus.topic)
    project.value_chain_stages.add(*stages)
    return project


def _grow_news(focus: Focus, project: Project, topic: Topic, person: User) -> None:
    projects = [focus.project, project]
    post = make_published_post(projects=projects, author=person, event=focus.event, kind=Post.Kind.EVENT_REPORT)
    post.topics.add(focus.topic, topic)
    for parent in ({"post": focus.post}, {"event": focus.event}, {}):
        document = make_document(status=Post.Status.PUBLISHED, projects=projects, **parent)
        document.topics.add(focus.topic)


def _grow_events(focus: Focus, project, topic, person, organisation) -> None:
    starts = timezone.now() + timedelta(days=10)
    event = make_published_event(projects=[focus.project, project], starts_at=starts)
    event.topics.add(focus.topic, topic)
    past = make_published_event(projects=[focus.project, project], starts_at=starts - timedelta(days=400))
    past.topics.add(topic)
    for target in (focus.event, past):
        session = make_session(event=target, starts_at=target.starts_at, ends_at=target.starts_at + timedelta(hours=1))
        session.projects.add(project, focus.project)
        make_session_role(session=session, person=person, organisation=organisation, project=project)
        make_session_role(session=session, role=SessionRole.Role.MODERATOR, organisation=organisation)
        make_session_role(session=session, person=focus.person, organisation=focus.organisation)
