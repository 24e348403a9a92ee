from django.contrib.sitemaps import Sitemap

from .models import Project


class ProjectSitemap(Sitemap):
    def items(self):
        return Project.objects.order_by("acronym").only("slug", "updated_at")

    def lastmod(self, project):
        return project.updated_at
