"""The cycle collector during bulk work (core.collector.bulk_collector): tuned for the work, then as it was."""

from __future__ import annotations

import gc
import weakref

import pytest

from zhifa.core.collector import YOUNG, bulk_collector


class Node:
    def __init__(self):
        self.me = self  # a reference cycle: only the cycle collector frees it


@pytest.fixture
def default_collector():
    """The interpreter's own settings, whatever an earlier test left."""
    threshold, enabled = gc.get_threshold(), gc.isenabled()
    gc.unfreeze()
    gc.set_threshold(700, 10, 10)
    gc.enable()
    yield
    gc.set_threshold(*threshold)
    if not enabled:
        gc.disable()


def test_a_load_leaves_the_collector_as_it_found_it_even_when_it_fails(default_collector):
    with pytest.raises(RuntimeError), bulk_collector():
        assert gc.get_threshold()[0] == YOUNG
        assert gc.get_freeze_count() > 0  # what was alive before is left out of the load's passes
        raise RuntimeError
    assert gc.get_threshold() == (700, 10, 10)
    assert gc.get_freeze_count() == 0


def test_cycles_made_during_a_load_are_still_collected(default_collector):
    with bulk_collector():
        node = Node()
        gone = weakref.ref(node)
        del node
        keep = [[] for _ in range(YOUNG + 10_000)]  # enough new containers for a collection of the young ones
        assert gone() is None
        del keep


def test_a_process_that_froze_its_own_objects_keeps_them_frozen(default_collector):
    gc.freeze()  # as a pre-forking server does after loading its code
    frozen = gc.get_freeze_count()
    young = [[] for _ in range(1000)]  # objects a second freeze would add (frozen objects that die leave the count)
    try:
        with bulk_collector():
            assert 0 < gc.get_freeze_count() <= frozen
        assert 0 < gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()
        del young
