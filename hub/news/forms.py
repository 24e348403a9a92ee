"""The filters above the public news list."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hub.core.forms import FilterForm
from hub.projects.models import Project, Topic

from .models import Post


class PostFilterForm(FilterForm):
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All topics"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    project = forms.ModelChoiceField(
        label=_("Project"),
        queryset=Project.objects.only("acronym", "slug"),
        to_field_name="slug",
        required=False,
        empty_label=_("All projects"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("All kinds")), *Post.Kind.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def full_clean(self):
        super().full_clean()
        # A value that does not validate is ignored, not the visitor's mistake to fix: without
        # this the field would be rendered with aria-invalid for a filter that is not applied.
        self._errors.clear()

    def filter_topic(self, queryset, topic):
        return queryset.for_topic(topic)

    def filter_project(self, queryset, project):
        return queryset.for_project(project)

    def filter_kind(self, queryset, kind):
        return queryset.of_kind(kind)


class TopicPostFilterForm(PostFilterForm):
    """On a topic's archive the topic comes from the address, so the form does not offer it."""

    topic = None
