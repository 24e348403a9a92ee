"""Print the demo accounts so that whoever starts the demo site knows how to sign in."""

from django.core.management.base import BaseCommand

from hub.core.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET_BASE32
from hub.core.demo.loader import demo_logins


class Command(BaseCommand):
    help = "Print the e-mail, password and role of each demo account created by seed_demo."

    def handle(self, *args, **options):
        self.stdout.write("  Demo logins (created by `manage.py seed_demo`):")
        for email, role in demo_logins():
            self.stdout.write(f"    {email:<32} {DEMO_PASSWORD}   {role}")
        self.stdout.write(
            "  Staff then type a second-factor code for /admin/: run `python manage.py demo_totp` for the current\n"
            f"  one, or add the secret {DEMO_TOTP_SECRET_BASE32} to an authenticator app (TOTP, 6 digits, 30 s)."
        )
