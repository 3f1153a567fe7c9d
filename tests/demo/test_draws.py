"""ScalarDraws returns the generator's own scalars: same numbers, same state afterwards, in any interleaving."""

import random

import numpy as np

from zhifa.demo.draws import ScalarDraws

SPANS = (1, 2, 3, 5, 6, 7, 10, 12, 100, 2**31 + 5, 2**32 - 1, 2**32, 2**32 + 1, 3 * 2**31, 2**40)


def test_same_numbers_and_state_as_the_generator():
    plan = random.Random(7)
    for _ in range(60):
        seed = plan.randrange(10**9)
        ours, theirs = np.random.default_rng(seed), np.random.default_rng(seed)
        draws = ScalarDraws(ours)
        for _ in range(400):
            step = plan.randrange(5)
            if step == 0:
                assert draws.random() == theirs.random()
            elif step == 1:
                lo = plan.randrange(-1000, 1000)
                hi = lo + plan.choice([*SPANS, plan.randrange(1, 2**32)])
                got = draws.integers(lo, hi)
                assert type(got) is int
                assert got == int(theirs.integers(lo, hi))
            elif step == 2:  # array draws in between, straight from the generator
                assert ours.integers(0, 37, 3).tolist() == theirs.integers(0, 37, 3).tolist()
            elif step == 3:
                assert ours.random(2).tolist() == theirs.random(2).tolist()
            else:
                lo = plan.randrange(0, 50)
                hi = lo + plan.randrange(1, 3000)
                assert draws.integers(lo, hi) == int(theirs.integers(lo, hi))
        assert ours.bit_generator.state == theirs.bit_generator.state
