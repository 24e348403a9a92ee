from django.views.generic import DetailView, ListView

from .models import Organisation, User


class OrganisationListView(ListView):
    model = Organisation


class OrganisationDetailView(DetailView):
    model = Organisation


class PersonDetailView(DetailView):
    queryset = User.objects.public_profiles()
