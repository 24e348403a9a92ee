from django.urls import path

from .views import feeds, projects

urlpatterns = [
    path("", projects.ProjectListView.as_view(), name="project-list"),
    path("<slug:slug>/edit/", projects.ProjectEditView.as_view(), name="project-edit"),
    path("<slug:slug>/history/", projects.ProjectRevisionsView.as_view(), name="project-revisions"),
    path("<slug:slug>/feeds/", feeds.ProjectFeedListView.as_view(), name="project-feeds"),
    path("<slug:slug>/feeds/<int:pk>/delete/", feeds.ProjectFeedDeleteView.as_view(), name="project-feed-delete"),
]
