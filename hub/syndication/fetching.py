"""Download one feed, carefully: a time limit, a size limit, redirects only within the same host,
conditional GET, and nothing but public web servers (see validators)."""

import http.client
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError

from .validators import ALLOWED_SCHEMES, check_public_host

USER_AGENT = "ClusterHubFeedFetcher/1.0 (+news aggregator of the Cluster Hub portal)"
ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1"
CHUNK = 64 * 1024


class FeedFetchError(Exception):
    """The feed could not be fetched; the message says why, for the source's ``last_error``."""


@dataclass(frozen=True)
class FetchedFeed:
    content: bytes | None  # None: the feed has not changed since the last fetch (HTTP 304)
    url: str  # where it was finally read, after redirects
    content_type: str = ""
    etag: str = ""
    modified: str = ""


class SameHostRedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to the same host name: a feed must not send the hub elsewhere."""

    max_redirections = 5

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        old, new = urlsplit(req.full_url), urlsplit(newurl)
        if new.scheme.lower() not in ALLOWED_SCHEMES or (new.hostname or "") != (old.hostname or ""):
            fp.close()
            raise FeedFetchError(f"Redirected to another host ({new.hostname or newurl}); nothing was imported.")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_feed(url: str, *, etag: str = "", modified: str = "", timeout: float, max_bytes: int) -> FetchedFeed:
    """Download ``url`` within ``timeout`` seconds in all and at most ``max_bytes`` bytes; raise
    FeedFetchError for anything else (network error, HTTP error, too slow, too large, foreign redirect)."""
    parts = urlsplit(url)
    if parts.scheme not in ALLOWED_SCHEMES:
        raise FeedFetchError("Only http and https addresses are fetched.")
    try:
        check_public_host(parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80))
    except ValidationError as error:
        raise FeedFetchError(" ".join(error.messages)) from error
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    # No proxy from the environment: the address checked above must be the one connected to.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), SameHostRedirectHandler)
    deadline = time.monotonic() + timeout
    try:
        request = urllib.request.Request(url, headers=headers)  # noqa: S310 - http(s) only, checked above
        with opener.open(request, timeout=timeout) as response:
            content = _read_limited(response, max_bytes=max_bytes, deadline=deadline, timeout=timeout)
            return FetchedFeed(
                content=content,
                url=response.url,
                content_type=response.headers.get("Content-Type", ""),
                etag=response.headers.get("ETag", "")[:300],
                modified=response.headers.get("Last-Modified", "")[:100],
            )
    except urllib.error.HTTPError as error:
        error.close()
        if error.code == 304:
            return FetchedFeed(content=None, url=url, etag=etag, modified=modified)
        raise FeedFetchError(f"The server answered HTTP {error.code} {error.reason}.") from error
    except urllib.error.URLError as error:
        raise FeedFetchError(f"The server could not be reached: {error.reason}.") from error
    except TimeoutError as error:
        raise FeedFetchError(f"No answer within {timeout:g} seconds.") from error
    except (OSError, http.client.HTTPException, ValueError) as error:
        raise FeedFetchError(f"The feed could not be downloaded: {error or type(error).__name__}.") from error


def _read_limited(response, *, max_bytes: int, deadline: float, timeout: float) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FeedFetchError(f"The feed is larger than {max_bytes} bytes.")
    chunks, size = [], 0
    while size <= max_bytes:
        if time.monotonic() > deadline:
            raise FeedFetchError(f"No complete answer within {timeout:g} seconds.")
        # read1 returns what has arrived, so a server that drips bytes cannot outlast the deadline.
        chunk = response.read1(min(CHUNK, max_bytes + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
    raise FeedFetchError(f"The feed is larger than {max_bytes} bytes.")
