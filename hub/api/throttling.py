"""API throttling that every app process agrees on."""

from django.core.cache import caches
from rest_framework.throttling import AnonRateThrottle


class SharedAnonRateThrottle(AnonRateThrottle):
    """Counts requests in the "shared" cache (Redis or the database), never per-process memory,
    so N gunicorn workers do not each allow the full rate."""

    cache = caches["shared"]
