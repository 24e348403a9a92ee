from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CordisConfig(AppConfig):
    name = "hub.cordis"
    label = "cordis"
    verbose_name = _("CORDIS import")
