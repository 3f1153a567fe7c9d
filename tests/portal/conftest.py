import pytest
from django.core.cache import cache

from tests.web.conftest import _sample_build, pytest_runtest_setup, sample  # noqa: F401  (the shared sample district)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()
