"""The bare reference: Django serving one templated page, no database, no sessions, no cache.

The benchmark compares each portal page's requests per second with this page's, served by
gunicorn with the same workers and threads, so the ratio shows what the portal's own work costs.
"""

import os
import secrets
from pathlib import Path

HERE = Path(__file__).resolve().parent

DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50)
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "reference.urls"
WSGI_APPLICATION = "reference.wsgi.application"
INSTALLED_APPS = []
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [HERE / "templates"]}]
DATABASES = {}
USE_TZ = True
# The size of page to serve, in bytes: the runner passes the size of the portal's news list.
REFERENCE_PAGE_BYTES = int(os.environ.get("REFERENCE_PAGE_BYTES", "30000"))
