"""Rate limits counted in caches["shared"] (Redis or the database), so every app process agrees.

Usage, in a view or a service that has the request::

    from hub.core import ratelimit

    if not ratelimit.hit(request, "contact"):            # counts one attempt by client IP
        return ratelimit.too_many_requests(request)
    if not ratelimit.hit(f"email:{address}", "password-reset", limit=5, window=3600):
        ...                                               # counts by an identifier instead

or as a decorator on a function view (counts POSTs only by default)::

    @ratelimit.rate_limited("contact")
    def contact(request): ...

Limits per scope come from settings.HUB_RATE_LIMITS ({scope: (limit, window_seconds)}),
unless passed explicitly. Windows are fixed (they start at a multiple of ``window``):
simple, one cache key per window, and at worst 2 x limit across a window boundary.
"""

import hashlib
import ipaddress
import time
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _


def client_ip(request: HttpRequest) -> str:
    """The client's address, or "" if unknown. X-Forwarded-For is only believed for the number of proxies
    we run (HUB_TRUSTED_PROXY_COUNT), counted from the right, so a client cannot spoof its way out.
    Always a valid address or "": django-axes stores it in an inet column."""
    proxies = getattr(settings, "HUB_TRUSTED_PROXY_COUNT", 0)
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    candidates = [forwarded[-proxies]] if proxies and len(forwarded) >= proxies else []
    for candidate in [*candidates, request.META.get("REMOTE_ADDR", "")]:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return ""


def _limits(scope: str, limit: int | None, window: int | None) -> tuple[int, int]:
    default_limit, default_window = settings.HUB_RATE_LIMITS.get(scope, (None, None))
    limit, window = limit or default_limit, window or default_window
    if not limit or not window:
        raise ValueError(f"No rate limit configured for scope {scope!r}: set HUB_RATE_LIMITS or pass limit/window.")
    return limit, window


def _cache_key(identity: str, scope: str, window: int) -> str:
    # Hashed: identities may be e-mail addresses, which have no place in a cache key in clear.
    digest = hashlib.sha256(f"{scope}:{identity}".encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}:{int(time.time()) // window}"


def hit(request_or_key: HttpRequest | str, scope: str, limit: int | None = None, window: int | None = None) -> bool:
    """Count one attempt; return True while it is within ``limit`` per ``window`` seconds, False once over.

    ``request_or_key`` is a request (counted by client IP) or any string (an e-mail, a user id).
    """
    limit, window = _limits(scope, limit, window)
    identity = request_or_key if isinstance(request_or_key, str) else f"ip:{client_ip(request_or_key)}"
    key = _cache_key(identity, scope, window)
    cache = caches["shared"]
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        cache.set(key, 1, timeout=window + 1)
        count = 1
    return count <= limit


def too_many_requests(request: HttpRequest, scope: str = "", window: int | None = None) -> HttpResponse:
    """The branded 429 page, with Retry-After set to the scope's window."""
    retry_after = window or settings.HUB_RATE_LIMITS.get(scope, (None, 3600))[1]
    response = HttpResponse(render_to_string("429.html", request=request), status=429)
    response["Retry-After"] = str(retry_after)
    return response


def rate_limited(
    scope: str, *, methods: tuple[str, ...] = ("POST",), limit: int | None = None, window: int | None = None
):
    """Decorate a function view: the (limit+1)-th ``methods`` request per client IP in a window gets a 429 page."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and not hit(request, scope, limit, window):
                return too_many_requests(request, scope, window)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class UploadRateLimitMixin:
    """For form views: a POST that carries files counts against the user's "upload" limit; past it the
    form comes back with an error (and the user's text) instead of saving."""

    upload_refused = False

    def post(self, request, *args, **kwargs):
        if request.FILES and not hit(f"user:{request.user.pk}", "upload"):
            self.upload_refused = True
        return super().post(request, *args, **kwargs)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.upload_refused:
            form.is_valid()  # add_error() needs the cleaned data
            form.add_error(None, _("You have uploaded too many files in the last hour. Please try again later."))
        return form
