from django.urls import path

from .views import projects

urlpatterns = [
    path("", projects.ProjectListView.as_view(), name="project-list"),
    path("<slug:slug>/edit/", projects.ProjectEditView.as_view(), name="project-edit"),
]
