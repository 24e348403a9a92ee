from django.db.models import Count, Prefetch
from django.views.generic import DetailView

from hub.core.views import FilteredListView
from hub.events.models import Event, SessionRole
from hub.projects.models import Participation

from .forms import OrganisationFilterForm
from .models import Membership, Organisation, User


def public_people():
    """People who may be shown and linked: opted in, active, and with a profile address."""
    return User.objects.public_profiles().exclude(slug=None).exclude(full_name="")


class OrganisationListView(FilteredListView):
    # One participation per project and organisation, so counting participations counts projects.
    # A GROUP BY drops Meta.ordering, hence the explicit order.
    queryset = Organisation.objects.annotate(project_count=Count("participations")).order_by("name")
    filter_form_class = OrganisationFilterForm


class OrganisationDetailView(DetailView):
    queryset = Organisation.objects.prefetch_related(
        Prefetch(
            "participations",
            queryset=Participation.objects.select_related("project").order_by("project__acronym"),
        ),
        Prefetch("people", queryset=public_people(), to_attr="public_people"),
    )

    def get_context_data(self, **kwargs):
        funded_projects = [participation.project for participation in self.object.participations.all()]
        return super().get_context_data(funded_projects=funded_projects, **kwargs)


class PersonDetailView(DetailView):
    """A member's opt-in profile; anyone without one is not found. The e-mail address is never shown."""

    template_name = "members/person_detail.html"
    context_object_name = "person"  # "user" would hide the signed-in user in templates

    def get_queryset(self):
        # Built per request: "published" compares with the current time.
        appearances = (
            SessionRole.objects.filter(session__event__in=Event.objects.published())
            .select_related("session__event", "project")
            .order_by("-session__event__starts_at", "session__order", "order")
        )
        return (
            User.objects.public_profiles()
            .select_related("organisation")
            .prefetch_related(
                Prefetch("memberships", queryset=Membership.objects.select_related("project")),
                Prefetch("session_roles", queryset=appearances, to_attr="public_session_roles"),
            )
        )

    def get_context_data(self, **kwargs):
        funded_projects = [membership.project for membership in self.object.memberships.all()]
        return super().get_context_data(funded_projects=funded_projects, **kwargs)
