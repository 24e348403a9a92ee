"""A project's editors (and staff) register the feeds of the project's website in the workspace."""

import pytest
from django.urls import reverse
from django.utils import timezone

from hub.core.tests.factories import make_membership, make_project, make_staff
from hub.members.models import Role
from hub.news.models import Post
from hub.syndication.models import FeedSource, SyndicatedItem
from hub.syndication.services import feed_fetch

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def feeds_url(project) -> str:
    return reverse("workspace:project-feeds", args=[project.slug])


def delete_url(source) -> str:
    return reverse("workspace:project-feed-delete", args=[source.project.slug, source.pk])


def rows() -> list:
    return list(FeedSource.objects.order_by("pk").values())


@pytest.fixture
def projects():
    return make_project(acronym="ALPHA", slug="alpha"), make_project(acronym="BETA", slug="beta")


@pytest.fixture
def sources(projects):
    return tuple(
        FeedSource.objects.create(project=project, url=f"https://{project.slug}.example.eu/feed/")
        for project in projects
    )


@pytest.fixture
def editor(projects):
    return make_membership(project=projects[0], role=Role.EDITOR).user


# ---------------------------------------------------------------- who may do what


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("page", ["list", "delete"])
def test_anonymous_visitors_are_sent_to_login_and_change_nothing(client, sources, method, page):
    url = feeds_url(sources[0].project) if page == "list" else delete_url(sources[0])
    before = rows()

    response = getattr(client, method)(url, {"url": "https://evil.example/feed/"} if method == "post" else None)

    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN}?next=")
    assert rows() == before


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("page", ["list", "delete"])
def test_a_partner_who_does_not_edit_the_project_gets_404(client, projects, sources, method, page):
    client.force_login(make_membership(project=projects[0], role=Role.PARTNER).user)
    url = feeds_url(projects[0]) if page == "list" else delete_url(sources[0])
    before = rows()

    response = getattr(client, method)(url, {"url": "https://other.example.eu/feed/"} if method == "post" else None)

    assert response.status_code == 404
    assert rows() == before


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("page", ["list", "delete"])
def test_an_editor_of_a_gets_404_for_bs_feeds_and_b_stays_unchanged(client, sources, editor, method, page):
    url = feeds_url(sources[1].project) if page == "list" else delete_url(sources[1])
    client.force_login(editor)
    before = rows()

    response = getattr(client, method)(url, {"url": "https://taken.example.eu/feed/"} if method == "post" else None)

    assert response.status_code == 404
    assert rows() == before


def test_an_editor_cannot_reach_bs_feed_through_their_own_projects_address(client, sources, editor):
    client.force_login(editor)
    url = reverse("workspace:project-feed-delete", args=["alpha", sources[1].pk])

    assert client.post(url).status_code == 404
    assert FeedSource.objects.filter(pk=sources[1].pk).exists()


def test_an_editor_registers_a_feed_for_their_project(client, projects, editor, feed_server):
    client.force_login(editor)

    response = client.post(feeds_url(projects[0]), {"url": feed_server.url("/rss.xml"), "project": projects[1].pk})

    assert response.status_code == 302 and response["Location"] == feeds_url(projects[0])
    source = FeedSource.objects.get()
    assert (source.project, source.url, source.added_by, source.is_active) == (
        projects[0],
        feed_server.url("/rss.xml"),
        editor,
        True,
    )


def test_staff_register_and_remove_feeds_of_any_project(client, projects, sources):
    client.force_login(make_staff())

    assert client.post(feeds_url(projects[1]), {"url": "http://127.0.0.1:9/feed/"}).status_code == 302
    assert client.post(delete_url(sources[1])).status_code == 302
    assert list(FeedSource.objects.filter(project=projects[1]).values_list("url", flat=True)) == [
        "http://127.0.0.1:9/feed/"
    ]


# ---------------------------------------------------------------- the pages


def test_the_list_shows_the_projects_feeds_with_their_last_result(client, projects, sources, editor):
    FeedSource.objects.filter(pk=sources[0].pk).update(
        last_status="error", last_error="HTTP 500", last_fetched_at=timezone.now()
    )
    client.force_login(editor)

    page = client.get(feeds_url(projects[0])).content.decode()

    assert sources[0].url in page and "HTTP 500" in page and delete_url(sources[0]) in page
    assert sources[1].url not in page
    assert page.count("<h1") == 1 and 'for="id_url"' in page
    assert "no-store" in client.get(feeds_url(projects[0]))["Cache-Control"]


def test_a_feed_on_a_private_address_is_refused_in_production(client, projects, editor, settings):
    settings.HUB_FEEDS_ALLOW_PRIVATE_HOSTS = False
    client.force_login(editor)

    response = client.post(feeds_url(projects[0]), {"url": "http://127.0.0.1/"})

    assert response.status_code == 200
    assert "not a public web server" in str(response.context["form"].errors["url"])
    assert not FeedSource.objects.exists()


@pytest.mark.parametrize("url", ["ftp://alpha.example.eu/feed/", "not an address", ""])
def test_an_address_that_is_not_a_web_address_is_refused(client, projects, editor, url):
    client.force_login(editor)

    response = client.post(feeds_url(projects[0]), {"url": url})

    assert response.status_code == 200 and "url" in response.context["form"].errors
    assert not FeedSource.objects.exists()


def test_the_same_feed_cannot_be_registered_twice(client, projects, sources, editor):
    client.force_login(editor)

    response = client.post(feeds_url(projects[0]), {"url": sources[0].url})

    assert "already registered" in str(response.context["form"].errors["url"])
    assert FeedSource.objects.filter(project=projects[0]).count() == 1


def test_removing_a_feed_that_brought_nothing_deletes_it(client, sources, editor):
    client.force_login(editor)

    assert client.get(delete_url(sources[0])).status_code == 200
    response = client.post(delete_url(sources[0]))

    assert response.status_code == 302
    assert not FeedSource.objects.filter(pk=sources[0].pk).exists()


def test_a_removed_feed_registered_again_does_not_import_its_items_twice(client, projects, editor, feed_server):
    client.force_login(editor)
    client.post(feeds_url(projects[0]), {"url": feed_server.url("/rss-plain.xml")})
    source = FeedSource.objects.get()
    feed_fetch(source=source)

    client.post(delete_url(source))
    assert list(client.get(feeds_url(projects[0])).context["sources"]) == []
    client.post(feeds_url(projects[0]), {"url": feed_server.url("/rss-plain.xml")})

    source.refresh_from_db()
    assert source.is_active
    assert feed_fetch(source=source).imported == 0
    assert Post.objects.count() == 2 and SyndicatedItem.objects.count() == 2
