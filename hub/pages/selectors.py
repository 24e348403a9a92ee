"""Cross-app reads for the public pages."""

from django.utils import timezone

from hub.events.models import Event
from hub.members.models import Organisation
from hub.news.models import Post
from hub.projects.models import Project


def key_figures() -> dict:
    """The hub in numbers, computed from the data, never typed in."""
    return {
        "projects": Project.objects.count(),
        "organisations": Organisation.objects.filter(participations__isnull=False).distinct().count(),
        "countries": Organisation.objects.filter(participations__isnull=False)
        .exclude(country="")
        .values("country")
        .distinct()
        .count(),
        "events_held": Event.objects.published().filter(ends_at__lt=timezone.now()).count(),
    }


def home_context() -> dict:
    return {
        "figures": key_figures(),
        "latest_posts": Post.objects.published().latest_first()[:4],
        "next_events": Event.objects.upcoming()[:3],
        "projects": Project.objects.only("acronym", "slug", "logo", "full_title"),
    }
