"""Forms of the partners' workspace for proposing an event, its agenda and the people in it.

Times are typed as they read on the event's programme, in the event's own time zone. The views
activate that zone (``timezone.override(editing_zone(...))``) around validation and rendering, so
Django's datetime fields read and show them in it.
"""

import functools
import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from hub.members.models import Organisation
from hub.members.permissions import member_projects
from hub.projects.models import Project, Topic

from .models import DEFAULT_TIME_ZONE, Event, Session, SessionRole

COMMON_TIME_ZONES = [
    "Europe/Lisbon",
    "Europe/Dublin",
    "Europe/London",
    "Europe/Madrid",
    "Europe/Paris",
    "Europe/Brussels",
    "Europe/Amsterdam",
    "Europe/Luxembourg",
    "Europe/Berlin",
    "Europe/Zurich",
    "Europe/Vienna",
    "Europe/Rome",
    "Europe/Prague",
    "Europe/Warsaw",
    "Europe/Stockholm",
    "Europe/Oslo",
    "Europe/Copenhagen",
    "Europe/Budapest",
    "Europe/Ljubljana",
    "Europe/Zagreb",
    "Europe/Bratislava",
    "Europe/Helsinki",
    "Europe/Tallinn",
    "Europe/Riga",
    "Europe/Vilnius",
    "Europe/Bucharest",
    "Europe/Sofia",
    "Europe/Athens",
    "Europe/Istanbul",
    "UTC",
]
DATETIME_INPUT_FORMAT = "%Y-%m-%dT%H:%M"
# Inline formsets add their foreign key to ``Meta.fields``; these stay what the services take.
SESSION_FORM_FIELDS = ("title", "kind", "starts_at", "ends_at", "order", "description", "projects")
ROLE_FORM_FIELDS = ("role", "guest_name", "organisation", "project", "talk_title", "order")


def editing_zone(*names: str | None) -> zoneinfo.ZoneInfo:
    """The zone to read and show an event's times in: the first of ``names`` that is a real zone, else the default."""
    for name in names:
        if name in time_zone_names():
            return zoneinfo.ZoneInfo(name)
    return zoneinfo.ZoneInfo(DEFAULT_TIME_ZONE)


@functools.cache
def time_zone_names() -> frozenset:
    return frozenset(zoneinfo.available_timezones())


def time_zone_choices() -> list:
    """Europe's zones first, then every other zone, so an event anywhere can be entered."""
    others = sorted(time_zone_names() - set(COMMON_TIME_ZONES))
    return [
        (_("Common in Europe"), [(name, name.replace("_", " ")) for name in COMMON_TIME_ZONES]),
        (_("All other time zones"), [(name, name.replace("_", " ")) for name in others]),
    ]


class LocalDateTimeInput(forms.DateTimeInput):
    """A browser date-and-time picker; the value is wall-clock time in the active time zone."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATETIME_INPUT_FORMAT)


class ProjectsField(forms.ModelMultipleChoiceField):
    """Projects named by acronym and title; checkboxes unless a widget is given."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, project):
        return f"{project.acronym}: {project.full_title}" if project.full_title else project.acronym


