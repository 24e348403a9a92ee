"""Fetching member projects' feeds in the background, every HUB_FEED_INTERVAL seconds.

Every worker process runs ``FeedScheduler``; they agree through the shared cache (Redis or the
database), so however many workers run, one fetch is queued per interval. No cron entry needed.
"""

import logging
import threading

from django.conf import settings
from django.core.cache import caches
from django.db import close_old_connections
from django.utils import timezone
from django_tasks import task

from .services import feeds_fetch_all

logger = logging.getLogger(__name__)
CLAIM_KEY = "syndication:feed-fetch-claimed"


@task(queue_name="feeds")
def fetch_feeds() -> dict:
    """Fetch every active feed (as ``manage.py fetch_feeds``); the counts become the task's result."""
    results = feeds_fetch_all()
    return {
        "feeds": len(results),
        "imported": sum(result.imported for result in results),
        "errors": sum(1 for result in results if result.error),
    }


def feed_fetch_schedule() -> bool:
    """Queue a fetch unless another worker did within the interval; True if this call queued it."""
    # add() is atomic in Redis and in the database cache: one caller per interval wins.
    if not caches["shared"].add(CLAIM_KEY, timezone.now().isoformat(), timeout=settings.HUB_FEED_INTERVAL):
        return False
    fetch_feeds.enqueue()
    return True


class FeedScheduler(threading.Thread):
    """Tries to claim the next fetch every minute (or every interval, if shorter) until stopped."""

    def __init__(self):
        super().__init__(name="feed-scheduler", daemon=True)
        self.stopped = threading.Event()

    def run(self) -> None:
        period = min(settings.HUB_FEED_INTERVAL, 60)
        while not self.stopped.is_set():
            try:
                if feed_fetch_schedule():
                    logger.info("Feed fetch queued; next one in %ss.", settings.HUB_FEED_INTERVAL)
            except Exception:  # the cache or the database is away: try again next round
                logger.exception("Could not schedule the feed fetch.")
            finally:
                close_old_connections()
            self.stopped.wait(period)
