"""Canonical address, OpenGraph and Twitter card tags in every public page's head."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import timezone

from hub.core.tests.factories import (
    make_organisation,
    make_project,
    make_published_event,
    make_published_post,
    make_topic,
)
from hub.core.tests.images import gif_upload

pytestmark = pytest.mark.django_db

SITE = "http://testserver"


class HeadTags(HTMLParser):
    """The head's <title>, <meta> values (by name or property) and <link rel="canonical">, as a browser reads them."""

    def __init__(self, html: str):
        super().__init__()
        self.meta, self.canonical, self.title, self._in_title = {}, [], "", False
        self.feed(html.split("</head>")[0])

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs["name"]] = attrs["content"]
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical.append(attrs["href"])
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False


def head_of(client, url: str) -> HeadTags:
    response = client.get(url)
    assert response.status_code == 200, url
    return HeadTags(response.content.decode())


def assert_shareable(head: HeadTags, *, url: str, title: str, og_type: str = "website") -> None:
    assert head.canonical == [f"{SITE}{url}"]
    assert head.meta["og:url"] == f"{SITE}{url}"
    assert head.meta["og:site_name"] == "Cluster Hub"
    assert head.meta["og:type"] == og_type
    assert head.meta["og:title"] == title
    assert head.title.startswith(f"{title} · ")
    assert head.meta["og:description"] == head.meta["description"] != ""


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/", "Home"),
        ("/about/", "About the hub"),
        ("/projects/", "Member projects"),
        ("/events/", "Upcoming events"),
        ("/news/", "News"),
    ],
)
def test_lists_and_the_hubs_own_pages_carry_canonical_and_sharing_tags(client, url, title):
    head = head_of(client, url)

    assert_shareable(head, url=url, title=title)
    assert head.meta["twitter:card"] == "summary"
    assert "og:image" not in head.meta


def test_the_canonical_address_of_a_list_drops_its_filters_and_keeps_its_page_number(client):
    for n in range(12):
        make_published_post(published_at=timezone.now() - timedelta(days=n + 1))

    assert head_of(client, "/news/?kind=news&page=2").canonical == [f"{SITE}/news/?page=2"]
    assert head_of(client, "/news/?page=1&kind=news").canonical == [f"{SITE}/news/"]
    assert head_of(client, "/news/?utm_source=x").canonical == [f"{SITE}/news/"]


def test_a_topic_archive_is_shared_under_its_own_address(client):
    topic = make_topic(name="Lithium")

    head = head_of(client, f"{topic.get_absolute_url()}?kind=news")

    assert_shareable(head, url=topic.get_absolute_url(), title="News on Lithium")


def test_a_post_is_shared_as_an_article_with_its_featured_image_large(client):
    post = make_published_post(
        title="Cats & dogs' batteries", lead="A lead.", featured_image=gif_upload(), featured_image_alt="Two pets"
    )

    head = head_of(client, post.get_absolute_url())

    assert_shareable(head, url=post.get_absolute_url(), title="Cats & dogs' batteries", og_type="article")
    assert head.meta["og:description"] == "A lead."
    assert head.meta["og:image"] == f"{SITE}{post.featured_image.url}"
    assert head.meta["og:image:alt"] == "Two pets"
    assert head.meta["twitter:card"] == "summary_large_image"
    assert head.meta["article:published_time"] == timezone.localtime(post.published_at).isoformat()


def test_a_post_without_an_image_gets_a_small_card(client):
    post = make_published_post()

    head = head_of(client, post.get_absolute_url())

    assert "og:image" not in head.meta
    assert head.meta["twitter:card"] == "summary"


def test_an_event_is_shared_with_its_title_and_summary(client):
    event = make_published_event(title="Workshop <on> lithium", summary="Talks & visits.")

    head = head_of(client, event.get_absolute_url())

    assert_shareable(head, url=event.get_absolute_url(), title="Workshop <on> lithium")
    assert head.meta["og:description"] == "Talks & visits."


def test_a_project_and_an_organisation_are_shared_with_their_logo_on_a_small_card(client):
    project = make_project(acronym="RELiEF", full_title="", logo=gif_upload("relief.gif"))
    organisation = make_organisation(name="KU Leuven", logo=gif_upload("kul.gif"))

    for obj, title in ((project, "RELiEF"), (organisation, "KU Leuven")):
        head = head_of(client, obj.get_absolute_url())
        assert_shareable(head, url=obj.get_absolute_url(), title=title)
        assert head.meta["og:image"] == f"{SITE}{obj.logo.url}"
        assert head.meta["og:image:alt"] == f"{title} logo"
        assert head.meta["twitter:card"] == "summary"


def test_render_block_gives_the_most_specific_definition_of_a_block_once_escaped(tmp_path, settings):
    (tmp_path / "parent.html").write_text(
        '{% load hub %}{% block title %}Hub{% endblock %}|{% render_block "title" %}|[{% render_block "nothing" %}]'
    )
    (tmp_path / "child.html").write_text(
        '{% extends "parent.html" %}{% block title %} {{ name }} · {{ block.super }} {% endblock %}'
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]

    assert render_to_string("child.html", {"name": "R&D"}) == " R&amp;D · Hub |R&amp;D · Hub|[]"


def test_absolute_url_uses_the_site_address_when_there_is_no_request(settings):
    settings.HUB_SITE_URL = "https://hub.example.eu"

    html = Template("{% load hub %}{% absolute_url '/news/' %}|{% canonical_url %}").render(Context({}))

    assert html == "https://hub.example.eu/news/|"
