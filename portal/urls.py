from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path

from hub.core.health import healthz
from hub.core.media import serve_media
from hub.pages.sitemaps import SITEMAPS

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("hub.members.login_urls")),  # Django's auth views, reset rate-limited
    path("accounts/", include("hub.members.account_urls")),
    path("workspace/", include("hub.workspace.urls")),
    path("projects/", include("hub.projects.urls")),
    path("", include("hub.members.urls")),  # /organisations/ and /people/
    path("news/", include("hub.news.urls")),
    path("events/", include("hub.events.urls")),
    path("resources/", include("hub.documents.urls")),
    path("api/", include("hub.api.urls")),
    path("search/", include("hub.search.urls")),
    path("widget/", include("hub.syndication.urls")),
    path("results/", include("hub.results.urls")),
    path("workspace/projects/<slug:slug>/", include("hub.results.workspace_urls")),
    path("", include("hub.stats.urls")),  # /workspace/projects/<slug>/figures/, /resources/<slug>/download/
    path("healthz", healthz, name="healthz"),
    # An index of sections, each paginated (hub/core/sitemaps.py): one file of every address took 15 s.
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS, "template_name": "sitemap_section.xml"},
        name="sitemap-section",
    ),
    path("", include("hub.pages.urls")),
]

# An unreachable database answers the branded 503 page instead of a 500 (hub/core/health.py).
handler500 = "hub.core.health.server_error"

# Uploaded files go through a check of who may see the row they belong to (hub/core/media.py), in
# every environment; in production nginx then sends the bytes (HUB_MEDIA_ACCEL_REDIRECT).
urlpatterns += [re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.+)$", serve_media, name="media")]
