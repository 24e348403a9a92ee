from django import forms
from django.utils.translation import gettext_lazy as _


class FeedSourceForm(forms.Form):
    url = forms.URLField(
        label=_("Feed address"),
        max_length=500,
        help_text=_("The address of your website's RSS or Atom feed, e.g. https://www.example.eu/news/feed/"),
        error_messages={"required": _("Enter the address of the feed.")},
    )
