from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "hub.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import pre_delete

        from .models import keep_speaker_names

        pre_delete.connect(keep_speaker_names, sender=get_user_model(), dispatch_uid="events_keep_speaker_names")
