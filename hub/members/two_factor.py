"""Staff two-factor login (django-otp): an authenticator app (TOTP) plus ten single-use backup codes.

Staff pass a code before any admin page (hub/core/admin_site.py); partners are never asked. Wrong
codes are counted in CACHES["shared"], per account and per client address, so guessing stops after
HUB_TWO_FACTOR_MAX_FAILURES tries for the login cool-off, whichever app process answers.
"""

import re
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django_otp import devices_for_user, match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.core.ratelimit import client_ip

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


class TooManyCodeFailures(Exception):
    """Too many wrong codes for this account or from this client: wait for the cool-off."""


def needs_second_factor(user) -> bool:
    """Staff (who can reach the admin) pass a second factor; partners do not."""
    return user.is_authenticated and user.is_active and user.is_staff


def has_confirmed_device(user) -> bool:
    return any(devices_for_user(user, confirmed=True))


def enrolment_device(*, user) -> TOTPDevice:
    """The not-yet-confirmed authenticator of this user, created on first use (the same secret on a reload)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it when typed: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> SafeString:
    """The otpauth:// address as an inline SVG QR code, drawn here: no image service, no request elsewhere."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    # Only numbers in path data come out: the address is encoded as modules, never written as text.
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308


def normalised(code: str) -> str:
    # People type "123 456" or "abcd-efgh" as shown, or paste with spaces around.
    return re.sub(r"[\s-]", "", code or "").lower()


@transaction.atomic
def enrolment_confirm(*, device: TOTPDevice, code: str, request) -> list[str] | None:
    """Confirm the authenticator with its first code; return fresh backup codes, or None if the code is wrong."""
    guard_against_guessing(request)
    if not device.verify_token(normalised(code)):
        count_failure(request)
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    forget_failures(request)
    return backup_codes_replace(user=device.user)


@transaction.atomic
def backup_codes_replace(*, user) -> list[str]:
    """Ten new single-use codes; any earlier ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return [f"{code[:4]}-{code[4:]}" for code in codes]


def code_check(*, request, code: str):
    """The device that accepts this TOTP or backup code (a backup code is used up), or None."""
    guard_against_guessing(request)
    device = match_token(request.user, normalised(code))
    if device is None:
        count_failure(request)
    else:
        forget_failures(request)
    return device


# Counting wrong codes -----------------------------------------------------------------------


def _failure_keys(request) -> list[str]:
    return [f"2fa-failures:user:{request.user.pk}", f"2fa-failures:ip:{client_ip(request)}"]


def guard_against_guessing(request) -> None:
    counts = caches["shared"].get_many(_failure_keys(request))
    if any(count >= settings.HUB_TWO_FACTOR_MAX_FAILURES for count in counts.values()):
        raise TooManyCodeFailures


def count_failure(request) -> None:
    cache, timeout = caches["shared"], int(settings.AXES_COOLOFF_TIME.total_seconds())
    for key in _failure_keys(request):
        # add() starts the window at the first failure; incr() keeps it (a fixed cool-off).
        cache.add(key, 0, timeout=timeout)
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=timeout)


def forget_failures(request) -> None:
    # Only the account's count: a shared office address keeps its count against guessing many accounts.
    caches["shared"].delete(_failure_keys(request)[0])


def demo_device_ensure(*, user, key: str) -> None:
    """Give a demo staff account an authenticator with the published demo secret (seed_demo only)."""
    if not TOTPDevice.objects.filter(user=user, key=key, confirmed=True).exists():
        TOTPDevice.objects.filter(user=user).delete()
        TOTPDevice.objects.create(user=user, name="Demo authenticator", key=key, confirmed=True)
