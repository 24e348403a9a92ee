from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("", views.EventListView.as_view(), name="event-list"),
    path("past/", views.PastEventListView.as_view(), name="event-past"),
    # Before "<slug>.ics", which "calendar.ics" would match too.
    path("calendar.ics", views.EventCalendarIcsView.as_view(), name="calendar-ics"),
    path("calendar/<slug:slug>.ics", views.ProjectEventCalendarIcsView.as_view(), name="project-calendar-ics"),
    path("<slug:slug>.ics", views.EventIcsView.as_view(), name="event-ics"),
    path("<slug:slug>/", views.EventDetailView.as_view(), name="event-detail"),
]
