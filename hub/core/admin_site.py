"""The back office: Django's admin, branded as the Cluster Hub, with a moderation queue."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class HubAdminSite(admin.AdminSite):
    site_header = _("Cluster Hub back office")
    site_title = _("Cluster Hub admin")
    index_title = _("Run the hub")


class HubAdminConfig(AdminConfig):
    default_site = "hub.core.admin_site.HubAdminSite"
