"""Paginators that stay fast when a table holds hundreds of thousands of rows."""

import hashlib
import logging

from django.core.paginator import Paginator
from django.db import connections
from django.utils import timezone
from django.utils.functional import cached_property

from hub.core import page_cache

logger = logging.getLogger(__name__)

# Below this many rows an exact COUNT(*) is cheap, and exact numbers are nicer to read.
ESTIMATE_ABOVE_ROWS = 20_000
# Up to this offset, reading the skipped rows costs less than a second round trip: the first pages,
# the ones most read, stay one query.
DIRECT_OFFSET_LIMIT = 200
# How long a list's count is reused at most. Any public change retires it at once (the key carries the
# page cache's content version); this bounds only how late a scheduled post that falls due is counted.
COUNT_CACHE_SECONDS = 60


class IdPaginator(Paginator):
    """Pages over the rows' ids first, then fetches the one page of full rows by id.

    ``OFFSET 49990`` over full rows reads (and joins) every row it skips; over the ids alone it can be
    answered from the index on the filter and ordering columns (an index-only scan on PostgreSQL), so a
    deep page costs about what the first one does. The page's rows keep the queryset's ``select_related``
    and ``prefetch_related``, and ``?page=N`` addresses and the pager work as with Django's paginator.

    Given a ``count_key`` (what the list shows: its filters), the total and a deep page's ids are cached
    per content version (``COUNT(*)`` over 93,000 published posts takes 7-20 ms, more than the rest of
    the page), and ``count_until`` says when they expire anyway: when the next scheduled row falls due."""

    def __init__(self, *args, count_key: str = "", count_until=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key, self.count_until = count_key, count_until

    def page_ids(self, bottom: int, top: int) -> list:
        """The ids of rows ``bottom`` to ``top``; with a ``count_key``, kept like the count: skipping 50,000
        index entries still takes about 4 ms of PostgreSQL's time on every request for a deep page."""
        ids = self.object_list.prefetch_related(None).values_list("pk", flat=True)[bottom:top]
        if not self.count_key:
            return list(ids)
        return per_content_version(f"ids:{self.count_key}:{bottom}:{top}", lambda: list(ids), until=self.count_until)

    @cached_property
    def count(self):
        if not self.count_key:
            return super().count
        return per_content_version(
            f"count:{self.count_key}", lambda: Paginator.count.func(self), until=self.count_until
        )

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if bottom < DIRECT_OFFSET_LIMIT:
            return self._get_page(self.object_list[bottom:top], number, self)
        ids = self.page_ids(bottom, top)
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids)} if ids else {}
        # A row unpublished between the two queries is left out rather than failing the page.
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


def per_content_version(name: str, compute, *, until=None):
    """``compute()``, kept under ``name`` until public content changes, COUNT_CACHE_SECONDS pass or the
    moment ``until()`` returns (read when computing; e.g. when the next scheduled post falls due): for
    counts and choice lists that every uncached request of a list would otherwise read again.
    A cache that is down means computing every time, never an error."""
    digest = hashlib.sha256(name.encode()).hexdigest()[:32]
    try:
        key = f"versioned:{page_cache.current_version()}:{digest}"
        kept = page_cache.page_cache().get(key)
    except Exception:  # cache clients raise their own error types
        logger.warning("Page cache unavailable: computing without it", exc_info=True)
        return compute()
    if kept is not None and (kept[1] is None or timezone.now() < kept[1]):
        return kept[0]
    value = compute()
    try:
        page_cache.page_cache().set(key, (value, until() if until else None), COUNT_CACHE_SECONDS)
    except Exception:
        logger.warning("Page cache unavailable: value not kept", exc_info=True)
    return value


def estimated_row_count(model, using: str) -> int | None:
    """PostgreSQL's estimate of the rows in ``model``'s table (kept by ANALYZE), or None if it has none."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
        row = cursor.fetchone()
    # -1 means "never analysed" (PostgreSQL 14+); 0 may mean the same on older versions.
    return int(row[0]) if row and row[0] > 0 else None


class EstimatedCountPaginator(Paginator):
    """For admin change lists: an unfiltered list of a big table shows the planner's estimate of its size
    instead of counting every row on each load; a filtered or small list is counted exactly."""

    @cached_property
    def count(self):
        queryset = self.object_list
        if not queryset.query.where:
            estimate = estimated_row_count(queryset.model, queryset.db)
            if estimate is not None and estimate > ESTIMATE_ABOVE_ROWS:
                return estimate
        return super().count


class LargeTableAdminMixin:
    """For a ModelAdmin whose change list may hold 100,000 rows: no second COUNT(*) of the whole table for
    "x of y selected" (Django's ``show_full_result_count``), and an estimate instead of a count when unfiltered.
    Pair it with ``list_select_related`` and ``autocomplete_fields`` so neither the rows nor a form loads a table."""

    show_full_result_count = False
    paginator = EstimatedCountPaginator
