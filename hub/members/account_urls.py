"""/accounts/: invitations, profile, personal data, staff two-factor (Django's auth views are mounted beside these)."""

from django.urls import path

from . import account_views as views
from . import two_factor_views

app_name = "accounts"
urlpatterns = [
    path("invitation/<str:token>/", views.InvitationAcceptView.as_view(), name="invitation-accept"),
    path("profile/", views.ProfileUpdateView.as_view(), name="profile"),
    path("profile/export/", views.PersonalDataExportView.as_view(), name="export"),
    path("profile/delete/", views.AccountDeleteView.as_view(), name="delete"),
    path("two-factor/", two_factor_views.SecondFactorVerifyView.as_view(), name="two-factor-verify"),
    path("two-factor/setup/", two_factor_views.SecondFactorSetupView.as_view(), name="two-factor-setup"),
]
