from django.urls import path

from . import views

app_name = "stats"
urlpatterns = [
    path("workspace/projects/<slug:slug>/figures/", views.ProjectFiguresView.as_view(), name="project-figures"),
    path("resources/<slug:slug>/download/", views.DocumentDownloadView.as_view(), name="document-download"),
]
