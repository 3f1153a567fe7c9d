from tests.web.conftest import _sample_build, login, pytest_runtest_setup, sample  # noqa: F401  (the web tests' sample district, shared)
