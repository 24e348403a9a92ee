"""Response headers that django-csp and Django's SecurityMiddleware do not set by themselves."""

from django.conf import settings
from django.db import DatabaseError

# Where the Content-Security-Policy differs from settings.CONTENT_SECURITY_POLICY, by path prefix.
# The editor previews pasted or dropped images as blob: URLs before it drops them (static/js/editor.js).
CSP_UPDATES = {"/workspace/": {"img-src": ["blob:"]}}


def signed_in(request) -> bool:
    user = getattr(request, "user", None)
    try:
        return bool(user and user.is_authenticated)
    except DatabaseError:
        return True  # the session cannot be read while the database is down: assume the worst


class SecurityHeadersMiddleware:
    """Adds Permissions-Policy to every response, `Cache-Control: no-store` to every response to a
    signed-in user (their pages must not linger in a shared or browser cache), and the per-area CSP
    additions of CSP_UPDATES. Sits outside the page cache, which never stores signed-in pages anyway."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.HUB_PERMISSIONS_POLICY)
        if signed_in(request):
            response["Cache-Control"] = "private, no-store"
            del response["Expires"]
        for prefix, update in CSP_UPDATES.items():
            if request.path_info.startswith(prefix):
                response._csp_update = {**update, **(getattr(response, "_csp_update", None) or {})}
        return response
