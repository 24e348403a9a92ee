"""Login lockout (django-axes): who is counted, and the backend that refuses locked-out logins."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render


def login_name(request, credentials: dict | None) -> str:
    """The address typed at login, lower-cased: logins ignore case, so the failure count does too."""
    field = settings.AXES_USERNAME_FORM_FIELD
    typed = (credentials or {}).get(field) or getattr(request, "POST", {}).get(field) or ""
    return typed.strip().lower()


class LockoutBackend(AxesStandaloneBackend):
    """Axes' check, skipped when there is no request: only code (tests, the shell, commands) calls
    authenticate() that way; every login form of the site passes its request and is counted."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """The page a locked-out login gets: ours, with the site's layout, and 429 Too Many Requests."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    context = {"cooloff_minutes": max(1, seconds // 60)}
    response = render(request, "registration/locked_out.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response
