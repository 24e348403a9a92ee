from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.ProjectListView.as_view(), name="project-list"),
    path("landscape/", views.ProjectLandscapeView.as_view(), name="project-landscape"),
    path("<slug:slug>/", views.ProjectDetailView.as_view(), name="project-detail"),
]
