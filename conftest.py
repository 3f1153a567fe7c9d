import pytest


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    """The working-day cache must not leak holiday rows between tests (rollbacks fire no signals)."""
    from zhifa.core import calendar

    calendar.clear_cache()
    yield
    calendar.clear_cache()
