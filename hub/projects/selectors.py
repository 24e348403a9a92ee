"""Cross-app reads for the project pages: only published content, each list in one query."""

from hub.documents.models import Document
from hub.events.models import Event
from hub.news.models import Post

LATEST_NEWS = 5
PAST_EVENTS = 10


def project_activity(project) -> dict:
    """The project's public news, events and documents, for its page."""
    return {
        "latest_news": Post.objects.published().for_project(project).latest_first()[:LATEST_NEWS],
        "upcoming_events": Event.objects.upcoming().for_project(project),
        "past_events": Event.objects.past().for_project(project)[:PAST_EVENTS],
        "documents": Document.objects.published().for_project(project).order_by("-published_at", "-id"),
    }
