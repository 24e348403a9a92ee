from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from hub.core.forms import FilterForm

from .models import Organisation


class OrganisationFilterForm(FilterForm):
    """Narrows the organisation directory by country (only those that occur) and kind."""

    country = forms.ChoiceField(label=_("Country"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *Organisation.Kind.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        codes = Organisation.objects.exclude(country="").order_by().values_list("country", flat=True).distinct()
        named = sorted(((code, countries.name(code)) for code in codes), key=lambda choice: choice[1])
        self.fields["country"].choices = [("", _("Any country")), *named]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def filter_country(self, queryset, value):
        return queryset.filter(country=value)

    def filter_kind(self, queryset, value):
        return queryset.filter(kind=value)
