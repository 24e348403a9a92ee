"""Search at scale: counts stop at a cap, headlines are made for the page only, candidates keep titles first.

The caps are lowered here so that a handful of entries stands for 100,000.
"""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hub.core.tests.factories import make_project, make_published_post
from hub.search import selectors
from hub.search.selectors import search

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")


@pytest.fixture
def small_caps(monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    monkeypatch.setattr(selectors, "RECENT_CANDIDATES", 3)
    monkeypatch.setattr(selectors, "TITLE_CANDIDATES", 3)


@pytest.mark.django_db
def test_counts_stop_at_the_cap_and_say_so(client, small_caps):
    for i in range(5):
        make_published_post(title=f"Cobalt news {i}")
    make_project(acronym="COBALT")

    page = client.get("/search/", {"q": "cobalt"}).content.decode()
    api = client.get("/api/search/", {"q": "cobalt"}).json()

    assert "All (4+)" in page and "News (3+)" in page and "Project (1)" in page
    assert (api["total"], api["capped"], api["count"]) == ("4+", True, 3)


@pytest.mark.django_db
def test_counts_below_the_cap_are_exact(client, small_caps):
    make_published_post(title="Nickel news")
    make_project(acronym="NICKEL")

    api = client.get("/api/search/", {"q": "nickel"}).json()
    results = search("nickel")

    assert (api["total"], api["capped"], api["count"]) == ("2", False, 2)
    assert results.counts == {"post": 1, "project": 1} and not results.capped


@pytest.mark.django_db
def test_the_last_listed_page_says_more_match(client, small_caps):
    for i in range(5):
        make_published_post(title=f"Zinc news {i}")

    page = client.get("/search/", {"q": "zinc"}).content.decode()

    assert page.count('<li class="mb-4">') == 3
    assert "Only the first 3 results are listed" in page


@postgresql_only
@pytest.mark.django_db
def test_headlines_are_made_for_the_page_only(client):
    for i in range(25):
        make_published_post(title=f"Graphite news {i}", body="<p>Natural graphite from Europe.</p>")

    with CaptureQueriesContext(connection) as queries:
        page = client.get("/search/", {"q": "graphite"}).content.decode()

    headline_queries = [q["sql"] for q in queries if "ts_headline" in q["sql"]]
    assert len(headline_queries) == 1 and "@@" not in headline_queries[0]
    listed = re.search(r"IN \(([\d, ]+)\)", headline_queries[0]).group(1)
    assert len(listed.split(",")) == 20
    assert page.count("<mark>") >= 20


@postgresql_only
@pytest.mark.django_db
def test_past_the_cap_an_old_title_match_still_ranks_first(small_caps):
    make_published_post(title="Graphite anodes", published_at=timezone.now() - timedelta(days=900))
    for i in range(5):
        make_published_post(title=f"Update {i}", body="<p>Notes on graphite.</p>")

    results = search("graphite")

    assert results.capped
    assert [entry.title for entry in results.entries][:1] == ["Graphite anodes"]
    assert len(results.entries) == 3


@postgresql_only
@pytest.mark.django_db
def test_the_trigram_suggestion_runs_only_for_few_results():
    for i in range(3):
        make_published_post(title=f"Manganese news {i}")

    with CaptureQueriesContext(connection) as many:
        search("manganese")
    with CaptureQueriesContext(connection) as none:
        results = search("manganeze")

    assert not any("similarity(" in q["sql"] for q in many)
    assert any("similarity(" in q["sql"] for q in none)
    assert results.suggestion.startswith("Manganese news")
