from tests.web.conftest import login, sample  # noqa: F401  (the web tests' sample district)
