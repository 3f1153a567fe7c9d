import pytest

from tests.support.sample import SAMPLE_PASSWORD, build_sample


@pytest.fixture
def sample(db):
    return build_sample()


@pytest.fixture
def login(client, sample):
    def _login(username: str):
        client.force_login(sample.users[username], backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


@pytest.fixture
def password():
    return SAMPLE_PASSWORD
