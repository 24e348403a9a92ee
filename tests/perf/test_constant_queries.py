"""Every public page, feed and API list runs the same number of SQL queries with 3 or 15 items of each
kind (and their topics, sessions, speakers, participations and documents), and no more than its stated
maximum: a page that grows a query per row fails here before it is slow in production."""

import pytest
from django.core.cache import caches

from hub.search.services import search_rebuild

from .content import grow, make_focus

SMALL, LARGE = 3, 15


def public_pages(focus) -> dict[str, int]:
    """Address -> the most queries its page may run (sessions, auth and the page cache cost nothing anonymous)."""
    return {
        "/": 6,
        "/about/": 4,
        "/news/": 6,  # 2 once the choices, the total and its expiry are cached (hub/core/pagination.py)
        focus.post.get_absolute_url(): 7,
        focus.topic.get_absolute_url(): 6,
        "/events/": 3,
        "/events/past/": 3,
        focus.event.get_absolute_url(): 8,
        "/projects/": 6,
        focus.project.get_absolute_url(): 10,  # 8, and its public deliverables and publications
        "/organisations/": 3,
        focus.organisation.get_absolute_url(): 3,
        focus.person.get_absolute_url(): 3,
        "/resources/": 5,
        "/search/?q=post": 3,
        "/results/": 8,
        "/sitemap.xml": 24,  # the index: per section, a count and the newest change
        "/sitemap-pages.xml": 11,  # the newest change of each list, the results' two included
        "/sitemap-news.xml": 2,  # a count, then one page of rows
        "/sitemap-topics.xml": 2,
        "/sitemap-events.xml": 2,
        "/sitemap-people.xml": 2,
        "/widget/news/": 2,
        f"/widget/news/?project={focus.project.slug}": 3,
    }


def feeds(focus) -> dict[str, int]:
    slug = focus.project.slug
    return {
        "/news/feed/rss/": 2,
        "/news/feed/atom/": 2,
        f"/news/feed/project/{slug}/rss/": 3,
        f"/news/topic/{focus.topic.slug}/feed/atom/": 3,
        "/events/calendar.ics": 6,
        f"/events/calendar/{slug}.ics": 7,
        f"/events/{focus.event.slug}.ics": 6,
    }


def api(focus) -> dict[str, int]:
    return {
        "/api/posts/": 4,
        f"/api/posts/{focus.post.slug}/": 3,
        "/api/events/": 7,
        f"/api/events/{focus.event.slug}/": 6,
        "/api/projects/": 5,
        f"/api/projects/{focus.project.slug}/": 4,
        "/api/deliverables/": 2,
        "/api/publications/": 3,
        "/api/organisations/": 3,
        "/api/documents/": 4,
        "/api/topics/": 2,
    }


def count_queries(client, url: str, limit: int, assert_max) -> int:
    """The queries one anonymous request for ``url`` runs, asserting the page answers and stays within ``limit``."""
    caches["default"].clear()  # measure the page's own work, not the page cache
    with assert_max(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(captured)


def counts_at_two_sizes(client, pages_of, assert_max) -> list[str]:
    """Load each page with SMALL and with LARGE items of each kind; describe every page whose count changed."""
    focus = make_focus()
    grow(focus, SMALL)
    search_rebuild()
    pages = pages_of(focus)
    small = {url: count_queries(client, url, limit, assert_max) for url, limit in pages.items()}
    grow(focus, LARGE - SMALL)
    search_rebuild()
    large = {url: count_queries(client, url, limit, assert_max) for url, limit in pages.items()}
    return [f"{url}: {small[url]} -> {large[url]} queries" for url in pages if small[url] != large[url]]


@pytest.fixture
def anonymous(client, settings):
    settings.HUB_PAGE_CACHE_SECONDS = 0
    return client


@pytest.mark.django_db
def test_public_pages_run_the_same_queries_whatever_the_amount_of_content(anonymous, django_assert_max_num_queries):
    assert counts_at_two_sizes(anonymous, public_pages, django_assert_max_num_queries) == []


@pytest.mark.django_db
def test_news_and_calendar_feeds_run_the_same_queries_whatever_the_amount_of_content(
    anonymous, django_assert_max_num_queries
):
    assert counts_at_two_sizes(anonymous, feeds, django_assert_max_num_queries) == []


@pytest.mark.django_db
def test_api_lists_and_details_run_the_same_queries_whatever_the_amount_of_content(
    anonymous, django_assert_max_num_queries
):
    assert counts_at_two_sizes(anonymous, api, django_assert_max_num_queries) == []
