"""Every page type of the portal, as (name, path) pairs: the accessibility scan and the screenshots visit them.

Built on the demo content (the ``demo`` fixture) plus the ``upcoming_event`` and ``partner_content``
fixtures; names are stable, so screenshot files keep their names from run to run."""

from hub.core.models import PublicationStatus
from hub.core.tests.factories import make_event
from hub.events.models import Event
from hub.members.models import Organisation, User
from hub.news.models import Post
from hub.news.services import post_create
from hub.projects.models import Project, Topic

DEMO_EDITOR = "partner.rhinoceros@example.org"  # an editor of RHINOCEROS in the demo content


def public_pages(event: Event) -> list[tuple[str, str]]:
    post = Post.objects.published().latest_first().first()
    topic = Topic.objects.filter(posts__in=Post.objects.published()).order_by("slug").first()
    project = Project.objects.get(acronym="RHINOCEROS")
    organisation = Organisation.objects.filter(participations__project=project).order_by("slug").first()
    person = User.objects.get(email=DEMO_EDITOR)
    person.public_profile = True
    person.save()
    return [
        ("home", "/"),
        ("about", "/about/"),
        ("accessibility", "/accessibility/"),
        ("privacy", "/privacy/"),
        ("legal", "/legal/"),
        ("news-list", "/news/"),
        ("post", post.get_absolute_url()),
        ("topic", topic.get_absolute_url()),
        ("events-list", "/events/"),
        ("events-past", "/events/past/"),
        ("event", event.get_absolute_url()),
        ("projects-list", "/projects/"),
        ("projects-landscape", "/projects/landscape/"),
        ("project", project.get_absolute_url()),
        ("organisations-list", "/organisations/"),
        ("organisation", organisation.get_absolute_url()),
        ("person", person.get_absolute_url()),
        # Documents have no page of their own: each is a file or a link, listed here.
        ("resources-list", "/resources/"),
        ("results-list", "/results/"),
        ("search-results", "/search/?q=lithium"),
        ("contact", "/contact/"),
        ("contact-thanks", "/contact/thanks/"),
        ("login", "/accounts/login/"),
        ("password-reset", "/accounts/password_reset/"),
        ("news-widget-help", "/widget/"),
        ("news-widget", "/widget/news/"),
        ("not-found", "/no-such-page/"),
    ]


def workspace_pages() -> list[tuple[str, str]]:
    """The demo editor's workspace forms, with a draft post and a draft event of theirs to edit."""
    editor = User.objects.get(email=DEMO_EDITOR)
    project = Project.objects.get(acronym="RHINOCEROS")
    post = post_create(by=editor, projects=[project], title="A draft about leaching", lead="Work in progress.")
    event = make_event(title="A proposed webinar", created_by=editor, projects=[project])
    assert event.status == PublicationStatus.DRAFT
    return [
        ("workspace-dashboard", "/workspace/"),
        ("workspace-posts", "/workspace/posts/"),
        ("workspace-post-new", "/workspace/posts/new/"),
        ("workspace-post-edit", f"/workspace/posts/{post.pk}/edit/"),
        ("workspace-post-preview", f"/workspace/posts/{post.pk}/preview/"),
        ("workspace-post-history", f"/workspace/posts/{post.pk}/history/"),
        ("workspace-post-document", f"/workspace/posts/{post.pk}/documents/add/"),
        ("workspace-events", "/workspace/events/"),
        ("workspace-event-new", "/workspace/events/new/"),
        ("workspace-event-edit", f"/workspace/events/{event.pk}/edit/"),
        ("workspace-projects", "/workspace/projects/"),
        ("workspace-project-edit", f"/workspace/projects/{project.slug}/edit/"),
        ("workspace-project-feeds", f"/workspace/projects/{project.slug}/feeds/"),
        ("workspace-deliverables", f"/workspace/projects/{project.slug}/deliverables/"),
        ("workspace-deliverable-new", f"/workspace/projects/{project.slug}/deliverables/add/"),
        ("workspace-publications", f"/workspace/projects/{project.slug}/publications/"),
        ("workspace-publication-new", f"/workspace/projects/{project.slug}/publications/add/"),
        ("workspace-profile", "/accounts/profile/"),
    ]
