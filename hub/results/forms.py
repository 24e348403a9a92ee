from django import forms
from django.utils.translation import gettext_lazy as _

from hub.core.forms import FilterForm
from hub.core.uploads import upload_formfield
from hub.projects.models import Project, Topic, ValueChainStage

from .models import Deliverable, Publication, clean_doi

PUBLICATION = "publication"


class DeliverableForm(forms.ModelForm):
    file = upload_formfield(
        Deliverable, "file", label=_("File"), required=False, help_text=_("PDF or an office document, at most 20 MB.")
    )

    class Meta:
        model = Deliverable
        fields = [
            "number",
            "title",
            "work_package",
            "type",
            "dissemination",
            "due_month",
            "status",
            "file",
            "url",
            "licence",
        ]


class PublicationForm(forms.ModelForm):
    class Meta:
        model = Publication
        fields = ["title", "authors", "venue", "year", "doi", "open_access", "url"]
        widgets = {"authors": forms.Textarea(attrs={"rows": 2})}

    def clean_doi(self):
        # People paste https://doi.org/10.… as often as the bare DOI; both mean the same.
        doi = clean_doi(self.cleaned_data["doi"])
        Publication._meta.get_field("doi").run_validators(doi)
        return doi


class ResultFilterForm(FilterForm):
    """Narrows the cluster-wide results page; every field is optional and they combine."""

    project = forms.ChoiceField(label=_("Project"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    stage = forms.ChoiceField(label=_("Value-chain stage"), required=False)
    type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("Any type")), (PUBLICATION, _("Publication")), *Deliverable.Type.choices],
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [("", _("Any project")), *Project.objects.values_list("slug", "acronym")]
        topics = Topic.objects.filter(projects__isnull=False).distinct().values_list("slug", "name")
        self.fields["topic"].choices = [("", _("Any topic")), *topics]
        self.fields["stage"].choices = [("", _("Any stage")), *ValueChainStage.objects.values_list("slug", "name")]
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-control" if name == "year" else "form-select"

    def filter_both(self, deliverables, publications):
        """The two lists narrowed by the valid filters."""
        data = self.active_filters()
        deliverables = self._by_project(deliverables, data, "project__")
        publications = self._by_project(publications, data, "projects__")
        if "year" in data:
            deliverables = deliverables.filter(due_date__year=data["year"])
            publications = publications.filter(year=data["year"])
        if data.get("type") == PUBLICATION:
            deliverables = deliverables.none()
        elif "type" in data:
            deliverables, publications = deliverables.filter(type=data["type"]), publications.none()
        return deliverables, publications

    @staticmethod
    def _by_project(queryset, data, prefix):
        lookups = {"project": "slug", "topic": "topics__slug", "stage": "value_chain_stages__slug"}
        for name, lookup in lookups.items():
            if name in data:
                queryset = queryset.filter(**{f"{prefix}{lookup}": data[name]})
        return queryset.distinct() if prefix == "projects__" or {"topic", "stage"} & set(data) else queryset
