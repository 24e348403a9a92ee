from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from .models import SearchEntry
from .selectors import clean_query

slug_only = RegexValidator(r"^[-a-zA-Z0-9_]+\Z", _("Not an address of a project or topic."))


class QueryField(forms.CharField):
    """Control characters (NUL above all) are dropped and an overlong query cut, so any text is a valid query."""

    def to_python(self, value):
        return clean_query(super().to_python(value))


class SearchForm(forms.Form):
    """What to look for and where. A query longer than the limit is cut, not refused."""

    q = QueryField(label=_("Search the hub"), required=False)
    kind = forms.ChoiceField(
        label=_("Only"), choices=[("", _("Everything")), *SearchEntry.Kind.choices], required=False
    )
    project = forms.CharField(label=_("Project"), required=False, max_length=60, validators=[slug_only])
    topic = forms.CharField(label=_("Topic"), required=False, max_length=100, validators=[slug_only])
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)

    def search_arguments(self) -> dict:
        """The selector's keyword arguments from the fields that validated; the others are ignored."""
        data = getattr(self, "cleaned_data", {})
        kind = data.get("kind")
        return {
            "kinds": [kind] if kind else None,
            "project": data.get("project") or None,
            "topic": data.get("topic") or None,
            "year": data.get("year"),
        }
