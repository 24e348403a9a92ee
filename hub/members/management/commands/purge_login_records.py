"""Forget old login data: sign-in history past its retention, and failed-login records past the cool-off."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from hub.members.models import LOGIN_HISTORY_LIFETIME, LoginRecord


class Command(BaseCommand):
    help = (
        "Delete login history older than a year and failed-login attempts older than the lockout cool-off. "
        "Run daily (README, 'Logins and two-factor')."
    )

    def handle(self, *args, **options):
        # Imported here: axes' models need the app registry.
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        now = timezone.now()
        history, _ = LoginRecord.objects.filter(at__lt=now - LOGIN_HISTORY_LIFETIME).delete()
        attempts, _ = AccessAttempt.objects.filter(attempt_time__lt=now - settings.AXES_COOLOFF_TIME).delete()
        # Both logs are switched off in settings; rows from before that (or from a changed setting) still go.
        logs, _ = AccessLog.objects.filter(attempt_time__lt=now - LOGIN_HISTORY_LIFETIME).delete()
        failures, _ = AccessFailureLog.objects.filter(attempt_time__lt=now - LOGIN_HISTORY_LIFETIME).delete()
        self.stdout.write(
            f"Deleted {history} login records, {attempts} failed-login attempts and {logs + failures} log rows."
        )
