from django.conf import settings


def site(request):
    """The hub's name, for every template."""
    return {"HUB_NAME": settings.HUB_NAME, "HUB_FULL_NAME": settings.HUB_FULL_NAME}
