from django.views.generic import DetailView, ListView

from .models import Event


class EventListView(ListView):
    queryset = Event.objects.upcoming()


class PastEventListView(ListView):
    queryset = Event.objects.past()


class EventDetailView(DetailView):
    queryset = Event.objects.published()
