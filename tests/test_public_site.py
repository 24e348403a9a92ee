"""The whole public site on the demo content, as a visitor sees it: every page answers,
parses as HTML, has one h1, describes its images, sets no cookie and loads nothing from
another host."""

import re
import xml.etree.ElementTree as ET
from collections import Counter
from io import StringIO

import feedparser
import html5lib
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from hub.documents.models import Document
from hub.events.models import Event
from hub.members.models import Organisation, User
from hub.news.models import Post
from hub.projects.models import Project, Topic

STATIC_PAGES = [
    "/",
    "/about/",
    "/projects/",
    "/projects/landscape/",
    "/organisations/",
    "/news/",
    "/events/",
    "/events/past/",
    "/resources/",
    "/results/",
    "/contact/",
    "/contact/thanks/",
    "/accessibility/",
    "/privacy/",
    "/legal/",
]
# Pages that carry a form POSTing back to us need the CSRF cookie; nothing else may set one.
PAGES_WITH_A_FORM = {"/contact/"}
# <link rel="canonical"> and rel="alternate" name this page and its feeds; a browser loads neither.
NAMED_ONLY = r'(?![^>]*\brel="(?:canonical|alternate)")'
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
FOREIGN_ASSET = re.compile(
    rf'<(?:script|img|iframe|source|link{NAMED_ONLY})\b[^>]*\b(?:src|href)="(?:https?:)?//', re.I
)


@pytest.fixture
def demo_site(db):
    call_command("seed_demo", stdout=StringIO())


def all_public_urls() -> list[str]:
    urls = list(STATIC_PAGES)
    for model in (Project, Organisation, Topic):
        urls += [obj.get_absolute_url() for obj in model.objects.all()]
    urls += [obj.get_absolute_url() for obj in Post.objects.published()]
    urls += [obj.get_absolute_url() for obj in Event.objects.published()]
    return urls


def assert_well_formed(url: str, html: str) -> None:
    html5lib.HTMLParser(strict=True).parse(html)  # raises on any parse error
    assert len(re.findall(r"<h1[\s>]", html)) == 1, f"{url}: exactly one h1"
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert not [i for i, n in ids.items() if n > 1], f"{url}: duplicate ids"
    for img in re.findall(r"<img\b[^>]*>", html):
        assert re.search(r'\balt="[^"]*"', img), f"{url}: image without alt text: {img}"
    assert not FOREIGN_ASSET.search(html), f"{url}: loads a resource from another host"


@pytest.mark.django_db
def test_every_public_page_of_the_demo_site_answers_and_is_well_formed(demo_site, client):
    urls = all_public_urls()
    assert len(urls) > 60

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if url not in PAGES_WITH_A_FORM:
            assert not response.cookies, f"{url} sets a cookie"
        assert_well_formed(url, response.content.decode())


@pytest.mark.django_db
def test_the_2023_annual_meeting_page_shows_its_panels_moderator_and_speakers(demo_site, client):
    page = client.get("/events/annual-meeting-2023/").content.decode()

    for panel in (
        "Raw materials through research &amp; science",
        "Roles and challenges of industry and market for raw materials",
        "Sustainability, durability and social acceptance",
    ):
        assert panel in page
    assert "Moderator:" in page and "Xochitl Dominguez Benetton" in page
    for speaker in ("Edvarts Emerson", "Watt4Ever", "Benjamin P. Wilson", "Aalto University"):
        assert speaker in page
    assert "Anish Patil" in page and "Mapping the European battery material recycling landscape" in page


@pytest.mark.django_db
def test_every_demo_document_is_listed_on_the_resources_page(demo_site, client):
    page = client.get("/resources/").content.decode()
    for document in Document.objects.published():
        assert escape(document.title) in page


@pytest.mark.django_db
def test_the_demo_sitemap_lists_the_public_pages_and_every_demo_feed_parses(demo_site, client):
    index = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - our own sitemap
    listed = set()
    for section in index.iter(f"{SITEMAP_NS}loc"):
        sitemap = ET.fromstring(client.get(section.text).content)  # noqa: S314
        listed |= {loc.text.removeprefix("http://testserver") for loc in sitemap.iter(f"{SITEMAP_NS}loc")}
    people = {person.get_absolute_url() for person in User.objects.public_profiles()}
    must_list = {obj.get_absolute_url() for obj in [*Project.objects.all(), *Organisation.objects.all()]}
    must_list |= {obj.get_absolute_url() for obj in [*Post.objects.published(), *Event.objects.published()]}

    assert must_list <= listed <= set(all_public_urls()) | people

    published = set(Post.objects.published().values_list("title", flat=True))
    feeds = ["/news/feed/rss/", "/news/feed/atom/"]
    for obj in [*Topic.objects.all(), *Project.objects.all()]:
        scope = "topic" if isinstance(obj, Topic) else "project"
        feeds += [reverse(f"news:{scope}-feed-{kind}", args=[obj.slug]) for kind in ("rss", "atom")]
    for url in feeds:
        response = client.get(url)
        feed = feedparser.parse(response.content)
        assert response.status_code == 200 and not feed.bozo, url
        assert {entry.title for entry in feed.entries} <= published, url
        assert not response.cookies, f"{url} sets a cookie"
