from django.urls import path

from . import views

app_name = "syndication"
urlpatterns = [
    path("", views.WidgetHelpView.as_view(), name="widget-help"),
    path("news/", views.NewsWidgetView.as_view(), name="news-widget"),
]
