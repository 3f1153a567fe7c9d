import pytest
from django.core.cache import cache

from tests.support.sample import build_sample


@pytest.fixture
def sample(db):
    return build_sample()


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()
