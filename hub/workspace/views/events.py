"""Events in the partners' workspace: propose one with its agenda, name the people, preview, submit.

Every event in a URL is looked up among ``editable_events(user)``, its history among the events of the
user's projects: another project's event is a 404.
"""

import copy

from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import SimpleTemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView, TemplateView

from hub.events.forms import EditVersionForm, EventProposalForm, SessionFormSet, SessionRoleFormSet, editing_zone
from hub.events.models import Event, Session, SessionRole
from hub.events.selectors import event_agenda, events_with_details
from hub.events.services import EditConflict, event_create, event_update, is_editable, session_people_update
from hub.members.permissions import editable_events
from hub.workspace.views.common import ContentTransitionView, NoIndexMixin
from hub.workspace.views.history import RevisionHistoryMixin


class EventWorkspaceMixin(AccessMixin):
    """Signed-in members only; the event in the URL (``pk``) among those they may edit; times typed and
    shown in the event's own zone, as in the admin (hub.events.admin.EventTimeZoneMixin)."""

    event = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if "pk" in kwargs:
            self.event = get_object_or_404(editable_events(request.user), pk=kwargs["pk"])
        saved_zone = self.event.time_zone if self.event else None
        with timezone.override(editing_zone(request.POST.get("time_zone"), saved_zone)):
            response = super().dispatch(request, *args, **kwargs)
            # Forms convert datetimes to the active zone while rendering, so render inside it.
            if isinstance(response, SimpleTemplateResponse):
                response.render()
        return response


def conflict_message(error: EditConflict) -> str:
    return _(
        "%(error)s Your changes were not saved but are kept in the form below: open the saved version "
        "in a new tab, then apply your changes to it."
    ) % {"error": error}


class EventListView(EventWorkspaceMixin, ListView):
    template_name = "workspace/events/event_list.html"
    context_object_name = "events"
    paginate_by = 25

    def get_queryset(self):
        return editable_events(self.request.user).prefetch_related("projects").order_by("-updated_at", "-id")


class EventFormView(EventWorkspaceMixin, TemplateView):
    """The event and its agenda on one page; everything is saved together or not at all."""

    template_name = "workspace/events/event_form.html"

    def get(self, request, *args, **kwargs):
        if self.event and not is_editable(self.event):
            return self.render_to_response(self.get_context_data(locked=True))
        return self.render_forms(self.make_forms())

    def post(self, request, *args, **kwargs):
        if self.event and not is_editable(self.event):
            messages.error(request, _("This event cannot be edited in its current status."))
            return self.render_to_response(self.get_context_data(locked=True))
        form, sessions = self.make_forms(request.POST)
        if form.is_valid() & sessions.is_valid():  # both, so every error shows at once
            try:
                event = self.save(form, sessions)
            except EditConflict as error:
                form.add_error(None, conflict_message(error))
                self.extra_context = {"conflict": True}
            except ValidationError as error:
                form.add_error(None, list(error.messages))
            else:
                messages.success(request, self.success_message)
                return redirect("workspace:event-edit", pk=event.pk)
        return self.render_forms((form, sessions))

    def make_forms(self, data=None):
        # The form writes what was typed onto its instance; a copy keeps the page's headings on the saved event.
        form = EventProposalForm(data, instance=copy.copy(self.event), user=self.request.user)
        agenda = Session.objects.annotate(role_count=Count("roles")).prefetch_related("projects")
        sessions = SessionFormSet(data, instance=self.event or Event(), queryset=agenda, prefix="sessions")
        return form, sessions

    def render_forms(self, forms):
        form, sessions = forms
        return self.render_to_response(self.get_context_data(form=form, sessions=sessions))

    def get_context_data(self, **kwargs):
        return super().get_context_data(event=self.event, **kwargs)


class EventCreateView(EventFormView):
    success_message = gettext_lazy(
        "Your event is saved as a draft. Add the speakers, preview it, then submit it for review."
    )

    def save(self, form, sessions):
        return event_create(by=self.request.user, sessions=sessions.agenda(), **form.service_fields())


