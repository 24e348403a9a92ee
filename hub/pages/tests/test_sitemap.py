import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from hub.core.tests.factories import (
    make_document,
    make_event,
    make_organisation,
    make_post,
    make_project,
    make_published_event,
    make_published_post,
    make_topic,
    make_user,
)
from hub.news.models import Post
from hub.news.sitemaps import PostSitemap
from hub.pages.models import Page

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SITE = "http://testserver"
HIDDEN_STATES = ["draft", "submitted", "rejected", "archived"]


def read_xml(client, url: str, tag: str) -> dict[str, str | None]:
    """The ``tag`` entries (url or sitemap) of an XML sitemap file: each address (without the site) and its lastmod."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own sitemap
    entries = {}
    for entry in root.findall(f"sm:{tag}", NS):
        location = entry.findtext("sm:loc", namespaces=NS)
        assert location.startswith(SITE)
        entries[location.removeprefix(SITE)] = entry.findtext("sm:lastmod", namespaces=NS)
    return entries


def read_sitemap(client) -> dict[str, str | None]:
    """Every address of every section page the index names (without the site), each with its lastmod or None."""
    entries = {}
    for section_page in read_xml(client, "/sitemap.xml", "sitemap"):
        entries.update(read_xml(client, section_page, "url"))
    return entries


def hidden_posts_and_events(**fields):
    """A post and an event in every state the public must not see, scheduled included."""
    tomorrow = timezone.now() + timedelta(days=1)
    hidden = [make_published_post(published_at=tomorrow, **fields), make_published_event(published_at=tomorrow)]
    for state in HIDDEN_STATES:
        hidden += [make_post(status=state, published_at=timezone.now(), **fields), make_event(status=state)]
    return hidden


def test_the_sitemap_lists_every_public_object_with_its_last_change(client):
    topic = make_topic()
    post = make_published_post()
    post.topics.set([topic])
    event = make_published_event(starts_at=timezone.now() - timedelta(days=400))
    project, organisation = make_project(), make_organisation()
    person = make_user(full_name="Ana Public", public_profile=True)
    Page.objects.update_or_create(slug="about", defaults={"title": "About"})

    entries = read_sitemap(client)

    for obj in (post, event, project, organisation, topic):
        assert entries[obj.get_absolute_url()], f"{obj} has a lastmod"
    assert entries[post.get_absolute_url()] == timezone.localdate(post.updated_at).isoformat()
    for url in ("/", "/about/", "/news/", "/events/", "/events/past/", "/projects/", "/organisations/"):
        assert entries[url], f"{url} is listed with a lastmod"
    assert person.get_absolute_url() in entries


def test_the_sitemap_lists_nothing_unpublished_scheduled_or_private(client):
    hidden = hidden_posts_and_events()
    empty_topic = make_topic()
    for post in hidden[::2]:
        post.topics.set([empty_topic])
    make_user(full_name="Private Person")
    gone = make_user(full_name="Gone Person", public_profile=True)
    gone.is_active = False
    gone.save()

    entries = read_sitemap(client)

    for obj in hidden:
        assert obj.get_absolute_url() not in entries, f"{obj.status} {obj} is not listed"
    assert empty_topic.get_absolute_url() not in entries  # its archive shows no news
    assert not [url for url in entries if url.startswith("/people/")]
    assert not [url for url in entries if url.startswith(("/workspace/", "/admin/", "/accounts/"))]


def test_a_topic_is_dated_by_its_newest_public_post(client):
    topic = make_topic()
    old = make_published_post(published_at=timezone.now() - timedelta(days=30))
    old.topics.set([topic])
    Post.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=30))
    hidden_posts_and_events()[0].topics.set([topic])  # a scheduled post does not date the archive

    entries = read_sitemap(client)

    assert entries[topic.get_absolute_url()] == timezone.localdate(old.published_at).isoformat()


def test_a_page_whose_text_staff_deleted_is_not_listed(client):
    Page.objects.filter(slug="legal").delete()

    assert "/legal/" not in read_sitemap(client)


def test_the_sitemap_sets_no_cookie(client):
    assert not client.get("/sitemap.xml").cookies


def test_the_sitemap_is_an_index_of_sections_each_split_into_pages(client, monkeypatch):
    monkeypatch.setattr(PostSitemap, "limit", 2)
    posts = [make_published_post(published_at=timezone.now() - timedelta(hours=hour)) for hour in range(5)]

    index = read_xml(client, "/sitemap.xml", "sitemap")

    news_pages = [url for url in index if url.startswith("/sitemap-news.xml")]
    assert news_pages == ["/sitemap-news.xml", "/sitemap-news.xml?p=2", "/sitemap-news.xml?p=3"]
    assert index["/sitemap-news.xml"].startswith(timezone.localdate(posts[0].updated_at).isoformat())
    assert {"/sitemap-pages.xml", "/sitemap-events.xml", "/sitemap-people.xml"} <= set(index)
    assert list(read_xml(client, "/sitemap-news.xml?p=3", "url")) == [posts[4].get_absolute_url()]
    assert client.get("/sitemap-news.xml?p=4").status_code == 404
    assert client.get("/sitemap-news.xml?p=abc").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_each_sitemap_page_takes_the_same_number_of_queries_however_many_objects_it_lists(
    client, django_assert_max_num_queries
):
    def add_content(count):
        for _ in range(count):
            topic = make_topic()
            make_published_post().topics.set([topic])
            make_published_event()
            make_document(status="published", projects=[make_project()])
            make_organisation()
            make_user(public_profile=True)

    # The index: a count and a date per section; the site pages: one date per list (results: 2).
    limits = {"/sitemap.xml": 24, "/sitemap-pages.xml": 11, "/sitemap-news.xml": 2, "/sitemap-topics.xml": 2}
    add_content(1)
    for url, limit in limits.items():
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200
    add_content(8)
    for url, limit in limits.items():
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200
    entries = read_sitemap(client)
    assert len([url for url in entries if url.startswith("/news/topic/")]) == 9
    assert len([url for url in entries if url.startswith("/people/")]) == 9


def test_robots_txt_keeps_crawlers_out_of_private_areas_and_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/workspace/", "/admin/", "/accounts/"):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines  # the index
    assert not response.cookies


def test_robots_txt_names_the_sitemap_on_the_address_it_was_asked_on(client):
    lines = client.get("/robots.txt", secure=True).content.decode().splitlines()

    assert "Sitemap: https://testserver/sitemap.xml" in lines
