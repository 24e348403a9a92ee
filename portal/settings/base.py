"""Settings shared by every environment; dev, test and prod only switch what differs.

Every value that changes between machines comes from an environment variable; the
README lists them all. The defaults give a working local site on SQLite.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Local data (the SQLite file, uploaded media) lives in var/, which git ignores.
VAR_DIR = Path(os.environ.get("DJANGO_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

INSTALLED_APPS = [
    "hub.core.admin_site.HubAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "corsheaders",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "hub.core",
    "hub.members",
    "hub.projects",
    "hub.news",
    "hub.events",
    "hub.documents",
    "hub.pages",
    "hub.workspace",
    "hub.api",
    "hub.syndication",
    "hub.search",
    "hub.results",
    "hub.stats",
    "hub.cordis",
    # Background tasks (Django 6's tasks API, backported) stored in the database; see TASKS below.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost after SecurityMiddleware, so responses from the page cache get the headers too.
    "csp.middleware.CSPMiddleware",
    "hub.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Answers 304 when the ETag / Last-Modified the page cache sets still match.
    "django.middleware.http.ConditionalGetMiddleware",
    # Above the page cache, so pages served from it are counted too (hub/stats/counting.py).
    "hub.stats.counting.PublicObjectCountMiddleware",
    "hub.core.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks request.user.is_verified() once the second factor is passed (staff, before the admin).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Turns a locked-out login (too many wrong passwords) into our 429 page; see AXES_* below.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hub.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock when a transaction starts, so two concurrent saves queue up
    # instead of failing with "database is locked" half-way through.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast when PostgreSQL is away (visitors get the 503 page in seconds, not a hung worker),
    # and stop any query that runs away instead of holding a worker and locks.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connect_timeout=int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3")),
        options=f"-c statement_timeout={int(os.environ.get('DATABASE_STATEMENT_TIMEOUT_MS', '15000'))}",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Anonymous visitors' public pages are kept this long at most (0 turns the page cache off).
# Any change to public content retires them at once; the timeout only bounds how late a
# scheduled publication or an event moving from "upcoming" to "past" shows.
HUB_PAGE_CACHE_SECONDS = int(os.environ.get("HUB_PAGE_CACHE_SECONDS", "300"))
# Page views and downloads are counted in each process's memory and written at most this often.
HUB_STATS_FLUSH_SECONDS = int(os.environ.get("HUB_STATS_FLUSH_SECONDS", "60"))

# Two caches. "default" holds rendered public pages and fragments: Redis when REDIS_URL is
# set (shared by every app process), else this process's memory. "shared" holds counters
# that must agree across processes (rate limits, lockouts, API throttles): Redis too, or a
# database table when there is no Redis, never per-process memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
# A hung Redis must not hang every request (nor /healthz): give up after a second.
REDIS_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "page",
            "TIMEOUT": 600,
            "OPTIONS": REDIS_OPTIONS,
        },
        "shared": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "shared",
            "OPTIONS": REDIS_OPTIONS,
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "hub-pages",
            "TIMEOUT": 600,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
        "shared": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "hub_shared_cache"},
    }

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses any login while the account or the client is locked out (django-axes).
    "hub.members.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspace:dashboard"
LOGOUT_REDIRECT_URL = "pages:home"

# Logins (README, "Logins and two-factor"). Five wrong passwords for one account, or from one
# client address, lock that account or address out for HUB_LOGIN_COOLOFF_MINUTES; the public
# and the admin login alike. Attempts live in the database, shared by every app process.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("HUB_LOGIN_COOLOFF_MINUTES", "15")))
# A fixed cool-off: more guesses during a lockout do not prolong it (the victim gets back in on time).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
# Our branded page (registration/locked_out.html), status 429 with Retry-After.
AXES_LOCKOUT_CALLABLE = "hub.members.lockout.lockout_response"
# Our login forms (public and admin) call the e-mail field "username", as Django's AuthenticationForm does.
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "hub.members.lockout.login_name"
# REMOTE_ADDR, or X-Forwarded-For only as far as HUB_TRUSTED_PROXY_COUNT proxies vouch for it.
AXES_CLIENT_IP_CALLABLE = "hub.core.ratelimit.client_ip"
# Our own LoginRecord is the login history; axes only keeps failures (purged: purge_login_records).
AXES_DISABLE_ACCESS_LOG = True
# No start-up banner in every manage.py output; lockouts are still logged.
AXES_VERBOSE = False
# Staff pass a TOTP code (or a backup code) before the admin; wrong codes are counted in
# CACHES["shared"]: HUB_TWO_FACTOR_MAX_FAILURES per account or client, then a wait of the cool-off.
OTP_TOTP_ISSUER = "Cluster Hub"
# django-otp's own per-device delay would refuse a right code typed soon after a wrong one; our
# counter (hub/members/two_factor.py) limits guessing instead, with a message that says so.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
HUB_TWO_FACTOR_MAX_FAILURES = 5

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploads on S3-compatible object storage when a bucket is named: every app host sees the same
# files, none keeps them on its disk. Without keys, boto3 uses the host's role or ~/.aws.
HUB_MEDIA_S3_BUCKET = os.environ.get("HUB_MEDIA_S3_BUCKET", "")
if HUB_MEDIA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "hub.core.storage.MediaS3Storage",
        "OPTIONS": {
            "bucket_name": HUB_MEDIA_S3_BUCKET,
            "location": os.environ.get("HUB_MEDIA_S3_PREFIX", "media"),
            "endpoint_url": os.environ.get("HUB_MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("HUB_MEDIA_S3_REGION") or None,
            "access_key": os.environ.get("HUB_MEDIA_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("HUB_MEDIA_S3_SECRET_ACCESS_KEY") or None,
            # Public media: plain, cacheable URLs rather than signed ones that expire.
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }

# Uploaded files are served by the app after a visibility check (hub/core/media.py). Behind nginx,
# set this to an `internal` location aliasing MEDIA_ROOT (deploy/nginx): the app decides, nginx sends.
HUB_MEDIA_ACCEL_REDIRECT = os.environ.get("HUB_MEDIA_ACCEL_REDIRECT", "")

# Uploads larger than this go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# The first handler keeps no byte past the largest size any form accepts (hub/core/uploads.py).
FILE_UPLOAD_HANDLERS = [
    "hub.core.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Every mail is queued in the database and delivered by the worker (manage.py run_worker) with
# HUB_EMAIL_DELIVERY_BACKEND, retried with a doubling wait; see hub/core/mail.py.
EMAIL_BACKEND = "hub.core.mail.QueuedEmailBackend"
HUB_EMAIL_DELIVERY_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
HUB_EMAIL_MAX_ATTEMPTS = int(os.environ.get("HUB_EMAIL_MAX_ATTEMPTS", "8"))
HUB_EMAIL_RETRY_SECONDS = int(os.environ.get("HUB_EMAIL_RETRY_SECONDS", "60"))
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS")
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Cluster Hub <noreply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
HUB_STAFF_EMAILS = env_list("HUB_STAFF_EMAILS")
# The aggregator of member projects' feeds (manage.py fetch_feeds): per-feed limits.
# Subscribed event calendars hold every upcoming event and those that ended within this many months.
HUB_CALENDAR_PAST_MONTHS = int(os.environ.get("HUB_CALENDAR_PAST_MONTHS", "6"))
HUB_FEED_TIMEOUT = int(os.environ.get("HUB_FEED_TIMEOUT", "10"))
HUB_FEED_MAX_BYTES = int(os.environ.get("HUB_FEED_MAX_BYTES", str(2 * 1024 * 1024)))
# Only for tests and local trials: lets feeds live on 127.0.0.1 or private networks (SSRF guard off).
HUB_FEEDS_ALLOW_PRIVATE_HOSTS = env_bool("HUB_FEEDS_ALLOW_PRIVATE_HOSTS")
# The worker fetches every feed this often (seconds; 0: never, leave it to cron or the admin).
HUB_FEED_INTERVAL = int(os.environ.get("HUB_FEED_INTERVAL", "1800"))

# Background work: rows in the database, run by `manage.py run_worker` (e-mail on "default",
# feed fetching on "feeds"). Tests run tasks at once (settings/test.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "feeds"]}}
# Reindex search entries on every save (off in most tests; see hub/search/receivers.py).
HUB_SEARCH_LIVE_INDEX = True
# seed_demo creates accounts with a published password; production refuses unless told otherwise.
HUB_DEMO_CONTENT_ALLOWED = env_bool("HUB_DEMO_CONTENT_ALLOWED", True)

# Rate limits (hub/core/ratelimit.py), counted in caches["shared"]: scope -> (requests, window in seconds).
HUB_RATE_LIMITS = {
    "contact": (int(os.environ.get("HUB_RATE_CONTACT", "5")), 3600),
    "password-reset": (int(os.environ.get("HUB_RATE_PASSWORD_RESET", "5")), 3600),
    "invitation": (int(os.environ.get("HUB_RATE_INVITATION", "30")), 3600),
    "upload": (int(os.environ.get("HUB_RATE_UPLOAD", "60")), 3600),
}
# How many reverse proxies in front of the app append to X-Forwarded-For (0: trust REMOTE_ADDR only).
HUB_TRUSTED_PROXY_COUNT = int(os.environ.get("HUB_TRUSTED_PROXY_COUNT", "0"))

# Django 6 makes https the default scheme of URL form fields; opt in now (silences the deprecation).
FORMS_URLFIELD_ASSUME_HTTPS = True

# The read-only JSON API (/api/): public data, anonymous GETs from any site, throttled per client.
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["hub.api.throttling.SharedAnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("HUB_API_RATE", "120/minute")},
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Cluster Hub API",
    "DESCRIPTION": "Read-only public data of the cluster hub: projects, organisations, events, news, documents.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Content-Security-Policy (django-csp 4; README "Security headers"). No inline script anywhere;
# styles from our own files, plus the one <style> element the Trix editor adds, which carries the
# page's nonce (the nonce is only sent on pages that use it: workspace pages, never cached).
# hub/core/middleware.py widens img-src for the editor in the workspace; the widget may be framed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Browser features the portal never uses, off for it and anything it frames.
HUB_PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), publickey-credentials-get=(), usb=(), "
    "screen-wake-lock=(), xr-spatial-tracking=(), browsing-topics=()"
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Two weeks: long enough for partners who log in weekly, short enough to expire lost devices.
SESSION_COOKIE_AGE = 14 * 24 * 3600

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

# The public address, for links in e-mails (which have no request to build them from).
HUB_SITE_URL = os.environ.get("HUB_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
HUB_NAME = "Cluster Hub"
HUB_FULL_NAME = "Production of raw materials for batteries from European resources"
CSRF_FAILURE_VIEW = "hub.pages.views.csrf_failure"

# CORDIS import (hub/cordis): where a project's XML record is fetched by grant number, and how long to wait.
HUB_CORDIS_URL = os.environ.get("HUB_CORDIS_URL", "https://cordis.europa.eu/project/id/{grant}?format=xml")
HUB_CORDIS_TIMEOUT = float(os.environ.get("HUB_CORDIS_TIMEOUT", "10"))
