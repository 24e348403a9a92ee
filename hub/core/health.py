"""What a load balancer asks (/healthz), and what visitors see while the database is away."""

import logging
import sys

from django.core.cache import caches
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger(__name__)

# How long a load balancer or a browser should wait before trying again during an outage.
RETRY_AFTER_SECONDS = 30


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.warning("Health check: the database does not answer.", exc_info=True)
        return False
    return True


def caches_answer() -> bool:
    """Both caches take a write and give it back (Redis down raises a connection error, not DatabaseError)."""
    try:
        for alias in ("default", "shared"):
            caches[alias].set("healthz", "ok", timeout=10)
            if caches[alias].get("healthz") != "ok":
                return False
    except Exception:
        logger.warning("Health check: a cache does not answer.", exc_info=True)
        return False
    return True


@require_safe
@never_cache
def healthz(request):
    """200 with {"database": "ok", "cache": "ok"} when both answer, else 503 saying which failed.
    Reads neither the session nor the user, so it sets no cookie and costs one query."""
    checks = {"database": database_answers(), "cache": caches_answer()}
    status = 200 if all(checks.values()) else 503
    return JsonResponse({name: "ok" if ok else "failing" for name, ok in checks.items()}, status=status)


def service_unavailable() -> HttpResponse:
    """The branded 503 page; like 500.html, rendered without a request context and without any query."""
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request, *args, **kwargs) -> HttpResponseServerError | HttpResponse:
    """handler500: an unreachable database (anywhere: a view, a template, a middleware reading the session)
    is an outage, not a bug, and gets the 503 page; anything else gets Django's 500 page."""
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        return service_unavailable()
    return django_server_error(request, *args, **kwargs)
