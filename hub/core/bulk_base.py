"""Shared by the ``seed_bulk`` steps: the run's context (random source, ids created so far) and fast writers.

Rows are written with ``bulk_create`` in batches; bulk inserts send no signals, so the steps also write
the search entries themselves (PostgreSQL computes the stored search vector of each entry).
"""

import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import models

from hub.core.bulk_text import Writer
from hub.core.models import PublicationStatus
from hub.search.documents import Entry
from hub.search.models import SearchEntry

# Bulk rows are recognisable: post and event addresses start with this, e-mails end in the domain.
BULK_SLUG_PREFIX = "bulk-"
BULK_EMAIL_DOMAIN = "bulk.example.org"
BATCH = 2000
PUBLISHED = PublicationStatus.PUBLISHED
TAG = re.compile(r"<[^>]+>")


@dataclass
class Person:
    pk: int
    name: str
    public: bool


@dataclass
class Context:
    """What every step shares: the random source, the run's tag, and the ids created by earlier steps."""

    writer: Writer
    tag: str
    now: datetime
    topics: list[int] = field(default_factory=list)
    stages: list[int] = field(default_factory=list)
    organisations: list[int] = field(default_factory=list)
    projects: list[tuple[int, str]] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    events: list[int] = field(default_factory=list)
    images: list[str] = field(default_factory=list)

    @property
    def rng(self) -> random.Random:
        return self.writer.rng

    def some(self, ids: list, low: int, high: int) -> list:
        return self.rng.sample(ids, min(len(ids), self.rng.randint(low, high)))

    def weighted(self, choices: list[tuple]) -> str:
        values, weights = zip(*choices, strict=True)
        return self.rng.choices(values, weights)[0]

    def moment(self, years_back: float, years_ahead: float = 0) -> datetime:
        offset = self.rng.uniform(-years_back, years_ahead) * 365 * 86400
        return self.now + timedelta(seconds=offset)


def dedupe(value: str, taken: set, *, sep: str = "-", max_length: int = 200) -> str:
    candidate, n = value[:max_length], 2
    while candidate in taken:
        suffix = f"{sep}{n}"
        candidate, n = value[: max_length - len(suffix)] + suffix, n + 1
    taken.add(candidate)
    return candidate


def in_batches(model: type[models.Model], objects: list) -> list:
    return model.objects.bulk_create(objects, batch_size=BATCH)


def index_entries(model: type[models.Model], entries: list[tuple[int, Entry]]) -> int:
    """Search entries for ``entries`` (object id, Entry); PostgreSQL computes their search vector itself."""
    content_type = ContentType.objects.get_for_model(model)
    rows = in_batches(SearchEntry, [_search_row(content_type, pk, entry) for pk, entry in entries])
    pairs = [(row.pk, entry) for row, (_, entry) in zip(rows, entries, strict=True)]
    relate(SearchEntry.projects.through, "searchentry_id", "project_id", {pk: set(e.project_ids) for pk, e in pairs})
    relate(SearchEntry.topics.through, "searchentry_id", "topic_id", {pk: set(e.topic_ids) for pk, e in pairs})
    return len(rows)


def _search_row(content_type: ContentType, pk: int, entry: Entry) -> SearchEntry:
    return SearchEntry(
        content_type=content_type,
        object_id=pk,
        kind=entry.kind,
        title=entry.title[:400],
        subtitle=entry.subtitle,
        body=entry.body,
        url=entry.url,
        date=entry.date,
        is_public=entry.is_public,
        public_from=entry.public_from,
    )


def relate(through: type[models.Model], own: str, other: str, ids_by_pk: dict[int, list[int]]) -> int:
    """Many-to-many rows ``own -> other`` written straight into the ``through`` table."""
    rows = [through(**{own: pk, other: related}) for pk, ids in ids_by_pk.items() for related in ids]
    return len(in_batches(through, rows))


def strip_html(html: str) -> str:
    """Plain text of the markup the bulk steps write (tags only, no entities): far faster than a parser."""
    return TAG.sub("", html)
