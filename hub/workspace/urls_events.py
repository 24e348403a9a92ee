from django.urls import path

from .views import events

urlpatterns = [
    path("", events.EventListView.as_view(), name="event-list"),
    path("new/", events.EventCreateView.as_view(), name="event-create"),
    path("<int:pk>/edit/", events.EventUpdateView.as_view(), name="event-edit"),
    path("<int:pk>/preview/", events.EventPreviewView.as_view(), name="event-preview"),
    path("<int:pk>/submit/", events.EventSubmitView.as_view(), name="event-submit"),
    path("<int:pk>/withdraw/", events.EventWithdrawView.as_view(), name="event-withdraw"),
    path("<int:pk>/history/", events.EventRevisionsView.as_view(), name="event-revisions"),
    path(
        "<int:pk>/sessions/<int:session_pk>/people/",
        events.SessionPeopleView.as_view(),
        name="event-session-people",
    ),
]
