"""Small helpers for tests that drive the admin through the test client."""

from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def admin_url(model, view: str, *args) -> str:
    """``admin_url(Post, "change", post.pk)`` → ``/admin/news/post/<pk>/change/``."""
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def management_form(prefix: str, *, total: int = 0, initial: int = 0) -> dict:
    """The hidden fields every inline posts with its rows; without them the admin refuses the form."""
    return {f"{prefix}-TOTAL_FORMS": total, f"{prefix}-INITIAL_FORMS": initial, f"{prefix}-MAX_NUM_FORMS": 1000}


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def form_errors(response) -> list[str]:
    """Every error on an admin change form, its inlines included, as the page shows them."""
    # The admin's list holds each form's error lists, and the inline formsets' own errors as plain strings.
    flat = []
    for entry in response.context["errors"]:
        flat.extend([entry] if isinstance(entry, str) else entry)
    return [str(error) for error in flat]


def login_verified(client, user):
    """Log ``user`` in past the second factor too, as the admin requires of staff (see hub/members/two_factor.py)."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    device = device or TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
