import pytest


@pytest.fixture(autouse=True)
def live_search_index(settings):
    """The search tests need the index kept current on every save, as in production."""
    settings.HUB_SEARCH_LIVE_INDEX = True
