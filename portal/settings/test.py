"""Settings for the test suite: fast hashing, e-mail kept in memory, media in a temp folder."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105 (tests only)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
HUB_EMAIL_DELIVERY_BACKEND = EMAIL_BACKEND
# Tasks run at once, inside the test; the worker tests switch to the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default", "feeds"]}}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="clusterhub-test-media-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="clusterhub-test-static-"))

# `makemigrations --check` consults the default database even under the test settings.
VAR_DIR.mkdir(parents=True, exist_ok=True)

# Reindexing on every factory save is slow; the search tests (and any test that searches)
# switch it back on with the `live_search_index` fixture.
HUB_SEARCH_LIVE_INDEX = False

# Tests run in one process: both caches in memory keeps query counts about the page itself.
# (Production shares them through Redis or the database; see base.py.)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-pages"},
    "shared": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-shared"},
}

# Off by default so a test may change rows with .update() and see the change; the page-cache
# tests (and anything testing invalidation) switch it on with the `page_cache` fixture.
HUB_PAGE_CACHE_SECONDS = 0
# Counted views are written after each response, so a test sees them at once.
HUB_STATS_FLUSH_SECONDS = 0
