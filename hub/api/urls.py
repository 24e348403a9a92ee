from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from . import exports, search, views

app_name = "api"

router = DefaultRouter()
router.include_format_suffixes = False  # one address per resource: JSON is the only format
router.register("projects", views.ProjectViewSet, basename="project")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("topics", views.TopicViewSet, basename="topic")
router.register("events", views.EventViewSet, basename="event")
router.register("posts", views.PostViewSet, basename="post")
router.register("documents", views.DocumentViewSet, basename="document")
router.register("deliverables", views.DeliverableViewSet, basename="deliverable")
router.register("publications", views.PublicationViewSet, basename="publication")

urlpatterns = [
    # The schema is static documentation: not counted against a client's rate.
    path("schema/", SpectacularAPIView.as_view(throttle_classes=[]), name="schema"),
    path("export/projects.csv", exports.ProjectExportView.as_view(), name="export-projects"),
    path("export/organisations.csv", exports.OrganisationExportView.as_view(), name="export-organisations"),
    path("export/events.csv", exports.EventExportView.as_view(), name="export-events"),
    path("search/", search.SearchView.as_view(), name="search"),
    *router.urls,
]
