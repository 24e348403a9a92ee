"""Pick the pages to measure and count their SQL queries, in-process, against the benchmark database.

Run by ``bench/run.py`` with the same environment as the servers (production settings) and the page
cache off, so the count is the work a page does when it is not cached. Prints one JSON list.
"""

import json
import math
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.prod")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from hub.events.models import Event  # noqa: E402
from hub.news.models import Post  # noqa: E402
from hub.news.views import PostListView  # noqa: E402
from hub.projects.models import Project  # noqa: E402

SEARCH_QUERY = "direct lithium extraction from geothermal brines"


def deep_page() -> int:
    """Page 5,000 of the news list, or its last page when there are fewer."""
    pages = math.ceil(Post.objects.published().count() / PostListView.paginate_by)
    return max(1, min(5000, pages))


def pages() -> list[tuple[str, str]]:
    post = Post.objects.published().exclude(featured_image="").latest_first().first()
    event = Event.objects.published().annotate(n=Count("sessions")).order_by("-n", "-starts_at").first()
    project = Project.objects.annotate(n=Count("participations")).order_by("-n", "acronym").first()
    page = deep_page()
    return [
        ("home", reverse("pages:home")),
        ("news list p1", reverse("news:post-list")),
        (f"news list p{page}", f"{reverse('news:post-list')}?page={page}"),
        ("post", post.get_absolute_url()),
        ("events list", reverse("events:event-list")),
        ("event + agenda", event.get_absolute_url()),
        ("project", project.get_absolute_url()),
        ("organisations", reverse("members:organisation-list")),
        ("search", f"{reverse('search:results')}?q={SEARCH_QUERY.replace(' ', '+')}"),
        ("rss feed", reverse("news:feed-rss")),
        ("calendar feed", reverse("events:calendar-ics")),
        ("sitemap", "/sitemap.xml"),
        ("api posts", reverse("api:post-list")),
    ]


def probe(name: str, path: str, client: Client) -> dict:
    client.get(path)  # first request: fills per-process caches (content types, templates)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return {
        "name": name,
        "path": path,
        "status": response.status_code,
        "queries": len(queries),
        "body_bytes": len(body),
    }


def main() -> None:
    client = Client(SERVER_NAME="127.0.0.1")
    print(json.dumps([probe(name, path, client) for name, path in pages()]))


if __name__ == "__main__":
    main()
