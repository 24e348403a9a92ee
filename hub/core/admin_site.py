"""The back office: Django's admin, branded as the Cluster Hub, with a moderation queue."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.urls import path
from django.utils.translation import gettext_lazy as _


class HubAdminSite(admin.AdminSite):
    site_header = _("Cluster Hub back office")
    site_title = _("Cluster Hub admin")
    index_title = _("Run the hub")

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
