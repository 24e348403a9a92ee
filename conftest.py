import pytest
from django.core.cache import caches

from hub.core.tests.admin_helpers import login_verified
from hub.core.tests.factories import make_staff, make_user


@pytest.fixture
def staff_user(db):
    """A member of hub staff with the "Hub staff" group's permissions (not a superuser)."""
    from django.contrib.auth.models import Group

    user = make_staff(email="staff@example.org")
    group, _ = Group.objects.get_or_create(name="Hub staff")
    user.groups.add(group)
    return user


@pytest.fixture
def staff_client(client, staff_user):
    """Logged in as staff_user, past the second factor the admin asks of staff."""
    return login_verified(client, staff_user)


@pytest.fixture
def partner(db):
    return make_user(email="partner@example.org")


@pytest.fixture
def live_search_index(settings):
    """Keep the search index current on every save, as in production (off by default in tests)."""
    settings.HUB_SEARCH_LIVE_INDEX = True


@pytest.fixture(autouse=True)
def empty_caches():
    """Each test starts with no cached pages and no rate-limit counts (both caches are in memory in tests)."""
    for alias in ("default", "shared"):
        caches[alias].clear()
    yield
    for alias in ("default", "shared"):
        caches[alias].clear()


@pytest.fixture
def page_cache(settings):
    """Serve anonymous visitors from the page cache, as in production (off by default in tests)."""
    settings.HUB_PAGE_CACHE_SECONDS = 300
