"""A clue's public reference is its receipt date and a random code: readable, typed back with any case, spaces
or dashes, and not reachable by counting (the record id finds nothing)."""

import datetime as dt
import re

import pytest

from tests.factories import RegionFactory
from zhifa.supervision.clue_status import clue_public_status, clue_reference
from zhifa.supervision.models import CLUE_CODE_ALPHABET
from zhifa.supervision.services import clue_submit

pytestmark = pytest.mark.django_db
DAY = dt.date(2023, 11, 6)


@pytest.fixture
def clues():
    RegionFactory(code="120110", name="东丽区")
    return [clue_submit(region_code="120110", text=f"某超市销售过期食品{i}", received_on=DAY) for i in range(3)]


def test_reference_is_date_and_random_code(clues):
    refs = [clue_reference(c) for c in clues]
    for ref in refs:
        assert re.fullmatch(rf"XS20231106-[{CLUE_CODE_ALPHABET}]{{8}}", ref), ref
    assert len(set(refs)) == 3


def test_found_as_typed_and_not_by_counting(clues):
    c = clues[1]
    ref = clue_reference(c)
    assert clue_public_status(ref).reference == ref
    assert clue_public_status(" " + ref.lower().replace("-", " - ") + " ").reference == ref
    code = c.public_code
    assert clue_public_status(f"XS20231107-{code}") is None  # the date must match too
    other = "".join(CLUE_CODE_ALPHABET[(CLUE_CODE_ALPHABET.index(ch) + 1) % len(CLUE_CODE_ALPHABET)] for ch in code)
    assert clue_public_status(f"XS20231106-{other}") is None
    assert clue_public_status(f"XS20231106{c.pk:06d}") is None  # the old, countable form
