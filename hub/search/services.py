"""Writes to the search index: one object at a time (from signals), or everything at once (search_rebuild)."""

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from .documents import BUILDERS, PREFETCH, Entry
from .models import SearchEntry


def _indexed_model(obj) -> type[models.Model] | None:
    return next((model for model in BUILDERS if isinstance(obj, model)), None)


def _fields(entry: Entry) -> dict:
    return {
        "kind": entry.kind,
        "title": entry.title[:400],
        "subtitle": entry.subtitle,
        "body": entry.body,
        "url": entry.url[:500],
        "date": entry.date,
        "is_public": entry.is_public,
        "public_from": entry.public_from,
    }


@transaction.atomic
def search_index_object(obj) -> SearchEntry | None:
    """Bring ``obj``'s entry up to date with ``obj``; remove it if ``obj`` is not something the index holds."""
    model = _indexed_model(obj)
    if model is None:
        return None
    # A fresh copy: prefetching on the caller's instance would leave it with stale related caches.
    fresh = model._default_manager.prefetch_related(*PREFETCH[model]).filter(pk=obj.pk).first()
    entry = BUILDERS[model](fresh) if fresh is not None else None
    if entry is None:
        search_remove_object(obj)
        return None
    content_type = ContentType.objects.get_for_model(model)
    row, _ = SearchEntry.objects.update_or_create(content_type=content_type, object_id=obj.pk, defaults=_fields(entry))
    row.projects.set(entry.project_ids)
    row.topics.set(entry.topic_ids)
    return row


def search_remove_object(obj) -> None:
    """Forget ``obj``: after this no search can find it."""
    model = _indexed_model(obj)
    if model is not None and obj.pk is not None:
        content_type = ContentType.objects.get_for_model(model)
        SearchEntry.objects.filter(content_type=content_type, object_id=obj.pk).delete()


@transaction.atomic
def search_rebuild() -> int:
    """Replace the whole index with entries built from the current content; returns how many were written."""
    SearchEntry.objects.all().delete()
    total = 0
    for model, build in BUILDERS.items():
        content_type = ContentType.objects.get_for_model(model)
        objects = model._default_manager.prefetch_related(*PREFETCH[model]).order_by("pk")
        built = [(obj.pk, entry) for obj in objects if (entry := build(obj)) is not None]
        rows = SearchEntry.objects.bulk_create(
            [SearchEntry(content_type=content_type, object_id=pk, **_fields(entry)) for pk, entry in built]
        )
        _bulk_relate(rows, [entry for _, entry in built])
        total += len(rows)
    return total


def _bulk_relate(rows: list[SearchEntry], entries: list[Entry]) -> None:
    projects, topics = SearchEntry.projects.through, SearchEntry.topics.through
    projects.objects.bulk_create(
        [
            projects(searchentry_id=row.pk, project_id=pk)
            for row, e in zip(rows, entries, strict=True)
            for pk in set(e.project_ids)
        ]
    )
    topics.objects.bulk_create(
        [
            topics(searchentry_id=row.pk, topic_id=pk)
            for row, e in zip(rows, entries, strict=True)
            for pk in set(e.topic_ids)
        ]
    )
