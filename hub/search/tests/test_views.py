"""The search page and the API endpoint: any query answers, nothing hidden shows, queries stay few."""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hub.core.models import PublicationStatus
from hub.core.tests.factories import make_post, make_project, make_published_post, make_user

NASTY = ["", "   ", "\x00", "lith\x00ium", "\" ' & | ! : * ( ) <->", "'; DROP TABLE search_searchentry; --",
         "🔋 électrolyte 锂", "x" * 10_000, "<script>alert(1)</script>", "!!!", "a:*", "%", "_", "-",
         "or"]  # fmt: skip


@pytest.mark.django_db
def test_an_empty_query_shows_the_prompt(client):
    response = client.get("/search/")

    assert response.status_code == 200
    assert b"Type a few words" in response.content
    assert not response.cookies


@pytest.mark.django_db
def test_the_page_lists_results_with_kind_counts_and_sets_no_cookie(client):
    make_published_post(title="Cobalt news")
    make_project(acronym="COBALT")

    response = client.get("/search/", {"q": "cobalt"})
    page = response.content.decode()

    assert response.status_code == 200 and not response.cookies
    assert "Cobalt news" in page and "COBALT" in page
    assert "All (2)" in page and "News (1)" in page and "Project (1)" in page


@pytest.mark.django_db
def test_hidden_posts_and_private_people_never_reach_the_page_or_the_api(client):
    make_post(title="Hidden draft lithium", status=PublicationStatus.DRAFT)
    make_published_post(title="Hidden scheduled lithium", published_at=timezone.now() + timedelta(days=1))
    make_post(title="Hidden rejected lithium", status=PublicationStatus.REJECTED)
    make_user(full_name="Hidden Lithium Person", bio="lithium")

    page = client.get("/search/", {"q": "lithium"}).content.decode()
    api = client.get("/api/search/", {"q": "lithium"}).json()

    assert "Hidden" not in page and "All (0)" in page
    assert api["count"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize("query", NASTY)
def test_nasty_queries_answer_a_page(client, query):
    make_published_post(title="Lithium news")

    assert client.get("/search/", {"q": query}).status_code == 200
    assert client.get("/api/search/", {"q": query}).status_code == 200


@pytest.mark.django_db
def test_invalid_api_filters_are_a_400_with_the_reason(client):
    response = client.get("/api/search/", {"q": "x", "project": "bad\x00slug", "year": "soon"})

    assert response.status_code == 400
    assert set(response.json()) == {"project", "year"}


@pytest.mark.django_db
def test_the_api_finds_by_kind_and_gives_absolute_urls(client):
    make_published_post(title="Nickel news")
    make_project(acronym="NICKEL")

    body = client.get("/api/search/", {"q": "nickel", "kind": "post"}).json()

    assert [result["title"] for result in body["results"]] == ["Nickel news"]
    assert body["results"][0]["url"].startswith("http://testserver/news/")


@pytest.mark.django_db
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.one_of(st.text(max_size=300), st.sampled_from(NASTY)))
def test_any_query_string_answers_200_or_400(client, query):
    for url in ("/search/", "/api/search/"):
        assert client.get(url, {"q": query, "kind": "post"}).status_code in (200, 400)


@pytest.mark.django_db
def test_the_results_page_takes_the_same_queries_for_few_and_many_results(client, django_assert_max_num_queries):
    def results_page_queries(n):
        for i in range(n):
            make_published_post(title=f"Zinc news {i}", projects=[make_project()])
        with django_assert_max_num_queries(6):
            assert client.get("/search/", {"q": "zinc"}).status_code == 200

    results_page_queries(3)
    results_page_queries(30)
