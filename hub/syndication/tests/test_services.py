"""Importing member projects' feeds: new entries become submitted posts once, broken feeds are recorded
and never stop the others (against the real HTTP server of conftest.py)."""

import logging
from datetime import UTC, datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from hub.core.models import AuditEntry, PublicationStatus
from hub.core.tests.factories import make_project
from hub.news.models import Post
from hub.syndication.models import FeedSource, SyndicatedItem
from hub.syndication.services import feed_fetch, feeds_fetch_all

from .conftest import ETAG

pytestmark = pytest.mark.django_db


@pytest.fixture
def alpha():
    return make_project(acronym="ALPHA", slug="alpha")


def make_source(project, url: str, **fields) -> FeedSource:
    return FeedSource.objects.create(project=project, url=url, **fields)


def imported_posts(project):
    return Post.objects.filter(projects=project).order_by("pk")


# ---------------------------------------------------------------- a good feed


def test_a_good_rss_feed_becomes_posts_submitted_for_review_for_the_project(feed_server, alpha):
    source = make_source(alpha, feed_server.url("/rss.xml"))

    result = feed_fetch(source=source)

    assert (result.imported, result.error) == (2, "")
    older, newer = imported_posts(alpha)
    assert [older.title, newer.title] == ["Kick-off meeting", "Pilot plant & first black mass"]
    for post in (older, newer):
        assert post.status == PublicationStatus.SUBMITTED and post.submitted_at is not None
        assert post.kind == Post.Kind.NEWS and post.author is None and post.published_at is None
        assert list(post.projects.all()) == [alpha]
    assert newer.lead == "Our pilot plant produced its first black mass."
    assert 'href="https://alpha.example.eu/news/pilot-plant"' in newer.body
    assert "Read the original on alpha.example.eu" in newer.body
    assert "on 4 March 2025" in newer.body
    item = newer.syndicated_item
    assert (item.source, item.guid, item.original_url) == (
        source,
        "alpha-news-2",
        "https://alpha.example.eu/news/pilot-plant",
    )
    assert item.original_published_at == datetime(2025, 3, 4, 9, 0, tzinfo=UTC)
    source.refresh_from_db()
    assert (source.last_status, source.last_error, source.etag) == ("ok", "", ETAG)
    assert source.last_fetched_at is not None


def test_each_imported_post_has_an_import_line_in_the_audit_trail(feed_server, alpha):
    feed_fetch(source=make_source(alpha, feed_server.url("/rss.xml")))

    post = imported_posts(alpha).last()
    entry = AuditEntry.objects.get(content_type=ContentType.objects.get_for_model(Post), object_id=post.pk)
    assert (entry.action, entry.actor, entry.to_status) == ("import", None, "submitted")
    assert feed_server.url("/rss.xml") in entry.reason


def test_imported_posts_wait_in_the_moderation_queue(feed_server, alpha, staff_client):
    feed_fetch(source=make_source(alpha, feed_server.url("/rss.xml")))

    queue = staff_client.get(reverse("admin:moderation"))

    assert {item.obj for item in queue.context["items"]} == set(imported_posts(alpha))


def test_a_script_in_the_feed_never_reaches_the_post(feed_server, alpha):
    feed_fetch(source=make_source(alpha, feed_server.url("/rss.xml")))

    post = imported_posts(alpha).last()
    for text in (post.title, post.lead, post.body):
        assert "<script" not in text and "alert" not in text and "onerror" not in text
    assert "<strong>" not in post.lead  # the lead is plain text


def test_an_atom_feed_is_imported_with_its_title_as_plain_text(feed_server, alpha):
    feed_fetch(source=make_source(alpha, feed_server.url("/atom.xml")))

    (post,) = imported_posts(alpha)
    assert post.title == "Lithium from geothermal brines"
    assert post.lead == "Direct lithium extraction tested on site."
    assert post.syndicated_item.guid == "urn:uuid:beta-entry-1"
    assert "Read the original on beta.example.eu" in post.body


