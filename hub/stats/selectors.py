"""A project's dissemination figures for a period, as EU periodic reports ask for them."""

import csv
from dataclasses import dataclass, fields
from datetime import date

from django.contrib.contenttypes.models import ContentType

from hub.documents.models import Document
from hub.events.models import Event
from hub.news.models import Post

from .models import DailyCount


@dataclass
class Figures:
    project: str
    period_start: date
    period_end: date
    posts_published: int
    events_published: int
    documents_published: int
    project_page_views: int
    post_views: int
    event_views: int
    document_downloads: int

    @classmethod
    def header(cls) -> list[str]:
        return [field.name for field in fields(cls)]

    def row(self) -> list:
        return [getattr(self, name) for name in self.header()]


def _published_between(queryset, start: date, end: date) -> int:
    return queryset.published().filter(published_at__date__range=(start, end)).count()


def _counted(model, ids, kind: str, start: date, end: date) -> int:
    content_type = ContentType.objects.get_for_model(model)
    rows = DailyCount.objects.between(start, end).filter(content_type=content_type, kind=kind)
    return rows.filter(object_id__in=ids).total()


def project_figures(project, start: date, end: date) -> Figures:
    """What ``project`` published between ``start`` and ``end`` (inclusive), and how often its pages were
    viewed and its documents downloaded in those days (all its posts, events and documents, whenever published)."""
    posts, events = Post.objects.for_project(project), Event.objects.for_project(project)
    documents = Document.objects.for_project(project)
    view, download = DailyCount.Kind.VIEW, DailyCount.Kind.DOWNLOAD
    return Figures(
        project=project.acronym,
        period_start=start,
        period_end=end,
        posts_published=_published_between(posts, start, end),
        events_published=_published_between(events, start, end),
        documents_published=_published_between(documents, start, end),
        project_page_views=_counted(type(project), [project.pk], view, start, end),
        post_views=_counted(Post, posts.values("pk"), view, start, end),
        event_views=_counted(Event, events.values("pk"), view, start, end),
        document_downloads=_counted(Document, documents.values("pk"), download, start, end),
    )


def write_figures_csv(output, figures: list[Figures]) -> None:
    writer = csv.writer(output)
    writer.writerow(Figures.header())
    for item in figures:
        writer.writerow(item.row())
