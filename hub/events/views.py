from django.views.generic import DetailView, ListView

from .models import Event
from .selectors import event_agenda, public_events_with_details

# Querysets are built per request: upcoming(), past() and published() compare with "now".


class EventListView(ListView):
    paginate_by = 12
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
