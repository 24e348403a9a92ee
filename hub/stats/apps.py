from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "hub.stats"
    label = "stats"
    verbose_name = _("Dissemination figures")

    def ready(self):
        from . import counting

        counting.connect()
