import pytest

from hub.stats import counting


@pytest.fixture(autouse=True)
def empty_tally():
    """Counts a test leaves in this process's memory must not reach the next test."""
    counting.tally.take()
    yield
    counting.tally.take()
