"""The news widget member projects embed on their websites, and the page that explains it."""

import re
from datetime import timedelta

import html5lib
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hub.core.models import PublicationStatus
from hub.core.tests.factories import make_post, make_project, make_published_post, make_user

pytestmark = pytest.mark.django_db
WIDGET = reverse("syndication:news-widget")
HELP = reverse("syndication:widget-help")


def titles(response) -> list[str]:
    return [post.title for post in response.context["posts"]]


def published(n: int, **fields) -> list:
    now = timezone.now()
    return [make_published_post(published_at=now - timedelta(hours=i + 1), **fields) for i in range(n)]


def test_the_widget_lists_the_five_latest_published_posts(client):
    project = make_project(acronym="ALPHA")
    posts = published(7, projects=[project])

    response = client.get(WIDGET)

    assert response.status_code == 200
    assert titles(response) == [post.title for post in posts[:5]]
    page = response.content.decode()
    assert f'href="{posts[0].get_absolute_url()}" target="_blank" rel="noopener"' in page
    assert "ALPHA" in page and f'datetime="{posts[0].published_at:%Y-%m-%d}' in page


def test_the_widget_shows_only_published_posts(client):
    public = make_published_post(title="Public news")
    make_post(title="A draft")
    make_post(title="Waiting for review", status=PublicationStatus.SUBMITTED)
    make_post(title="Archived", status=PublicationStatus.ARCHIVED, published_at=timezone.now() - timedelta(days=1))
    make_published_post(title="Scheduled", published_at=timezone.now() + timedelta(days=1))

    assert titles(client.get(WIDGET)) == [public.title]


def test_the_widget_shows_one_projects_news(client):
    alpha, beta = make_project(slug="alpha", acronym="ALPHA"), make_project(slug="beta")
    ours = make_published_post(projects=[alpha])
    make_published_post(projects=[beta])

    response = client.get(WIDGET, {"project": "alpha"})

    assert titles(response) == [ours.title]
    assert "Latest news of ALPHA" in response.content.decode()


def test_an_unknown_project_gives_a_framable_404_page(client):
    make_published_post()

    response = client.get(WIDGET, {"project": "<nope>"})

    assert response.status_code == 404
    assert titles(response) == []
    assert "There is no project “&lt;nope&gt;”" in response.content.decode()
    assert "X-Frame-Options" not in response


@pytest.mark.parametrize(
    ("limit", "shown"), [("1", 1), ("3", 3), ("10", 10), ("0", 1), ("-5", 1), ("99", 10), ("x", 5), ("", 5)]
)
def test_the_limit_stays_between_1_and_10(client, limit, shown):
    published(12)

    assert len(titles(client.get(WIDGET, {"limit": limit}))) == shown


def test_any_site_may_frame_the_widget_but_no_other_page(client):
    response = client.get(WIDGET)

    assert "X-Frame-Options" not in response
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert client.get(reverse("news:post-list"))["X-Frame-Options"] == "DENY"
    assert client.get(HELP)["X-Frame-Options"] == "DENY"


def test_the_widget_sets_no_cookie_even_for_a_signed_in_visitor(client):
    make_published_post()
    assert not client.get(WIDGET).cookies

    client.force_login(make_user())
    assert not client.get(WIDGET).cookies


@pytest.mark.parametrize("query", [{}, {"project": "alpha"}])
def test_the_widget_costs_the_same_queries_for_one_post_or_ten(client, query):
    alpha = make_project(slug="alpha")
    published(1, projects=[alpha, make_project()])
    with CaptureQueriesContext(connection) as one:
        client.get(WIDGET, query)
    published(9, projects=[alpha, make_project()])

    with CaptureQueriesContext(connection) as ten:
        response = client.get(WIDGET, query)

    assert len(titles(response)) == 5
    assert len(ten) == len(one) <= 3


def test_the_widget_is_a_small_accessible_page_of_its_own(client):
    make_published_post(title='<img src=x onerror="alert(1)">')

    response = client.get(WIDGET)

    page = response.content.decode()
    assert page.startswith("<!doctype html>") and '<html lang="en">' in page
    assert "<title>" in page and page.count("<h1") == 1 and "<ul>" in page
    assert "/static/css/widget.css" in page and "bootstrap" not in page and "<script" not in page
    assert "&lt;img src=x onerror=" in page and "<img" not in page
    assert len(response.content) < 8 * 1024
    assert "public" in response["Cache-Control"]


def test_the_help_page_gives_the_code_to_copy_and_a_preview(client):
    make_project(slug="licorne", acronym="LiCORNE")
    make_project(slug="alpha", acronym="ALPHA")

    response = client.get(HELP)

    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "&lt;iframe src=&quot;http://testserver/widget/news/?project=licorne&quot; "
        "title=&quot;Latest news from the Cluster Hub&quot; width=&quot;100%&quot; height=&quot;420&quot; "
        "loading=&quot;lazy&quot;&gt;&lt;/iframe&gt;"
    ) in page
    assert f'<iframe src="{WIDGET}" title="Latest news from the Cluster Hub (preview)"' in page
    assert page.count("<h1") == 1 and "skip-link" in page
    assert not response.cookies


@pytest.mark.parametrize("url", [WIDGET, f"{WIDGET}?project=alpha&limit=2", HELP])
def test_the_widget_pages_are_well_formed_html_loading_nothing_from_another_host(client, url):
    make_published_post(projects=[make_project(slug="alpha")])

    page = client.get(url).content.decode()

    html5lib.HTMLParser(strict=True).parse(page)
    assert len(re.findall(r"<h1[\s>]", page)) == 1
    named_only = r'(?![^>]*\brel="(?:canonical|alternate)")'  # links a browser does not load
    assert not re.search(rf'<(?:script|img|iframe|link{named_only})\b[^>]*\b(?:src|href)="(?:https?:)?//', page)