def test_imported_posts_are_not_public_until_staff_publish_them(feed_server, alpha, client):
    feed_fetch(source=make_source(alpha, feed_server.url("/rss.xml")))

    assert not Post.objects.published().exists()
    assert client.get(imported_posts(alpha).last().get_absolute_url()).status_code == 404


# ---------------------------------------------------------------- never twice


def test_a_second_run_imports_nothing_new_and_asks_with_the_etag(feed_server, alpha):
    source = make_source(alpha, feed_server.url("/rss.xml"))
    feed_fetch(source=source)

    result = feed_fetch(source=source)

    assert (result.imported, result.not_modified) == (0, True)
    assert imported_posts(alpha).count() == 2
    assert feed_server.requests[-1][1].get("If-None-Match") == ETAG


def test_a_server_without_conditional_get_still_gets_no_duplicates(feed_server, alpha):
    source = make_source(alpha, feed_server.url("/rss-plain.xml"))
    feed_fetch(source=source)

    result = feed_fetch(source=source)

    assert (result.imported, result.not_modified, result.error) == (0, False, "")
    assert imported_posts(alpha).count() == 2 and SyndicatedItem.objects.count() == 2


def test_an_entry_is_not_imported_again_after_staff_deleted_its_post(feed_server, alpha):
    source = make_source(alpha, feed_server.url("/rss-plain.xml"))
    feed_fetch(source=source)
    imported_posts(alpha).delete()

    assert feed_fetch(source=source).imported == 0
    assert not imported_posts(alpha).exists()
    assert list(SyndicatedItem.objects.values_list("post", flat=True)) == [None, None]


def test_a_new_entry_is_imported_on_the_next_run(feed_server, alpha):
    source = make_source(alpha, feed_server.url("/rss-plain.xml"))
    feed_fetch(source=source)
    newer = b"""<item><title>Third news</title><link>https://alpha.example.eu/news/3</link>
      <guid>alpha-news-3</guid><pubDate>Wed, 02 Apr 2025 09:00:00 GMT</pubDate></item>"""
    status, headers, body = feed_server.routes["/rss-plain.xml"]
    feed_server.routes["/rss-plain.xml"] = (status, headers, body.replace(b"<item>", newer + b"<item>", 1))

    assert feed_fetch(source=source).imported == 1
    assert imported_posts(alpha).last().title == "Third news"


def test_one_fetch_considers_only_the_newest_entries(feed_server, alpha, settings):
    settings.HUB_FEED_MAX_ENTRIES = 1

    feed_fetch(source=make_source(alpha, feed_server.url("/rss-plain.xml")))

    assert list(imported_posts(alpha).values_list("title", flat=True)) == ["Pilot plant & first black mass"]


def test_a_redirect_within_the_same_host_is_followed(feed_server, alpha):
    result = feed_fetch(source=make_source(alpha, feed_server.url("/moved.xml")))

    assert (result.imported, result.error) == (2, "")


# ---------------------------------------------------------------- broken feeds


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/malformed.xml", "not well-formed"),
        ("/not-a-feed/", "not an RSS or Atom feed"),
        ("/slow.xml", "seconds"),
        ("/drip.xml", "seconds"),
        ("/big.xml", "larger than 2000 bytes"),
        ("/big-declared.xml", "larger than 2000 bytes"),
        ("/away.xml", "another host (localhost)"),
        ("/elsewhere.xml", "another host (feeds.invalid)"),
        ("/error.xml", "HTTP 500"),
        ("/missing.xml", "HTTP 404"),
    ],
)
def test_a_broken_feed_is_recorded_as_an_error_and_logged(feed_server, alpha, settings, caplog, path, message):
    settings.HUB_FEED_TIMEOUT = 0.3
    settings.HUB_FEED_MAX_BYTES = 2000
    source = make_source(alpha, feed_server.url(path))

    with caplog.at_level(logging.WARNING, logger="hub.syndication"):
        result = feed_fetch(source=source)

    assert message in result.error
    source.refresh_from_db()
    assert source.last_status == "error" and message in source.last_error
    assert not imported_posts(alpha).exists() and not SyndicatedItem.objects.exists()
    assert any(message in record.getMessage() for record in caplog.records)


