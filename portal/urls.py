from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from hub.pages.sitemaps import SITEMAPS

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
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
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="django.contrib.sitemaps.views.sitemap"),
    path("", include("hub.pages.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
