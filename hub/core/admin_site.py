"""The back office: Django's admin, branded as the Cluster Hub, with a moderation queue."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _


class HubAdminSite(admin.AdminSite):
    site_header = _("Cluster Hub back office")
    site_title = _("Cluster Hub admin")
    index_title = _("Run the hub")

    def has_permission(self, request):
        # Staff also pass the second factor (django-otp's middleware sets is_verified) before any page.
        return super().has_permission(request) and request.user.is_verified()

    def login(self, request, extra_context=None):
        # Logged in with the password but not past the second factor: our code page, not this login
        # form again (which would loop back here).
        user = request.user
        if user.is_active and user.is_staff and not user.is_verified():
            target = request.GET.get("next") or reverse("admin:index", current_app=self.name)
            return redirect(f"{reverse('accounts:two-factor-verify')}?{urlencode({'next': target})}")
        return super().login(request, extra_context)

    def get_urls(self):
        moderation = path("moderation/", self.admin_view(self.moderation_queue), name="moderation")
        return [moderation, *super().get_urls()]

    def moderation_queue(self, request):
        # Imported here: this module is loaded with the app registry, before any model exists.
        from .admin_moderation import moderation_view

        return moderation_view(self, request)

    def index(self, request, extra_context=None):
        from .admin_moderation import waiting_count

        context = {"moderation_waiting": waiting_count(self, request), **(extra_context or {})}
        return super().index(request, context)


class HubAdminConfig(AdminConfig):
    default_site = "hub.core.admin_site.HubAdminSite"
