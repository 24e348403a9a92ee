"""Forms of /accounts/: accepting an invitation, the member's own profile, deleting the account."""

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hub.core.uploads import POLICIES, upload_formfield

from .models import Organisation, User

MAX_PHOTO_BYTES = POLICIES["members.User.photo"].max_bytes


class InvitationSignupForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        help_text=_("As colleagues know you; shown with what you post."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your full name, as colleagues know you.")},
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,  # a passphrase is used exactly as typed, spaces included
        help_text=_("At least 12 characters, not a common password, not only digits. A few words make a good one."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Choose a password.")},
    )
    password_again = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Type the password a second time, to be sure it is the one you meant.")},
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_password(self):
        # The service checks again; checking here too shows every problem of the form at once.
        password = self.cleaned_data["password"]
        person = User(email=self.email, full_name=self.cleaned_data.get("full_name", ""))
        password_validation.validate_password(password, person)
        return password

    def clean_password_again(self):
        password, again = self.cleaned_data.get("password"), self.cleaned_data["password_again"]
        if password and again != password:
            raise ValidationError(_("The two passwords differ. Type the same password twice."), code="mismatch")
        return again


class InvitationConfirmForm(forms.Form):
    """Nothing to fill in: a signed-in member only confirms."""


class ProfileForm(forms.ModelForm):
    photo = upload_formfield(
        User,
        "photo",
        label=_("Photo"),
        help_text=_("A JPEG, PNG, WebP or GIF image of at most 5 MB. We store a copy without its metadata."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("(not listed or none)"),
        help_text=_("If yours is missing, tell the hub staff and they will add it."),
    )

    class Meta:
        model = User
        fields = ["full_name", "job_title", "organisation", "bio", "photo", "public_profile"]
        labels = {"public_profile": _("Show a public profile page")}
        help_texts = {
            "full_name": _("As colleagues know you; shown with what you post."),
            "public_profile": _(
                "Off by default. When on, anyone can see a page at /people/… with your name, job title, "
                "organisation, short biography, photo, your projects and the events where you speak. "
                "Your e-mail address is never shown. Turn it off at any time."
            ),
        }
        error_messages = {"full_name": {"required": _("Enter your full name, as colleagues know you.")}}
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Type your current password to confirm.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(
                _("This is not your current password. Your account has not been deleted."), code="wrong_password"
            )
        return password
