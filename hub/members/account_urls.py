"""/accounts/: invitations, profile, personal data (Django's auth views are mounted beside these)."""

from django.urls import path  # noqa: F401 - filled in by the accounts work

app_name = "accounts"
urlpatterns = []
