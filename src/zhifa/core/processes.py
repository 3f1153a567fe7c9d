"""Whether work may be handed to a second process: the demo's large loads parse their next records in one, and its
month-end scans find the rules that read records only in another. Both need a second core, and an operator can keep
everything in one process with ``ZHIFA_LOAD_WORKER=0`` (README, configuration)."""

from __future__ import annotations

import os


def second_process_allowed() -> bool:
    return os.environ.get("ZHIFA_LOAD_WORKER", "1") != "0" and (os.cpu_count() or 1) >= 2


def setup_spawned(database: dict | None = None) -> None:
    """Django in a spawned worker (a fresh interpreter); ``database``: the caller's settings of the default database,
    when the worker reads it (a test database is named there, not in the environment)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhifa.settings")
    if database is not None:
        from django.conf import settings

        settings.DATABASES["default"] = database
    import django

    django.setup()
