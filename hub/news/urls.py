from django.urls import path

from . import feeds, views

app_name = "news"
urlpatterns = [
    path("", views.PostListView.as_view(), name="post-list"),
    path("feed/rss/", feeds.NewsRssFeed(), name="feed-rss"),
    path("feed/atom/", feeds.NewsAtomFeed(), name="feed-atom"),
    path("feed/project/<slug:slug>/rss/", feeds.ProjectNewsRssFeed(), name="project-feed-rss"),
    path("feed/project/<slug:slug>/atom/", feeds.ProjectNewsAtomFeed(), name="project-feed-atom"),
    path("topic/<slug:slug>/", views.TopicPostListView.as_view(), name="topic-detail"),
    path("topic/<slug:slug>/feed/rss/", feeds.TopicNewsRssFeed(), name="topic-feed-rss"),
    path("topic/<slug:slug>/feed/atom/", feeds.TopicNewsAtomFeed(), name="topic-feed-atom"),
    path("<slug:slug>/", views.PostDetailView.as_view(), name="post-detail"),
]
