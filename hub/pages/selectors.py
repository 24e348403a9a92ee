"""Cross-app reads for the public pages."""

from django.db.models import Count, Q
from django.utils import timezone

from hub.events.models import Event
from hub.members.models import Organisation
from hub.news.models import Post
from hub.projects.models import Project

LATEST_POSTS = 4
NEXT_EVENTS = 3


def key_figures() -> dict:
    """The hub in numbers, computed from the data, never typed in; three queries whatever the size."""
    partners = Organisation.objects.filter(participations__isnull=False).aggregate(
        organisations=Count("id", distinct=True),
        countries=Count("country", distinct=True, filter=~Q(country="")),
    )
    return {
        "projects": Project.objects.count(),
        **partners,
        "events_held": Event.objects.published().filter(ends_at__lt=timezone.now()).count(),
    }


def home_context() -> dict:
    """Everything the home page shows, in a fixed number of queries."""
    return {
        "figures": key_figures(),
        # Cards show a lead or a summary: the long texts stay in the database.
        "latest_posts": Post.objects.published().latest_first().defer("body")[:LATEST_POSTS],
        "next_events": Event.objects.upcoming().defer("description")[:NEXT_EVENTS],
        "projects": Project.objects.only("acronym", "slug", "logo", "full_title").order_by("acronym"),
    }
