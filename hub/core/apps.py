from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "hub.core"
    label = "core"
    verbose_name = _("Hub core")

    def ready(self):
        from . import page_cache_receivers

        page_cache_receivers.connect()

        from . import deletion

        deletion.connect()  # files of deleted rows; no project deleted with its content

        from . import images

        images.connect_receivers()  # renditions made on upload, removed with their row
