"""Deep pages: the news list pages over ids and then fetches one page of posts, and shows the same posts,
pager and errors as before; the first pages stay a single query."""

from datetime import timedelta

import pytest
from django.core.paginator import EmptyPage, Paginator
from django.utils import timezone

from hub.core import pagination
from hub.core.pagination import IdPaginator
from hub.core.tests.factories import make_project, make_published_post
from hub.news.models import Post

pytestmark = pytest.mark.django_db


@pytest.fixture
def posts():
    """25 public posts, one an hour, the newest first in the list; each with a project."""
    now = timezone.now()
    project = make_project()
    for n in range(25):
        make_published_post(title=f"Post {n:02d}", published_at=now - timedelta(hours=n + 1), projects=[project])
    return Post.objects.published().latest_first().for_list()


@pytest.fixture
def always_by_ids(monkeypatch):
    """Page over ids from the first page on, as deep pages of a big table do."""
    monkeypatch.setattr(pagination, "DIRECT_OFFSET_LIMIT", 0)


@pytest.mark.parametrize("orphans", [0, 2])
def test_every_page_holds_the_same_posts_as_with_djangos_paginator(posts, always_by_ids, orphans):
    ours, django = IdPaginator(posts, 4, orphans=orphans), Paginator(posts, 4, orphans=orphans)
    assert ours.num_pages == django.num_pages
    for number in django.page_range:
        assert [p.title for p in ours.page(number)] == [p.title for p in django.page(number)]
        assert ours.page(number).has_next() == django.page(number).has_next()


def test_a_page_past_the_end_is_refused_as_by_djangos_paginator(posts, always_by_ids):
    with pytest.raises(EmptyPage):
        IdPaginator(posts, 10).page(4)


def test_a_deep_page_keeps_the_prefetched_projects(posts, always_by_ids, django_assert_num_queries):
    paginator = IdPaginator(posts, 10)
    paginator.count  # noqa: B018 - counted once per list, outside what a page costs
    # The page's ids, its posts, their projects: the same three queries on any page.
    with django_assert_num_queries(3):
        page = paginator.page(3)
        assert [project.acronym for post in page for project in post.projects.all()]


def test_a_deep_news_page_shows_its_posts_and_the_pager(client, posts, always_by_ids):
    response = client.get("/news/", {"page": 3})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Post 20" in text and "Post 24" in text and "Post 19" not in text
    assert "Page 3 of 3" in text


def test_a_news_page_past_the_end_is_not_found(client, posts, always_by_ids):
    assert client.get("/news/", {"page": 99}).status_code == 404
