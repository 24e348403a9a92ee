from django.urls import include, path

from .views.dashboard import DashboardView

app_name = "workspace"
urlpatterns = [
    path("", DashboardView.as_view(), name="dashboard"),
    path("posts/", include("hub.workspace.urls_posts")),
    path("events/", include("hub.workspace.urls_events")),
    path("projects/", include("hub.workspace.urls_projects")),
]
