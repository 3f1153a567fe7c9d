"""The demo's 当事人 look like a district's: companies with unique names, as where they are registered."""

import re

import pytest

from zhifa.demo.generator import Generator
from zhifa.demo.scenario import find_scenario, load_scenario

pytestmark = pytest.mark.django_db


def test_company_names_are_unique_and_carry_no_serial_number():
    g = Generator(load_scenario(find_scenario("dongli-2023")))
    g.make_parties()
    orgs = [p.name for p in g.party_recs if p.nature == "法人或其他组织"]
    assert len(orgs) > 16_000  # 东丽区's pools: 16,000 businesses, pharmacies, gas users, sites, …
    assert len(set(orgs)) == len(orgs)
    assert not [n for n in orgs if re.search(r"（\d+）$", n)]
    assert all(n.startswith("天津") for n in orgs)
