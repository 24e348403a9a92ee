from django.db.models import F

from hub.core.sitemaps import RowSitemap

from .models import Project


class ProjectSitemap(RowSitemap):
    url_name = "projects:project-detail"

    def rows(self):
        return Project.objects.order_by("acronym", "id").annotate(lastmod=F("updated_at"))
