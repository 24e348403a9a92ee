"""Paginators that stay fast when a table holds hundreds of thousands of rows."""

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

# Below this many rows an exact COUNT(*) is cheap, and exact numbers are nicer to read.
ESTIMATE_ABOVE_ROWS = 20_000
# Up to this offset, reading the skipped rows costs less than a second round trip: the first pages,
# the ones most read, stay one query.
DIRECT_OFFSET_LIMIT = 200


class IdPaginator(Paginator):
    """Pages over the rows' ids first, then fetches the one page of full rows by id.

    ``OFFSET 49990`` over full rows reads (and joins) every row it skips; over the ids alone it can be
    answered from the index on the filter and ordering columns (an index-only scan on PostgreSQL), so a
    deep page costs about what the first one does. The page's rows keep the queryset's ``select_related``
    and ``prefetch_related``, and ``?page=N`` addresses and the pager work as with Django's paginator."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if bottom < DIRECT_OFFSET_LIMIT:
            return self._get_page(self.object_list[bottom:top], number, self)
        ids = list(self.object_list.prefetch_related(None).values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids)} if ids else {}
        # A row unpublished between the two queries is left out rather than failing the page.
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


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