class EventUpdateView(EventFormView):
    success_message = gettext_lazy("Your changes are saved.")

    def save(self, form, sessions):
        return event_update(
            event=self.event,
            by=self.request.user,
            expected_version=form.cleaned_data["version"],
            sessions=sessions.agenda(),
            **form.service_fields(),
        )


class SessionPeopleView(EventWorkspaceMixin, TemplateView):
    """The speakers, moderators and chairs of one session (Django has no nested formsets)."""

    template_name = "workspace/events/session_people.html"

    def dispatch(self, request, *args, **kwargs):
        self.session_pk = kwargs["session_pk"]
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        session = self.get_session()
        if not is_editable(self.event):
            return self.render_to_response(self.get_context_data(session=session, locked=True))
        return self.render_forms(session, *self.make_forms(session))

    def post(self, request, *args, **kwargs):
        session = self.get_session()
        if not is_editable(self.event):
            messages.error(request, _("This event cannot be edited in its current status."))
            return self.render_to_response(self.get_context_data(session=session, locked=True))
        version_form, people = self.make_forms(session, request.POST)
        if version_form.is_valid() & people.is_valid():
            try:
                session_people_update(
                    session=session,
                    by=request.user,
                    expected_version=version_form.cleaned_data["version"],
                    people=people.people(),
                )
            except EditConflict as error:
                version_form.add_error(None, conflict_message(error))
                self.extra_context = {"conflict": True}
            except ValidationError as error:
                version_form.add_error(None, list(error.messages))
            else:
                messages.success(request, _("The people of “%(session)s” are saved.") % {"session": session.title})
                return redirect("workspace:event-edit", pk=self.event.pk)
        return self.render_forms(session, version_form, people)

    def get_session(self):
        return get_object_or_404(self.event.sessions.all(), pk=self.session_pk)

    def make_forms(self, session, data=None):
        version_form = EditVersionForm(data, initial={"version": self.event.version})
        people = SessionRole.objects.select_related("person")
        return version_form, SessionRoleFormSet(data, instance=session, queryset=people, prefix="people")

    def render_forms(self, session, version_form, people):
        context = self.get_context_data(session=session, version_form=version_form, people=people)
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        return super().get_context_data(event=self.event, **kwargs)


class EventPreviewView(EventWorkspaceMixin, NoIndexMixin, DetailView):
    """The public event page as it will look once published, for any status."""

    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_object(self, queryset=None):
        return get_object_or_404(events_with_details(Event.objects.filter(pk=self.event.pk)))

    def get_context_data(self, **kwargs):
        return super().get_context_data(agenda=event_agenda(self.object), is_preview=True, **kwargs)


class EventTransitionView(EventWorkspaceMixin, ContentTransitionView):
    """Submit an event for review, or withdraw it to edit it again (POST only)."""

    success_url_name = "workspace:event-list"

    def get_item(self):
        return self.event


class EventSubmitView(EventTransitionView):
    action = "submit"
    success_message = gettext_lazy("“%(title)s” is submitted for review. Withdraw it if you need to change it.")


class EventWithdrawView(EventTransitionView):
    action = "withdraw"
    success_message = gettext_lazy("“%(title)s” is withdrawn from review and is a draft again.")


class EventRevisionsView(RevisionHistoryMixin, DetailView):
    """Every saved version of an event, its agenda included, and its review steps, for the members of any
    of its projects and staff; the times read in the event's own zone, as on its programme."""

    model = Event
    template_name = "workspace/events/event_history.html"
    context_object_name = "event"
    rich_text_fields = ("description",)

    def get_context_data(self, **kwargs):
        can_edit = editable_events(self.request.user).filter(pk=self.object.pk).exists()
        return super().get_context_data(can_edit=can_edit, is_editable=is_editable(self.object), **kwargs)
