"""The news list keeps its total, its deep pages' ids and its filter drop-downs per content version
(hub/core/pagination.py): what a visitor sees must still change as soon as the content does."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from hub.core import pagination
from hub.core.tests.factories import make_project, make_published_post

pytestmark = pytest.mark.django_db

LIST_URL = "/news/"


def titles(response) -> list[str]:
    return re.findall(r'<h2 class="h5 card-title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def publish(title: str, hours_ago: float):
    return make_published_post(title=title, published_at=timezone.now() - timedelta(hours=hours_ago))


def test_a_new_post_is_counted_and_listed_at_once(client):
    publish("Older", 2)
    assert "1 post" in client.get(LIST_URL).content.decode()

    publish("Newer", 1)
    response = client.get(LIST_URL)

    assert "2 posts" in response.content.decode()
    assert titles(response) == ["Newer", "Older"]


def test_a_deep_page_moves_along_when_a_post_is_published(client, monkeypatch):
    monkeypatch.setattr(pagination, "DIRECT_OFFSET_LIMIT", 0)  # every page through the id query
    for hour in range(25):
        publish(f"Post {hour:02}", 10 + hour)
    assert titles(client.get(LIST_URL, {"page": 3})) == ["Post 20", "Post 21", "Post 22", "Post 23", "Post 24"]

    publish("Latest", 1)

    assert titles(client.get(LIST_URL, {"page": 3}))[:2] == ["Post 19", "Post 20"]


def test_a_new_project_is_offered_in_the_filter_at_once_and_a_chosen_one_stays_selected(client):
    publish("Anything", 1)
    client.get(LIST_URL)
    project = make_project(acronym="NEWPROJ")

    page = client.get(LIST_URL, {"project": project.slug}).content.decode()

    assert f'<option value="{project.slug}" selected>NEWPROJ</option>' in page
    assert f'<option value="{project.slug}">NEWPROJ</option>' in client.get(LIST_URL).content.decode()


def test_the_list_works_when_the_cache_is_down(client, monkeypatch):
    publish("Still listed", 1)

    def broken_cache():
        raise ConnectionError("Redis is restarting")

    monkeypatch.setattr(pagination.page_cache, "page_cache", broken_cache)
    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert titles(response) == ["Still listed"]
    assert "1 post" in response.content.decode()
