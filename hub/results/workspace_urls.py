"""Under /workspace/projects/<slug>/ (see portal/urls.py): the register of one project."""

from django.urls import path

from . import workspace_views as views

app_name = "register"
urlpatterns = [
    path("deliverables/", views.DeliverableListView.as_view(), name="deliverable-list"),
    path("deliverables/add/", views.DeliverableCreateView.as_view(), name="deliverable-add"),
    path("deliverables/<int:pk>/edit/", views.DeliverableUpdateView.as_view(), name="deliverable-edit"),
    path("deliverables/<int:pk>/delete/", views.DeliverableDeleteView.as_view(), name="deliverable-delete"),
    path("publications/", views.PublicationListView.as_view(), name="publication-list"),
    path("publications/add/", views.PublicationCreateView.as_view(), name="publication-add"),
    path("publications/<int:pk>/edit/", views.PublicationUpdateView.as_view(), name="publication-edit"),
    path("publications/<int:pk>/delete/", views.PublicationDeleteView.as_view(), name="publication-delete"),
]
