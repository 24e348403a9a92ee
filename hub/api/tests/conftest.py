import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def forget_request_counts():
    """The throttle counts requests per client in the cache; each test starts with a clean slate."""
    cache.clear()
    yield
    cache.clear()
