"""Counting page views and downloads on the server, without cookies or personal data.

Where: ``PublicObjectCountMiddleware`` sits just above the anonymous page cache, so a page served
from the cache (the view never runs) is counted like one rendered afresh. It recognises the public
object pages with ``resolve()`` and ``COUNTED`` below.

Whom: GET requests answered 200 (302 for a download). Not counted: requests with a session cookie
(signed-in partners and staff, who would inflate their own project's figures; checking the cookie
needs no database lookup) and bots, recognised by their user agent (``BOT_PATTERN``). Nothing about
the visitor is read beyond that and nothing is stored: no IP address, user agent or cookie.

When: a view adds one to a counter in this process's memory (microseconds, no I/O). The counters
are written to the database after a response has been sent (``request_finished``), at most every
HUB_STATS_FLUSH_SECONDS, as one UPDATE ... count + n per object and day. Why not the shared cache:
an increment there is a network round trip on every page (or a database query without Redis), and
flushing it needs a list of the keys to read; counts are additive, so each process can flush its
own. What a crash loses: at most the last HUB_STATS_FLUSH_SECONDS of one process (a graceful
stop flushes at exit).
"""

import atexit
import logging
import re
import threading
import time
from collections import Counter
from functools import lru_cache

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.signals import request_finished
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import timezone

from .models import DailyCount

logger = logging.getLogger(__name__)

VIEW, DOWNLOAD = DailyCount.Kind.VIEW, DailyCount.Kind.DOWNLOAD
# URL name -> (model, kind, the status code of a counted answer). Objects are found by the "slug" argument.
COUNTED = {
    "projects:project-detail": ("projects.Project", VIEW, 200),
    "news:post-detail": ("news.Post", VIEW, 200),
    "events:event-detail": ("events.Event", VIEW, 200),
    "stats:document-download": ("documents.Document", DOWNLOAD, 302),
}
COUNTED_PREFIXES = ("/projects/", "/news/", "/events/", "/resources/")
BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|archiver|preview|monitor|checker|headless|lighthouse|curl|wget|python|java/|go-http|"
    r"scrapy|httpclient|okhttp|feedfetcher|facebookexternalhit",
    re.IGNORECASE,
)


def is_bot(user_agent: str) -> bool:
    """A missing user agent counts as a bot: every browser sends one."""
    return not user_agent or bool(BOT_PATTERN.search(user_agent))


class Tally:
    """This process's counts not yet written: (model label, slug, day, kind) -> n."""

    def __init__(self):
        self.counts = Counter()
        self.lock = threading.Lock()
        self.flushed_at = time.monotonic()

    def add(self, label: str, slug: str, kind: str) -> None:
        with self.lock:
            self.counts[(label, slug, timezone.localdate(), kind)] += 1

    def take(self) -> Counter:
        with self.lock:
            counts, self.counts = self.counts, Counter()
            self.flushed_at = time.monotonic()
        return counts

    def due(self) -> bool:
        return bool(self.counts) and time.monotonic() - self.flushed_at >= settings.HUB_STATS_FLUSH_SECONDS


tally = Tally()


def counted_target(request, response) -> tuple[str, str, str] | None:
    """(model label, slug, kind) if this answer is a counted view of a public object, else None."""
    if request.method != "GET" or not request.path_info.startswith(COUNTED_PREFIXES):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES or is_bot(request.headers.get("User-Agent", "")):
        return None
    label, slug, kind, status = _target_of_path(request.path_info, get_urlconf())
    if label is None or response.status_code != status:
        return None
    return label, slug, kind


@lru_cache(maxsize=4096)
def _target_of_path(path: str, urlconf) -> tuple:
    """(label, slug, kind, counted status) for a counted address, else Nones. Memoised: resolve() takes
    some 60 µs, a cache hit well under one, and the set of public addresses is small."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None, None, None, None
    label, kind, status = COUNTED.get(match.view_name, (None, None, None))
    if label is None or "slug" not in match.kwargs:
        return None, None, None, None
    return label, match.kwargs["slug"], kind, status


class PublicObjectCountMiddleware:
    """Counts views of public object pages, cached or not; see the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        target = counted_target(request, response)
        if target is not None:
            tally.add(*target)
        return response


def flush(counts: Counter | None = None) -> int:
    """Write the pending counts to the database; returns the number of rows touched."""
    counts = tally.take() if counts is None else counts
    if not counts:
        return 0
    rows = 0
    with transaction.atomic():
        for (label, day, kind, object_id), n in _by_object(counts).items():
            _increment(label, object_id, day, kind, n)
            rows += 1
    return rows


def _by_object(counts: Counter) -> Counter:
    """The counts keyed by object id instead of slug (one query per model); unknown slugs are dropped."""
    by_object = Counter()
    for label in {key[0] for key in counts}:
        slugs = {key[1] for key in counts if key[0] == label}
        ids = dict(apps.get_model(label).objects.filter(slug__in=slugs).values_list("slug", "pk"))
        for (key_label, slug, day, kind), n in counts.items():
            if key_label == label and slug in ids:
                by_object[(label, day, kind, ids[slug])] += n
    return by_object


def _increment(label: str, object_id: int, day, kind: str, n: int) -> None:
    content_type = ContentType.objects.get_for_model(apps.get_model(label))
    row = {"content_type": content_type, "object_id": object_id, "day": day, "kind": kind}
    if DailyCount.objects.filter(**row).update(count=F("count") + n):
        return
    try:
        with transaction.atomic():  # a savepoint: another process may insert the same row first
            DailyCount.objects.create(**row, count=n)
    except IntegrityError:
        DailyCount.objects.filter(**row).update(count=F("count") + n)


def flush_if_due(**kwargs) -> None:
    """After a response is sent: write the counts if the last flush is old enough. Never raises."""
    if not tally.due():
        return
    try:
        flush()
    except DatabaseError:
        logger.exception("Page view counts could not be written; they are lost.")


def _flush_at_exit() -> None:
    try:
        flush()
    except Exception:  # the interpreter is going away: nothing else to do
        logger.exception("Page view counts could not be written at exit.")


def connect() -> None:
    request_finished.connect(flush_if_due, dispatch_uid="stats_flush")
    atexit.register(_flush_at_exit)
