from django.urls import path

from . import views

app_name = "news"
urlpatterns = [
    path("", views.PostListView.as_view(), name="post-list"),
    path("topic/<slug:slug>/", views.TopicPostListView.as_view(), name="topic-detail"),
    path("<slug:slug>/", views.PostDetailView.as_view(), name="post-detail"),
]
