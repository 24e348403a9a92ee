"""The site's URLs plus views that fail on purpose, for the error page tests."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.urls import path

from portal.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("A bug in a view")


def forbidden(request):
    raise PermissionDenied("Not for you")


def bad_request(request):
    raise BadRequest("Malformed")


urlpatterns = [
    path("test-errors/broken/", broken),
    path("test-errors/forbidden/", forbidden),
    path("test-errors/bad-request/", bad_request),
    *site_urlpatterns,
]
