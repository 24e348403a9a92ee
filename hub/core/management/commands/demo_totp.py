"""Print the demo staff account's current two-factor code, for trying the back office without a phone."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from hub.core.demo import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = "Print the current 6-digit code of the demo staff authenticator (seed_demo sets it up)."

    def handle(self, *args, **options):
        if not settings.HUB_DEMO_CONTENT_ALLOWED:
            raise CommandError("Demo content is switched off here (set HUB_DEMO_CONTENT_ALLOWED=true to allow it).")
        totp = TOTP(bytes.fromhex(DEMO_TOTP_KEY))
        seconds_left = totp.step - int(totp.time - totp.t0) % totp.step
        self.stdout.write(f"{totp.token():06d}   (valid for about {seconds_left} more seconds)")
