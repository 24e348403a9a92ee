"""The anonymous page cache: who is served from it, what is never stored, and what retires it."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from hub.core.models import PublicationStatus
from hub.core.services import content_transition
from hub.core.tests.factories import make_membership, make_post, make_published_post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

NEWS = "/news/"
PAGES_SHOWING_POSTS = ["/", "/news/", "/news/feed/rss/", "/news/feed/atom/", "/sitemap-news.xml", "/api/posts/"]


def test_a_second_anonymous_visit_is_served_from_the_cache_without_touching_the_database(
    client, django_assert_num_queries
):
    make_published_post(title="Black mass refining")
    assert client.get(NEWS)["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        response = client.get(NEWS)
    assert response["X-Cache"] == "hit"
    assert "Black mass refining" in response.content.decode()


def test_a_logged_in_partner_never_gets_the_anonymous_page(client, partner):
    make_published_post(title="Black mass refining")
    client.get(NEWS)  # an anonymous visitor fills the cache
    client.force_login(partner)
    response = client.get(NEWS)
    assert "X-Cache" not in response
    assert reverse("workspace:dashboard") in response.content.decode()


def test_what_a_logged_in_partner_sees_is_never_stored_for_visitors(client, partner):
    client.force_login(partner)
    client.get(NEWS)
    client.logout()
    client.cookies.clear()
    response = client.get(NEWS)
    assert response["X-Cache"] == "miss"
    assert reverse("workspace:dashboard") not in response.content.decode()


def test_a_page_with_a_form_token_is_not_stored(client):
    """The contact form sets a CSRF cookie: caching it would hand one visitor's token to the next."""
    client.get("/contact/")
    client.cookies.clear()
    assert "X-Cache" not in client.get("/contact/")


def test_a_visitor_with_a_message_waiting_gets_a_fresh_page(client):
    client.get(NEWS)
    client.cookies["messages"] = "pending"
    assert "X-Cache" not in client.get(NEWS)


@pytest.mark.parametrize("path", ["/accounts/login/", "/workspace/", "/admin/login/"])
def test_private_areas_are_never_cached(client, path):
    client.get(path)
    client.cookies.clear()
    assert "X-Cache" not in client.get(path)


@pytest.mark.parametrize("path", PAGES_SHOWING_POSTS)
def test_publishing_shows_the_post_on_every_page_that_lists_posts(client, staff_user, path):
    draft = make_post(title="Direct lithium extraction pilot", status=PublicationStatus.SUBMITTED)
    assert draft.slug not in client.get(path).content.decode()
    content_transition(obj=draft, action="publish", by=staff_user)
    response = client.get(path)
    assert response["X-Cache"] == "miss"
    assert draft.slug in response.content.decode()  # the sitemap shows addresses, not titles


def test_editing_a_title_updates_the_cached_detail_and_list(client):
    post = make_published_post(title="Old title")
    client.get(post.get_absolute_url())
    client.get(NEWS)
    post.title = "New title"
    post.save()
    assert "New title" in client.get(post.get_absolute_url()).content.decode()
    assert "New title" in client.get(NEWS).content.decode()


def test_archiving_takes_the_post_off_the_cached_pages(client, staff_user):
    post = make_published_post(title="Soon withdrawn")
    for path in (NEWS, post.get_absolute_url()):
        client.get(path)
    content_transition(obj=post, action="archive", by=staff_user)
    assert "Soon withdrawn" not in client.get(NEWS).content.decode()
    assert client.get(post.get_absolute_url()).status_code == 404


def test_a_login_does_not_empty_the_cache(client, partner):
    client.get(NEWS)
    client.force_login(partner)
    partner.save(update_fields=["last_login"])
    client.logout()
    client.cookies.clear()
    assert client.get(NEWS)["X-Cache"] == "hit"


def test_linking_a_member_to_a_project_retires_the_cache(client):
    membership = make_membership()
    path = membership.project.get_absolute_url()
    client.get(path)
    membership.project.topics.create(name="Geothermal brines", slug="geothermal-brines")
    assert "Geothermal brines" in client.get(path).content.decode()


def test_browsers_can_revalidate_and_get_304_while_nothing_changed(client):
    make_published_post()
    first = client.get(NEWS)
    assert first["ETag"] and first["Last-Modified"]
    assert "must-revalidate" in first["Cache-Control"] and "public" in first["Cache-Control"]
    again = client.get(NEWS, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    make_published_post()
    assert client.get(NEWS, headers={"If-None-Match": first["ETag"]}).status_code == 200


def test_a_head_request_is_answered_from_the_cache_without_a_body(client):
    client.get(NEWS)
    response = client.head(NEWS)
    assert response["X-Cache"] == "hit"
    assert response.content == b""


def test_cached_api_answers_still_carry_cors_headers(client):
    client.get("/api/posts/")
    response = client.get("/api/posts/", headers={"Origin": "https://other.example"})
    assert response["X-Cache"] == "hit"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_zero_timeout_turns_the_cache_off(client, settings):
    settings.HUB_PAGE_CACHE_SECONDS = 0
    client.get(NEWS)
    assert "X-Cache" not in client.get(NEWS)


def test_pages_are_still_served_when_the_cache_is_down(client, monkeypatch):
    make_published_post(title="Served without a cache")

    def unavailable(*args, **kwargs):
        raise ConnectionError("cache server restarting")

    monkeypatch.setattr(caches["default"], "get", unavailable)
    monkeypatch.setattr(caches["default"], "set", unavailable)
    response = client.get(NEWS)
    assert response.status_code == 200
    assert "Served without a cache" in response.content.decode()


def test_a_publish_still_succeeds_when_the_cache_is_down(staff_user, monkeypatch):
    draft = make_post(status=PublicationStatus.SUBMITTED)

    def unavailable(*args, **kwargs):
        raise ConnectionError("cache server restarting")

    monkeypatch.setattr(caches["default"], "get", unavailable)
    monkeypatch.setattr(caches["default"], "set", unavailable)
    content_transition(obj=draft, action="publish", by=staff_user)
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.PUBLISHED
