"""One build of a fixture's data shared by the consecutive tests of a module that ask for it.

Like Django's ``TestCase.setUpTestData``: the data is built once inside a transaction that stays open, each test
runs in a savepoint of it (pytest-django's ``db``) rolled back at its end, and gets a deep copy of the objects as
they were built, so that neither its writes to the database nor its changes to the objects reach the next test.
The transaction is rolled back before a test of the module that does not ask for the data (it must see the
database without it: the data is built again for the next test that asks), and at the end of the module.

Wiring (see tests/web/conftest.py): a module-scoped fixture calls ``start`` (module-scoped fixtures are set up
before the test's ``db`` savepoint, so the build's transaction encloses it) and ``stop``; the function-scoped
fixture returns ``copy()``; the conftest's ``pytest_runtest_setup`` calls ``before`` for every test, which runs
before any fixture of that test is set up.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction


class SharedBuild:
    def __init__(self, build: Callable[[], Any], fixture: str):
        self.build = build
        self.fixture = fixture  # the function-scoped fixture that hands out copies
        self.module = None  # the module being served (None outside one)
        self.blocker = None
        self.atomic = None
        self.built = None

    def start(self, module, blocker) -> None:
        self.module, self.blocker = module, blocker
        self._open()

    def stop(self) -> None:
        self._close()
        self.module = self.blocker = None

    def before(self, item: pytest.Item) -> None:
        """Called before any fixture of ``item`` is set up: open the build for a test of the served module that asks
        for it, close it for one that does not."""
        if self.module is None or getattr(item, "module", None) is not self.module:
            return  # another module: its fixtures (set up after this) stop and start the build
        if self.fixture in getattr(item, "fixturenames", ()):
            self._open()
        else:
            self._close()

    def copy(self, item: pytest.Item) -> Any:
        marker = item.get_closest_marker("django_db")
        if marker is not None and marker.kwargs.get("transaction"):
            pytest.fail(f"{self.fixture} is shared inside a transaction: a transactional test must build its own")
        assert self.atomic is not None, f"{self.fixture} asked for outside its module's shared build"
        return copy.deepcopy(self.built)

    def _open(self) -> None:
        if self.atomic is not None:
            return
        with self.blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            try:
                self.built = self.build()
            except BaseException:
                self._close()
                raise

    def _close(self) -> None:
        if self.atomic is None:
            return
        atomic, self.atomic, self.built = self.atomic, None, None
        with self.blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
