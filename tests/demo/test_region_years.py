"""The generator never hangs on a region code younger than its people (120116 滨海新区, created 2009).

GB/T 2260 codes have validity periods (python-stdnum's loc.dat): nobody born in 1975 carries 120116 in their
ID number. The generator falls back to the district's own code when it existed, else the city's 市辖区 code,
else the province's; a code none of which existed is a clear error.
"""

import datetime as dt
from pathlib import Path

import pytest

from zhifa.core.errors import InvalidInput
from zhifa.core.validators import validate_id_number
from zhifa.demo.generator import Generator
from zhifa.demo.scenario import find_scenario, load_scenario

pytestmark = pytest.mark.django_db


def binhai(tmp_path: Path) -> Path:
    text = find_scenario("xiqing-2024").read_text(encoding="utf-8")
    text = text.replace('code = "120111"', 'code = "120116"').replace('name = "西青区"', 'name = "滨海新区"')
    path = tmp_path / "binhai-2024.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_area_falls_back_to_a_code_that_existed_in_the_birth_year(tmp_path):
    g = Generator(load_scenario(binhai(tmp_path)))
    assert g.area_for("120116", 2010) == "120116"
    assert g.area_for("120116", 1975) == "120100"  # 天津市市辖区: no validity period
    assert g.area_for("120107", 1980) == "120107"  # 塘沽区 until 2009
    assert g.area_for("120107", 2012) == "120116"  # … then gone: the district's own code (it exists by then)
    births = [dt.date(1962, 3, 1), dt.date(1990, 7, 9), dt.date(2011, 1, 2)]
    ids = g.id_numbers(births, ["120116"] * 3)
    assert [i[:6] for i in ids] == ["120100", "120100", "120116"]
    for i in ids:
        validate_id_number(i)


def test_area_with_no_valid_code_is_a_clear_error(tmp_path):
    g = Generator(load_scenario(binhai(tmp_path)))
    g.code = "990199"  # no such province: the district, city and province codes all fail
    with pytest.raises(InvalidInput, match="均不存在"):
        g.area_for("990199", 1970)


@pytest.mark.timeout(120)
def test_binhai_registry_generates(tmp_path):
    """The steps that draw officers' ID numbers (born 1960s–2000s) finish on a 2009 code."""
    g = Generator(load_scenario(binhai(tmp_path)))
    g.make_region_units()
    g.make_powers()
    g.make_people()
    from zhifa.org.models import Person

    people = list(Person.objects.filter(region_id="120116").values_list("id_number", flat=True))
    assert people
    for i in people:
        validate_id_number(i)
