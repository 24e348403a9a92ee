"""The write path for member projects' feeds: registering them, and importing their new entries as
posts submitted for review. Views, the admin's "Fetch now" and ``manage.py fetch_feeds`` call these.

An entry is imported once: its ``SyndicatedItem`` row (unique per feed and entry id) stays even if
staff delete or reject the post. Each feed is fetched and imported on its own: a broken, slow, huge or
redirecting feed is logged and recorded on its source, and the other feeds go on.
"""

import hashlib
import html
import io
import logging
import re
import xml.sax
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import feedparser
import nh3
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from hub.core.models import PublicationStatus
from hub.core.services import audit_record, revision_record
from hub.members.permissions import can_edit_project
from hub.news.models import Post
from hub.news.services import REVISION_FIELDS

from .fetching import FeedFetchError, FetchedFeed, fetch_feed
from .models import FeedSource, SyndicatedItem
from .validators import ALLOWED_SCHEMES, validate_feed_url

logger = logging.getLogger(__name__)

GUID_LENGTH = SyndicatedItem._meta.get_field("guid").max_length
URL_LENGTH = SyndicatedItem._meta.get_field("original_url").max_length
TITLE_LENGTH = 200
LEAD_LENGTH = 600


def feed_timeout() -> float:
    return getattr(settings, "HUB_FEED_TIMEOUT", 10)


def feed_max_bytes() -> int:
    return getattr(settings, "HUB_FEED_MAX_BYTES", 2 * 1024 * 1024)


def feed_max_entries() -> int:
    """How many of a feed's newest entries one fetch considers: a first fetch of a long feed
    must not flood the moderation queue with years of old news."""
    return getattr(settings, "HUB_FEED_MAX_ENTRIES", 20)


# ---------------------------------------------------------------- registering feeds


def feed_source_add(*, project, url: str, by) -> FeedSource:
    """Register ``url`` as a feed of ``project`` (again, if it was removed: its history stays, so nothing is
    imported twice). Raise PermissionDenied unless ``by`` edits the project, ValidationError for an address
    the hub will not fetch or a feed already registered."""
    if not can_edit_project(by, project):
        raise PermissionDenied(_("Only the project's editors can register its feeds."))
    url = url.strip()
    validate_feed_url(url)
    source, created = FeedSource.objects.get_or_create(project=project, url=url, defaults={"added_by": by})
    if not created:
        if source.is_active:
            raise ValidationError(_("This feed is already registered for %(project)s.") % {"project": project})
        source.is_active = True
        source.save(update_fields=["is_active"])
    logger.info("Feed %s registered for %s by user %s.", url, project, getattr(by, "pk", None))
    return source


def feed_source_remove(*, source: FeedSource, by) -> None:
    """Stop fetching ``source``. A feed that brought items is kept, inactive, so that registering it
    again does not import them a second time; one that brought nothing is deleted."""
    if not can_edit_project(by, source.project):
        raise PermissionDenied(_("Only the project's editors can remove its feeds."))
    if source.items.exists():
        source.is_active = False
        source.save(update_fields=["is_active"])
    else:
        source.delete()
    logger.info("Feed %s of %s removed by user %s.", source.url, source.project, getattr(by, "pk", None))


# ---------------------------------------------------------------- fetching and importing


@dataclass
class FetchResult:
    source: FeedSource
    imported: int = 0
    error: str = ""
    not_modified: bool = False

    @property
    def ok(self) -> bool:
        return not self.error


@dataclass(frozen=True)
class FeedEntry:
    guid: str
    title: str
    summary: str
    link: str
    published_at: datetime | None


def feeds_fetch_all(*, source_ids=None) -> list[FetchResult]:
    """Fetch every active feed (or those of ``source_ids``), each on its own; never stops at a broken one."""
    sources = FeedSource.objects.active().select_related("project").order_by("pk")
    if source_ids:
        sources = sources.filter(pk__in=source_ids)
    return [feed_fetch(source=source) for source in sources]


def feed_fetch(*, source: FeedSource) -> FetchResult:
    """Fetch ``source`` and submit its new entries for review as posts of its project, in one transaction.
    A feed that cannot be fetched or read is recorded on the source and logged; this never raises for it."""
    try:
        fetched = fetch_feed(
            source.url,
            etag=source.etag,
            modified=source.modified,
            timeout=feed_timeout(),
            max_bytes=feed_max_bytes(),
        )
        entries = [] if fetched.content is None else parse_entries(fetched)
    except FeedFetchError as error:
        return _record_failure(source, str(error))
    except Exception as error:  # whatever else a hostile or broken feed triggers must not stop the others
        logger.exception("Reading feed %s (%s) failed.", source.pk, source.url)
        return _record_failure(source, f"The feed could not be read: {error}")
    try:
        with transaction.atomic():
            imported = sum(_import_entry(source, entry) for entry in _newest_unseen(source, entries))
            _record_success(source, fetched)
    except Exception as error:  # a bug or bad data in one feed must not stop the others
        logger.exception("Importing feed %s (%s) failed.", source.pk, source.url)
        return _record_failure(source, f"The import failed: {error}")
    return FetchResult(source=source, imported=imported, not_modified=fetched.content is None)


