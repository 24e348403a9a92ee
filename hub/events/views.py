from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView
from django.views.generic.detail import BaseDetailView
from django.views.generic.list import BaseListView

from hub.core.pagination import IdPaginator
from hub.projects.models import Project

from . import ical
from .models import Event
from .selectors import event_agenda, public_events_with_details

# Querysets are built per request: upcoming(), past() and published() compare with "now".


class EventListView(ListView):
    paginate_by = 12
    paginator_class = IdPaginator  # the past events grow without end; deep pages stay fast
    extra_context = {"past": False}

    def get_queryset(self):
        return Event.objects.upcoming().for_list()


class PastEventListView(EventListView):
    extra_context = {"past": True}

    def get_queryset(self):
        return Event.objects.past().for_list()


class EventDetailView(DetailView):
    def get_queryset(self):
        return public_events_with_details()

    def get_context_data(self, **kwargs):
        return super().get_context_data(agenda=event_agenda(self.object), **kwargs)


def calendar_response(calendar: bytes, *, filename: str, as_attachment: bool) -> HttpResponse:
    """A download for a single event, or a feed that calendar apps subscribe to (inline)."""
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
    response.headers["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    return response


class EventIcsView(BaseDetailView):
    """One published event, past or upcoming, as a file to add to a calendar."""

    def get_queryset(self):
        return ical.with_agenda(Event.objects.published())

    def render_to_response(self, context):
        calendar = ical.event_calendar(self.object)
        return calendar_response(calendar, filename=f"{self.object.slug}.ics", as_attachment=True)


class EventCalendarIcsView(BaseListView):
    """The hub's upcoming and recent events, as a calendar to subscribe to."""

    def get_queryset(self):
        return ical.subscription_events(Event.objects.all())

    def render_to_response(self, context):
        calendar = ical.subscription_calendar(
            self.object_list,
            name=_("%(hub)s events") % {"hub": settings.HUB_NAME},
            description=_("Upcoming and recent events of the %(hub)s and its projects.") % {"hub": settings.HUB_NAME},
            calendar_uid=ical.uid("calendar", "events"),
        )
        return calendar_response(calendar, filename="events.ics", as_attachment=False)


class ProjectEventCalendarIcsView(BaseListView):
    """One project's upcoming and recent events, as a calendar to subscribe to."""

    def get_queryset(self):
        self.project = get_object_or_404(Project, slug=self.kwargs["slug"])
        return ical.subscription_events(Event.objects.for_project(self.project))

    def render_to_response(self, context):
        names = {"project": self.project.acronym, "hub": settings.HUB_NAME}
        calendar = ical.subscription_calendar(
            self.object_list,
            name=_("%(project)s events (%(hub)s)") % names,
            description=_("Upcoming and recent events organised by %(project)s.") % names,
            calendar_uid=ical.uid("calendar-project", self.project.pk),
        )
        return calendar_response(calendar, filename=f"{self.project.slug}-events.ics", as_attachment=False)
