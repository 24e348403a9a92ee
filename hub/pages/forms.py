from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .models import MESSAGE_MAX_LENGTH

HONEYPOT_FIELD = "website"


class ContactForm(forms.Form):
    """What a visitor sends to the hub. ``website`` is a honeypot: people never see it, bots fill it in."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your name.")},
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We use it only to answer you."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter your e-mail address, so that we can answer you."),
            "invalid": _("Enter an e-mail address in the form name@example.org."),
        },
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        error_messages={"required": _("Enter the organisation you work for, or “none”.")},
    )
    project = forms.CharField(
        label=_("Project (optional)"),
        max_length=200,
        required=False,
        help_text=_("The EU-funded project you write about or for, if any."),
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=format_lazy(_("Up to {max} characters."), max=MESSAGE_MAX_LENGTH),
        error_messages={
            "required": _("Write your message."),
            "max_length": _("Shorten your message to %(limit_value)d characters or fewer (it has %(show_value)d)."),
        },
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    field_order = ["name", "email", "organisation", "project", "message", HONEYPOT_FIELD]

    @property
    def filled_by_a_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

    def visible_to_people(self):
        """The fields a person fills in, without the honeypot."""
        return [field for field in self if field.name != HONEYPOT_FIELD]

    def honeypot(self):
        return self[HONEYPOT_FIELD]

    def service_arguments(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("name", "email", "organisation", "project", "message")}
