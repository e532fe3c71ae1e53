import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache():
    """The observatory keeps its reports in the cache: each test starts without any."""
    cache.clear()
    yield
    cache.clear()