def test_a_redirect_to_another_host_is_never_requested(feed_server, alpha):
    feed_fetch(source=make_source(alpha, feed_server.url("/away.xml")))

    assert [path for path, _headers in feed_server.requests] == ["/away.xml"]


def test_broken_feeds_do_not_stop_the_others_in_the_same_run(feed_server, alpha, settings):
    settings.HUB_FEED_TIMEOUT = 0.3
    beta = make_project(acronym="BETA")
    for path in ("/malformed.xml", "/slow.xml", "/error.xml"):
        make_source(alpha, feed_server.url(path))
    make_source(alpha, feed_server.url("/rss-plain.xml"))
    make_source(beta, feed_server.url("/atom.xml"))

    results = feeds_fetch_all()

    assert [r.imported for r in results] == [0, 0, 0, 2, 1]
    assert [bool(r.error) for r in results] == [True, True, True, False, False]
    assert imported_posts(alpha).count() == 2 and imported_posts(beta).count() == 1


def test_an_error_clears_once_the_feed_is_fixed(feed_server, alpha):
    source = make_source(alpha, feed_server.url("/rss-plain.xml"))
    feed_server.routes["/rss-plain.xml"] = feed_server.routes["/error.xml"]
    feed_fetch(source=source)
    del feed_server.routes["/rss-plain.xml"]
    feed_server.routes["/rss-plain.xml"] = feed_server.routes["/atom.xml"]

    feed_fetch(source=source)

    source.refresh_from_db()
    assert (source.last_status, source.last_error) == ("ok", "")


def test_inactive_feeds_are_not_fetched(feed_server, alpha):
    make_source(alpha, feed_server.url("/rss-plain.xml"), is_active=False)

    assert feeds_fetch_all() == []
    assert feed_server.requests == []


def test_a_feed_on_a_private_address_is_not_fetched_in_production(feed_server, alpha, settings):
    source = make_source(alpha, feed_server.url("/rss-plain.xml"))
    settings.HUB_FEEDS_ALLOW_PRIVATE_HOSTS = False

    result = feed_fetch(source=source)

    assert "not a public web server" in result.error
    assert feed_server.requests == []


def test_entries_without_id_or_link_are_skipped_and_long_texts_are_shortened(feed_server, alpha):
    long_title, long_summary = "Recycling " * 40, "Black mass. " * 100
    feed_server.routes["/odd.xml"] = (
        200,
        {"Content-Type": "application/rss+xml"},
        f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Odd</title><link>https://alpha.example.eu/</link>
        <item><title>No id, no link</title><description>Lost.</description></item>
        <item><title>{long_title}</title><guid isPermaLink="false">{"x" * 600}</guid>
          <description>{long_summary}</description></item>
        <item><guid>https://alpha.example.eu/untitled</guid></item>
        </channel></rss>""".encode(),
    )

    result = feed_fetch(source=make_source(alpha, feed_server.url("/odd.xml")))

    assert result.imported == 2
    long, untitled = (
        imported_posts(alpha).get(title__startswith="Recycling"),
        imported_posts(alpha).get(title="News from ALPHA"),
    )
    assert len(long.title) == 200 and long.title.endswith("…")
    assert len(long.lead) == 600 and long.lead.endswith("…")
    assert long.syndicated_item.guid.startswith("sha256:")
    assert "Read the original on alpha.example.eu" in long.body
    assert untitled.syndicated_item.original_url == "https://alpha.example.eu/untitled"