def parse_entries(fetched: FetchedFeed) -> list[FeedEntry]:
    """The entries of a downloaded feed; raise FeedFetchError if it is not a well-formed RSS or Atom feed."""
    # A file-like object: feedparser treats a plain string or bytes as a possible URL or file name.
    parsed = feedparser.parse(
        io.BytesIO(fetched.content),
        response_headers={"content-location": fetched.url, "content-type": fetched.content_type},
    )
    problem = parsed.get("bozo_exception")
    if not parsed.get("version"):
        raise FeedFetchError("This is not an RSS or Atom feed.")
    if isinstance(problem, xml.sax.SAXParseException):
        where = f"line {problem.getLineNumber()}, column {problem.getColumnNumber()}"
        raise FeedFetchError(f"The feed is not well-formed XML ({where}: {problem.getMessage()}).")
    if isinstance(problem, xml.sax.SAXException):
        raise FeedFetchError(f"The feed is not well-formed XML ({problem.getMessage()}).")
    site = parsed.feed.get("link", "")
    return [entry for raw in parsed.entries if (entry := _entry(raw, fallback_link=site, feed_url=fetched.url))]


def _entry(raw, *, fallback_link: str, feed_url: str) -> FeedEntry | None:
    link = _web_address(raw.get("link", ""))
    guid = (raw.get("id") or link).strip()
    if not guid:
        logger.warning("Feed %s: an entry without id or link was skipped.", feed_url)
        return None
    if len(guid) > GUID_LENGTH:
        guid = "sha256:" + hashlib.sha256(guid.encode()).hexdigest()
    return FeedEntry(
        guid=guid,
        title=plain_text(raw.get("title", "")),
        summary=plain_text(raw.get("summary", "")),
        link=link or _web_address(raw.get("id", "")) or _web_address(fallback_link) or _site_root(feed_url),
        published_at=_entry_date(raw),
    )


def plain_text(value: str) -> str:
    """``value`` without markup (scripts and styles dropped with their content), entities decoded,
    whitespace collapsed. Templates escape it again on output."""
    return re.sub(r"\s+", " ", html.unescape(nh3.clean(value or "", tags=set()))).strip()


def _web_address(value: str) -> str:
    value = (value or "").strip()
    return value if urlsplit(value).scheme.lower() in ALLOWED_SCHEMES and len(value) <= URL_LENGTH else ""


def _site_root(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def _entry_date(raw) -> datetime | None:
    parsed = raw.get("published_parsed") or raw.get("updated_parsed")
    try:
        return datetime(*parsed[:6], tzinfo=UTC) if parsed else None
    except (TypeError, ValueError):
        return None


def _newest_unseen(source: FeedSource, entries: list[FeedEntry]) -> list[FeedEntry]:
    """The feed's newest entries not imported yet, oldest first (the order they reach the queue in)."""
    oldest = datetime.min.replace(tzinfo=UTC)
    newest = sorted(entries, key=lambda entry: entry.published_at or oldest, reverse=True)[: feed_max_entries()]
    known = set(source.items.filter(guid__in=[entry.guid for entry in newest]).values_list("guid", flat=True))
    unseen = {}
    for entry in reversed(newest):
        if entry.guid not in known:
            unseen.setdefault(entry.guid, entry)
    return list(unseen.values())


def _import_entry(source: FeedSource, entry: FeedEntry) -> int:
    """Create the submitted post and its item; 0 if a concurrent run imported the entry first."""
    project = source.project
    post = Post(
        title=Truncator(entry.title).chars(TITLE_LENGTH) or _("News from %(project)s") % {"project": project},
        lead=Truncator(entry.summary).chars(LEAD_LENGTH),
        body=_body(project=project, entry=entry),
        kind=Post.Kind.NEWS,
        status=PublicationStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            post.full_clean()
            post.save()
            post.projects.set([project])
            SyndicatedItem.objects.create(
                source=source,
                guid=entry.guid,
                post=post,
                title=post.title,
                original_url=entry.link,
                original_published_at=entry.published_at,
            )
    except IntegrityError:
        return 0
    except ValidationError as error:  # skip this entry, keep the others of the feed
        logger.warning("Feed %s: entry %s was skipped: %s", source.url, entry.guid, "; ".join(error.messages))
        return 0
    imported_from = _("Imported from %(url)s") % {"url": source.url}
    revision_record(obj=post, by=None, fields=REVISION_FIELDS, summary=imported_from)
    audit_record(obj=post, action="import", by=None, to_status=post.status, reason=imported_from)
    return 1


def _body(*, project, entry: FeedEntry) -> str:
    """A short note on where the news comes from, and the link to the original (sanitised on save)."""
    if entry.published_at:
        origin = format_html(
            "<p>{} first published this news on its website on {}.</p>",
            project.acronym,
            date_format(timezone.localtime(entry.published_at), "j F Y"),
        )
    else:
        origin = format_html("<p>{} first published this news on its website.</p>", project.acronym)
    site = urlsplit(entry.link).hostname or entry.link
    return origin + format_html('<p><a href="{}">Read the original on {}</a></p>', entry.link, site)


def _record_success(source: FeedSource, fetched: FetchedFeed) -> None:
    source.last_fetched_at = timezone.now()
    source.last_status, source.last_error = FeedSource.Status.OK, ""
    source.etag, source.modified = fetched.etag, fetched.modified
    source.save(update_fields=["last_fetched_at", "last_status", "last_error", "etag", "modified"])


def _record_failure(source: FeedSource, message: str) -> FetchResult:
    logger.warning("Feed %s (%s) of %s: %s", source.pk, source.url, source.project, message)
    source.last_fetched_at = timezone.now()
    source.last_status, source.last_error = FeedSource.Status.ERROR, message[:2000]
    source.save(update_fields=["last_fetched_at", "last_status", "last_error"])
    return FetchResult(source=source, error=message)
