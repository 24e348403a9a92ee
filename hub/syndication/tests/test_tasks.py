"""The worker fetches member projects' feeds on its own, once per HUB_FEED_INTERVAL however many workers run."""

import pytest
from django.core.cache import caches
from django_tasks_db.models import DBTaskResult

from hub.core.tests.factories import make_project
from hub.core.tests.worker import run_worker, use_database_tasks
from hub.news.models import Post
from hub.syndication.models import FeedSource
from hub.syndication.tasks import CLAIM_KEY, feed_fetch_schedule

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def database_tasks(settings, monkeypatch):
    use_database_tasks(settings, monkeypatch)
    settings.HUB_FEED_INTERVAL = 1800


def test_the_worker_imports_new_feed_items_for_review_once_a_fetch_is_scheduled(feed_server):
    FeedSource.objects.create(project=make_project(acronym="ALPHA"), url=feed_server.url("/rss.xml"))

    assert feed_fetch_schedule() is True
    assert Post.objects.submitted().count() == 0  # queued, not fetched in the caller
    run_worker()

    assert Post.objects.submitted().count() == 2
    result = DBTaskResult.objects.get(queue_name="feeds")
    assert (result.status, result.return_value) == ("SUCCESSFUL", {"feeds": 1, "imported": 2, "errors": 0})


def test_two_workers_asking_within_the_interval_queue_one_fetch():
    assert [feed_fetch_schedule(), feed_fetch_schedule()] == [True, False]
    assert DBTaskResult.objects.filter(queue_name="feeds").count() == 1


def test_the_next_fetch_is_queued_once_the_interval_has_passed():
    feed_fetch_schedule()
    caches["shared"].delete(CLAIM_KEY)  # what the cache does when the interval's timeout expires

    assert feed_fetch_schedule() is True
    assert DBTaskResult.objects.filter(queue_name="feeds").count() == 2
