"""Fill the database with the demo content: member projects, organisations, events, news, documents, logins."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from hub.core.demo.loader import DemoDataError, load_demo


class Command(BaseCommand):
    help = "Load the demo content of hub/core/demo/demo.yaml. Safe to run again: it only writes what changed."

    def handle(self, *args, **options):
        if not settings.HUB_DEMO_CONTENT_ALLOWED:
            # The demo accounts share a published password: never create them by accident in production.
            raise CommandError("Demo content is switched off here (set HUB_DEMO_CONTENT_ALLOWED=true to allow it).")
        try:
            report = load_demo()
        except (DemoDataError, ValidationError) as error:
            # Nothing was written: the whole load runs in one transaction.
            raise CommandError(f"The demo data was not loaded: {error}") from error
        self.stdout.write(self.style.SUCCESS(report.summary()))
