from django import forms
from django.utils.translation import gettext_lazy as _

from hub.core.forms import FilterForm
from hub.events.models import Event
from hub.projects.models import Project

from .models import Document


class EventChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, event):
        return f"{event.title} ({event.starts_at:%Y})"


class DocumentFilterForm(FilterForm):
    """The resources page's filters. Every field is optional; a value that does not match is ignored."""

    kind = forms.ChoiceField(label=_("Type"), choices=[("", _("All types")), *Document.Kind.choices], required=False)
    project = forms.ModelChoiceField(
        label=_("Project"),
        queryset=Project.objects.only("acronym", "slug"),
        to_field_name="slug",
        empty_label=_("All projects"),
        required=False,
    )
    event = EventChoiceField(
        label=_("Event"),
        queryset=Event.objects.none(),
        to_field_name="slug",
        empty_label=_("All events"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per form, as published() compares with "now"; only events that have something to list.
        self.fields["event"].queryset = (
            Event.objects.published()
            .filter(pk__in=Document.objects.published().values("event"))
            .only("title", "slug", "starts_at")
        )
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def filter_kind(self, queryset, value):
        return queryset.of_kind(value)

    def filter_project(self, queryset, project):
        return queryset.for_project(project)

    def filter_event(self, queryset, event):
        return queryset.filter(event=event)
