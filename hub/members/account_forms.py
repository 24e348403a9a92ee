"""Forms of /accounts/: accepting an invitation, the member's own profile, deleting the account."""

import uuid
from io import BytesIO

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from .models import Organisation, User

MAX_PHOTO_BYTES = 5 * 1024 * 1024
# Far above any camera, far below what would exhaust memory when decoded.
MAX_PHOTO_PIXELS = 50_000_000
PHOTO_BOX = (1200, 1200)


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


class PhotoField(forms.ImageField):
    """An image Pillow can read, at most 5 MB; the size is checked before the image is opened."""

    def to_python(self, data):
        if data and getattr(data, "size", 0) > MAX_PHOTO_BYTES:
            raise ValidationError(
                _("The photo is %(size)s MB; the limit is 5 MB. Choose a smaller photo."),
                params={"size": f"{data.size / 1024 / 1024:.1f}"},
                code="too_large",
            )
        return super().to_python(data)


def reencoded_photo(upload: UploadedFile) -> ContentFile:
    """A fresh copy of the photo under a random name: upright, at most 1200 pixels wide or high, and without
    metadata (camera, GPS position) or anything hidden after the image data."""
    upload.seek(0)
    with Image.open(upload) as original:
        image = ImageOps.exif_transpose(original)
        image.thumbnail(PHOTO_BOX)
        buffer = BytesIO()
        if image.mode in ("RGBA", "LA", "P"):
            image.save(buffer, format="PNG", optimize=True)
            extension = "png"
        else:
            image.convert("RGB").save(buffer, format="JPEG", quality=85, optimize=True)
            extension = "jpg"
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


class ProfileForm(forms.ModelForm):
    photo = PhotoField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("A JPEG, PNG or WebP image of at most 5 MB. We store a copy without its metadata."),
        error_messages={"invalid_image": _("This file is not an image we can read. Upload a JPEG, PNG or WebP.")},
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

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):
            if photo.image.width * photo.image.height > MAX_PHOTO_PIXELS:
                raise ValidationError(
                    _("The photo has too many pixels. Choose one under 50 megapixels."), code="too_many_pixels"
                )
            return reencoded_photo(photo)
        return photo


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
