"""``manage.py fetch_feeds``: what cron runs; it prints one line per feed that brought news or failed, and a total."""

from io import StringIO

import pytest
from django.core.management import call_command

from hub.core.tests.factories import make_project
from hub.news.models import Post
from hub.syndication.models import FeedSource

pytestmark = pytest.mark.django_db


def fetch_feeds(*args) -> str:
    out = StringIO()
    call_command("fetch_feeds", *args, stdout=out)
    return out.getvalue()


def test_the_command_imports_every_active_feed_and_prints_a_summary(feed_server):
    alpha, beta = make_project(acronym="ALPHA"), make_project(acronym="BETA")
    FeedSource.objects.create(project=alpha, url=feed_server.url("/rss.xml"))
    FeedSource.objects.create(project=beta, url=feed_server.url("/atom.xml"))
    broken = FeedSource.objects.create(project=beta, url=feed_server.url("/error.xml"))

    output = fetch_feeds()

    assert f"ALPHA: {feed_server.url('/rss.xml')}: 2 new" in output
    assert f"{broken}: error: The server answered HTTP 500" in output
    assert "3 feeds fetched: 3 new posts submitted for review, 1 with errors." in output
    assert Post.objects.submitted().count() == 3


def test_a_second_run_reports_nothing_new(feed_server):
    FeedSource.objects.create(project=make_project(), url=feed_server.url("/rss.xml"))
    fetch_feeds()

    output = fetch_feeds()

    assert output.strip() == "1 feeds fetched: 0 new posts submitted for review, 0 with errors."
    assert Post.objects.count() == 2


def test_quiet_runs_print_only_errors(feed_server):
    FeedSource.objects.create(project=make_project(), url=feed_server.url("/rss.xml"))
    assert fetch_feeds("-v", "0") == ""

    broken = FeedSource.objects.create(project=make_project(), url=feed_server.url("/error.xml"))
    assert fetch_feeds("-v", "0").strip() == f"{broken}: error: The server answered HTTP 500 Internal Server Error."


def test_one_feed_can_be_fetched_alone(feed_server):
    project = make_project()
    wanted = FeedSource.objects.create(project=project, url=feed_server.url("/atom.xml"))
    FeedSource.objects.create(project=project, url=feed_server.url("/rss.xml"))

    output = fetch_feeds("--source", str(wanted.pk))

    assert "1 feeds fetched: 1 new posts" in output
    assert [path for path, _headers in feed_server.requests] == ["/atom.xml"]
