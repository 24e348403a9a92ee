"""Whole public pages cached for anonymous visitors, in the cache every app process shares.

Why a middleware of our own rather than Django's per-site cache: Django's keys pages by URL and
expires them by time only, so a publish would stay invisible until the timeout. Here every key
carries a *content version*, a timestamp that any change to public content moves forward
(see `content_changed` and the receivers in hub/core/apps.py). One increment retires every
cached list, detail, feed, sitemap and API page at once, in every process, because the version
lives in the same cache as the pages (Redis in production).

Who is served from the cache: only requests without a session cookie and without pending
messages. A logged-in partner always has a session cookie, so they never see an anonymous page,
and what they see is never stored: a response is kept only if it sets no cookie (which also
rules out pages that carry a CSRF token) and does not forbid caching.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

logger = logging.getLogger(__name__)
VERSION_KEY = "content-version"
# Never cached: personal, staff-only or stateful areas, and the health probe.
EXCLUDED_PREFIXES = ("/admin/", "/accounts/", "/workspace/", "/healthz", "/static/", "/media/")
HEADERS_NOT_KEPT = {"set-cookie", "date"}


def page_cache():
    return caches["default"]


def timeout() -> int:
    return settings.HUB_PAGE_CACHE_SECONDS


def current_version() -> int:
    """The content version: milliseconds since the epoch of the last public change."""
    version = page_cache().get(VERSION_KEY)
    if version is None:
        version = int(time.time() * 1000)
        # add(), not set(): two processes starting together agree on one value.
        page_cache().add(VERSION_KEY, version, timeout=None)
        version = page_cache().get(VERSION_KEY, version)
    return version


def bump_version() -> None:
    try:
        # Never backwards, even with clocks a little apart between hosts.
        page_cache().set(VERSION_KEY, max(int(time.time() * 1000), current_version() + 1), timeout=None)
    except Exception:
        # A write must not fail because the cache is down; pages cached before it expire
        # within HUB_PAGE_CACHE_SECONDS.
        logger.error("Page cache unavailable: cached pages not retired", exc_info=True)


def content_changed() -> None:
    """Retire every cached page now and again once the current transaction commits.

    Now: so this process stops serving the old page at once. On commit: a page rendered by
    another request while the transaction was open (still showing the old data) may have been
    stored under the new version; the second bump retires it too.
    """
    bump_version()
    transaction.on_commit(bump_version)


def _is_cacheable_request(request) -> bool:
    return (
        timeout() > 0
        and request.method in ("GET", "HEAD")
        and not request.path.startswith(EXCLUDED_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _is_cacheable_response(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


def _key(request, version: int) -> str:
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"page:{version}:{request.get_host()}:{address}"


def _revalidation_headers(response, version: int) -> None:
    """Browsers and proxies may keep the page but must ask again; an unchanged page answers 304."""
    response["ETag"] = f'"{version}-{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
    response["Last-Modified"] = http_date(version // 1000)
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)


class CacheUnavailable(Exception):
    pass


def _or_unavailable(function, *args):
    """A cache that is down (Redis restarting) slows the site, it must not break it: pages are
    then rendered for every request. Cache clients raise their own error types, hence the breadth."""
    try:
        return function(*args)
    except Exception as error:
        logger.warning("Page cache unavailable: serving uncached", exc_info=True)
        raise CacheUnavailable from error


class AnonymousPageCacheMiddleware:
    """Serve and store anonymous visitors' public pages; see the module docstring for the rules.

    Sits below CorsMiddleware (so CORS headers are added to every answer, not frozen into the
    cache) and above the session, CSRF and message middleware (so it sees the cookies they set).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_cacheable_request(request):
            return self.get_response(request)
        try:
            return self._cached(request)
        except CacheUnavailable:
            return self.get_response(request)

    def _cached(self, request):
        version = _or_unavailable(current_version)
        key = _key(request, version)
        stored = _or_unavailable(page_cache().get, key)
        if stored is not None:
            return self._from_cache(stored, request)
        response = self.get_response(request)
        if _is_cacheable_response(response):
            _revalidation_headers(response, version)
            response["X-Cache"] = "miss"
            try:
                page_cache().set(key, self._to_cache(response), timeout())
            except Exception:  # see _or_unavailable
                logger.warning("Page cache unavailable: page not stored", exc_info=True)
        return response

    @staticmethod
    def _to_cache(response) -> tuple:
        headers = [(name, value) for name, value in response.items() if name.lower() not in HEADERS_NOT_KEPT]
        return response.status_code, headers, response.content

    @staticmethod
    def _from_cache(stored: tuple, request) -> HttpResponse:
        status, headers, content = stored
        response = HttpResponse(b"" if request.method == "HEAD" else content, status=status)
        for name, value in headers:
            response[name] = value
        response["X-Cache"] = "hit"
        return response
