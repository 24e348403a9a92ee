from django import forms
from django.utils.translation import gettext_lazy as _

from hub.core.forms import FilterForm
from hub.core.uploads import upload_formfield

from .models import Project, ProjectStatus, Topic, ValueChainStage


class ProjectFilterForm(FilterForm):
    """Narrows the project directory. Topics and stages are chosen by their address (slug)."""

    topic = forms.ChoiceField(label=_("Topic"), required=False)
    programme = forms.ChoiceField(
        label=_("Programme"), required=False, choices=[("", _("Any programme")), *Project.Programme.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *ProjectStatus.choices]
    )
    stage = forms.ChoiceField(label=_("Value-chain stage"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only topics some project works on: choosing any other would always give an empty list.
        topics = Topic.objects.filter(projects__isnull=False).distinct().values_list("slug", "name")
        self.fields["topic"].choices = [("", _("Any topic")), *topics]
        self.fields["stage"].choices = [("", _("Any stage")), *ValueChainStage.objects.values_list("slug", "name")]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def filter_topic(self, queryset, value):
        return queryset.filter(topics__slug=value).distinct()

    def filter_programme(self, queryset, value):
        return queryset.filter(programme=value)

    def filter_status(self, queryset, value):
        return queryset.with_status(value)

    def filter_stage(self, queryset, value):
        return queryset.filter(value_chain_stages__slug=value).distinct()


class ProjectPageForm(forms.ModelForm):
    """What a project's editors change on its public page. Acronym, title, programme, grant and
    budget figures are the hub staff's, so they are not fields here."""

    logo = upload_formfield(Project, "logo", label=_("Logo"), help_text=_("PNG, JPEG, WebP or GIF, at most 5 MB."))
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    value_chain_stages = forms.ModelMultipleChoiceField(
        label=_("Value-chain stages"),
        queryset=ValueChainStage.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Project
        fields = ["summary", "description", "website", "logo", "topics", "value_chain_stages"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 10}),
        }
        help_texts = {"description": _("Plain text; an empty line starts a new paragraph.")}
