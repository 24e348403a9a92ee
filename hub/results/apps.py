from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "hub.results"
    label = "results"
    verbose_name = _("Deliverables and publications")

    def ready(self):
        from . import receivers

        receivers.connect()
