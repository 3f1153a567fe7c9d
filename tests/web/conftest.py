import pytest

from tests.support.sample import SAMPLE_PASSWORD, build_sample
from tests.support.shared import SharedBuild

# The sample district (about 5 s of CPU to build) is built once for the consecutive tests of a module that ask for
# it; each test gets its own copy, in a savepoint rolled back after it (tests/support/shared.py).
SAMPLE = SharedBuild(build_sample, "sample")


def pytest_runtest_setup(item):
    SAMPLE.before(item)


@pytest.fixture(scope="module")
def _sample_build(request, django_db_setup, django_db_blocker):
    SAMPLE.start(request.module, django_db_blocker)
    yield SAMPLE
    SAMPLE.stop()


@pytest.fixture
def sample(_sample_build, db, request):
    return _sample_build.copy(request.node)


@pytest.fixture
def login(client, sample):
    def _login(username: str):
        client.force_login(sample.users[username], backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


@pytest.fixture
def password():
    return SAMPLE_PASSWORD
