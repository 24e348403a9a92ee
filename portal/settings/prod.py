"""Production: secrets and hosts must come from the environment, or the process refuses to start."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = False

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY: production will not start without it.")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS (comma-separated): production will not start without it.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
HUB_DEMO_CONTENT_ALLOWED = env_bool("HUB_DEMO_CONTENT_ALLOWED", False)

HUB_EMAIL_DELIVERY_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

STORAGES = {
    "default": STORAGES["default"],  # noqa: F405 (the filesystem, or S3 when base.py found a bucket)
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Fingerprinted names (site.3f2a….css) are cached for good ("immutable"; WhiteNoise decides that by the
# hash in the name). Anything asked for by its plain name may change at the next deploy: an hour at most.
# collectstatic also writes Brotli copies (the Brotli package), served to browsers that accept them.
WHITENOISE_MAX_AGE = 3600

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# __Host- cookies: the browser only accepts them Secure, with Path=/ and no Domain, so no other
# subdomain can set or shadow them. SameSite=Lax and the lifetime (SESSION_COOKIE_AGE) are in base.py.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
# No script of ours reads the CSRF cookie (forms carry the token), so scripts may not either.
CSRF_COOKIE_HTTPONLY = True
# A load balancer probing plain HTTP gets the health answer, not a redirect to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Keep database connections for a minute; CONN_HEALTH_CHECKS (base.py) replaces a broken one
# at the start of the next request, so the first request after a database restart succeeds.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))  # noqa: F405