class EventProposalForm(forms.ModelForm):
    """What a partner says about an event. Status, author, publication date and version are never
    taken from the form: the hidden ``version`` is only compared with the stored one."""

    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        initial=DEFAULT_TIME_ZONE,
        help_text=_("Where the event takes place. Type the times below as they are in this zone."),
    )
    projects = ProjectsField(
        label=_("Organising projects"),
        queryset=Project.objects.none(),
        error_messages={"invalid_choice": _("You can only choose projects you are a member of.")},
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "summary",
            "description",
            "time_zone",
            "starts_at",
            "ends_at",
            "format",
            "venue_name",
            "venue_address",
            "city",
            "country",
            "online_url",
            "registration_url",
            "registration_deadline",
            "projects",
            "topics",
        ]
        labels = {
            "starts_at": _("Starts (local time)"),
            "ends_at": _("Ends (local time)"),
            "registration_deadline": _("Registration deadline (local time)"),
        }
        help_texts = {
            "summary": _("One or two sentences for lists and search results."),
            "description": _("Plain text or simple HTML; scripts and styles are removed when saved."),
        }
        widgets = {
            "starts_at": LocalDateTimeInput,
            "ends_at": LocalDateTimeInput,
            "registration_deadline": LocalDateTimeInput,
            "summary": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        mine = member_projects(user).order_by("acronym")
        self.fields["projects"].queryset = mine
        self.fields["time_zone"].choices = time_zone_choices()
        self.fields["version"].required = self.instance.pk is not None
        # Projects of the event the user does not belong to stay on it: only their members may remove them.
        self.kept_projects = []
        if self.instance.pk:
            self.initial["version"] = self.instance.version
            self.kept_projects = list(self.instance.projects.exclude(pk__in=mine.values("pk")))
        if self.kept_projects:
            names = ", ".join(project.acronym for project in self.kept_projects)
            self.fields["projects"].help_text = _(
                "Also organised by %(names)s (only its members can change that)."
            ) % {"names": names}

    def clean_projects(self):
        return [*self.cleaned_data["projects"], *self.kept_projects]

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The event must end after it starts."))
        deadline = cleaned.get("registration_deadline")
        if deadline and ends and deadline > ends:
            self.add_error("registration_deadline", _("Registration must close before the event ends."))
        return cleaned

    def service_fields(self) -> dict:
        """The cleaned values as the services take them (the version is not among them)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class SessionForm(forms.ModelForm):
    """One agenda item; times in the event's zone."""

    projects = ProjectsField(
        label=_("Projects presenting"),
        queryset=Project.objects.only("acronym", "full_title").order_by("acronym"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )

    class Meta:
        model = Session
        fields = list(SESSION_FORM_FIELDS)
        labels = {"starts_at": _("Starts (local time)"), "ends_at": _("Ends (local time)")}
        widgets = {
            "starts_at": LocalDateTimeInput,
            "ends_at": LocalDateTimeInput,
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False
        self.fields["order"].help_text = _("Position in the agenda; leave empty to keep the order of this page.")

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("A session must end after it starts."))
        return cleaned


class SharedChoicesMixin:
    """Every row of a formset offers the same options: fetch them once, not once per row."""

    shared_choice_fields = ()

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if not hasattr(self, "_shared_choices"):
            self._shared_choices = {name: list(form.fields[name].choices) for name in self.shared_choice_fields}
        for name, choices in self._shared_choices.items():
            form.fields[name].choices = choices


class BaseSessionFormSet(SharedChoicesMixin, forms.BaseInlineFormSet):
    shared_choice_fields = ("projects",)

    def agenda(self) -> list[dict]:
        """The whole agenda as the services take it: kept sessions in page order, without deleted or empty rows."""
        agenda = []
        for form in self.forms:
            if form in self.deleted_forms or (form.instance.pk is None and not form.has_changed()):
                continue
            data = {name: form.cleaned_data.get(name) for name in SESSION_FORM_FIELDS}
            agenda.append({"id": form.instance.pk, **data})
        return agenda


SessionFormSet = forms.inlineformset_factory(
    Event, Session, form=SessionForm, formset=BaseSessionFormSet, extra=1, can_delete=True, max_num=60
)


class SessionRoleForm(forms.ModelForm):
    """A speaker, moderator or chair. Anyone is named by typing their name, members included."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.only("name").order_by("name"),
        required=False,
    )
    project = forms.ModelChoiceField(
        label=_("Project represented"), queryset=Project.objects.only("acronym").order_by("acronym"), required=False
    )

    class Meta:
        model = SessionRole
        fields = list(ROLE_FORM_FIELDS)
        labels = {"guest_name": _("Name")}
        help_texts = {"guest_name": _("The person's name as it should appear in the agenda.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False
        if self.instance.person_id:
            # Staff linked this entry to a member's account; it keeps that link unless deleted.
            self.fields["guest_name"].help_text = _("Linked to the member %(name)s by hub staff.") % {
                "name": self.instance.person
            }

    def clean(self):
        cleaned = super().clean()
        name = (cleaned.get("guest_name") or "").strip()
        if self.instance.person_id and name:
            self.add_error("guest_name", _("This entry already names a member; delete it to name someone else."))
        elif not self.instance.person_id and not name:
            self.add_error("guest_name", _("Type the person's name."))
        return cleaned


class BaseSessionRoleFormSet(SharedChoicesMixin, forms.BaseInlineFormSet):
    shared_choice_fields = ("organisation", "project")

    def people(self) -> list[dict]:
        """Everyone kept on the session, as the services take them, in page order."""
        people = []
        for form in self.forms:
            if form in self.deleted_forms or (form.instance.pk is None and not form.has_changed()):
                continue
            data = {name: form.cleaned_data.get(name) for name in ROLE_FORM_FIELDS}
            people.append({"id": form.instance.pk, **data})
        return people


SessionRoleFormSet = forms.inlineformset_factory(
    Session,
    SessionRole,
    form=SessionRoleForm,
    formset=BaseSessionRoleFormSet,
    extra=2,
    can_delete=True,
    max_num=50,
)


class EditVersionForm(forms.Form):
    """The version an edit started from, compared on save to catch concurrent edits."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
