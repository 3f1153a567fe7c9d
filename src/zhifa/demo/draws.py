"""Scalar draws at a fraction of numpy's per-call cost, equal to the generator's own.

The demo draws a few scalars per act (a fine, a delay, a reviewer) from its one ``numpy.random.Generator``:
over a district-year that is more than a million calls, and ``Generator.integers(lo, hi)`` costs some 3 µs
of argument handling per scalar. ``ScalarDraws`` returns the very same numbers, advancing the very same
state: it reads the generator's 32-bit and double outputs through the bit generator's ctypes interface
(numpy's documented access for compiled callers) and applies numpy's bounded-integer method to them —
Lemire's multiply-and-reject on one 32-bit output for a range below 2³², as numpy's
``random_bounded_uint64_fill`` does for ``integers`` of the default int64 dtype. Calls through the object and
through the generator may be interleaved freely. Wider ranges go to numpy itself. ``tests/demo/test_draws.py``
compares both over ranges and interleavings, so a numpy that changed its method would be noticed.
"""

from __future__ import annotations

import numpy as np

_U32 = 0xFFFFFFFF


class ScalarDraws:
    """``integers(lo, hi)`` (an ``int`` in [lo, hi)) and ``random()`` of ``rng``, one at a time."""

    def __init__(self, rng: np.random.Generator):
        iface = rng.bit_generator.ctypes
        self._rng = rng  # keeps the state the pointer refers to alive
        state, next_u32 = iface.state, iface.next_uint32
        next_double = iface.next_double

        def random() -> float:
            return next_double(state)

        def integers(lo: int, hi: int) -> int:
            span = hi - lo  # numpy's rng = span - 1
            if span == 1:
                return lo  # nothing drawn
            if span <= 1 or span > _U32:
                return int(rng.integers(lo, hi))
            m = next_u32(state) * span
            leftover = m & _U32
            if leftover < span:
                threshold = (_U32 + 1 - span) % span
                while leftover < threshold:
                    m = next_u32(state) * span
                    leftover = m & _U32
            return lo + (m >> 32)

        self.random = random
        self.integers = integers
