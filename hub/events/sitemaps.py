from django.db.models.functions import Greatest

from hub.core.sitemaps import RowSitemap

from .models import Event


class EventSitemap(RowSitemap):
    """Every published event, upcoming or past."""

    url_name = "events:event-detail"

    def rows(self):
        # Built per request: published() compares with the current time.
        return (
            Event.objects.published()
            .order_by("-starts_at", "-id")
            .annotate(lastmod=Greatest("updated_at", "published_at"))
        )
