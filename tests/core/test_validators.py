import datetime as dt

import pytest

from zhifa.core.errors import InvalidInput
from zhifa.core.validators import (
    birth_date_from_id,
    make_id_number,
    make_uscc,
    validate_id_number,
    validate_uscc,
)


@pytest.mark.parametrize(
    "value, ok, code",
    [
        ("11010519491231002X", True, None),  # GB 11643 standard example
        ("11010519491231002x", True, None),  # lower-case check character accepted
        ("110105194912310021", False, "id.checksum"),
        ("120110198001010019", True, None),
        ("120110198001010018", False, "id.checksum"),
        ("110105194913310021", False, "id.component"),  # month 13, check digit right
        ("110967197501020024", False, "id.component"),  # an area python-stdnum knows only in part (KeyError)
        ("111964197501020026", False, "id.component"),
        ("1101051949123100", False, "id.length"),
        ("", False, "id.length"),
    ],
)
def test_id_number(value, ok, code):
    if ok:
        assert validate_id_number(value) == value.upper()
    else:
        with pytest.raises(InvalidInput) as exc:
            validate_id_number(value)
        assert exc.value.code == code
        assert "GB 11643" in exc.value.message
        assert exc.value.field == "id_number"


@pytest.mark.parametrize(
    "value, ok",
    [
        ("91110000600037341L", True),  # a real published USCC
        ("91110000600037341M", False),
        ("9111000060003734", False),
        ("91350100M000100Y43", True),  # python-stdnum documentation example
        ("91350100M000100Y44", False),
    ],
)
def test_uscc(value, ok):
    if ok:
        assert validate_uscc(value) == value
    else:
        with pytest.raises(InvalidInput) as exc:
            validate_uscc(value)
        assert "GB 32100" in exc.value.message


def test_generated_numbers_validate():
    for i in range(200):
        n = make_id_number("120110", dt.date(1970, 1, 1) + dt.timedelta(days=37 * i), i)
        assert validate_id_number(n) == n
        assert birth_date_from_id(n) == dt.date(1970, 1, 1) + dt.timedelta(days=37 * i)
        u = make_uscc("11120110", i)
        assert validate_uscc(u) == u


def test_rule_blocked_names_each_citation_once():
    from zhifa.core.errors import RuleBlocked, Violation

    err = RuleBlocked([Violation("a", "当场罚款超过二百元", "《行政处罚法》第五十一条")])
    assert str(err).count("第五十一条") == 1
    assert err.citation == "《行政处罚法》第五十一条"


def test_the_birth_place_looked_up_once_per_area_and_year_gives_python_stdnums_answer():
    """validate_id_number runs ric.validate's steps with the birth place cached per (地区码, year): on numbers of
    every area python-stdnum knows (and some it does not), over birth years from 1900 to 2023, with right and
    wrong check digits and impossible dates, it accepts and refuses exactly what ric.validate does."""
    import random

    from stdnum import exceptions as stdnum_exc
    from stdnum import numdb
    from stdnum.cn import ric

    from zhifa.core.validators import _ric_validate

    def outcome(fn, number):
        try:
            return fn(number)
        except KeyError:  # python-stdnum's own lookup of a prefecture without counties
            return stdnum_exc.InvalidComponent
        except stdnum_exc.ValidationError as e:
            return type(e)

    rnd = random.Random(11643)
    db = numdb.get("cn/loc")
    areas = []
    for _n, province, _hi, _props, children in db.prefixes:  # (length, low, high, properties, children)
        for _m, rest, _rest_hi, _info, _more in children:
            areas.append(f"{province}{rest}"[:6])
    areas += ["110967", "999999", "120116", "000000"]
    assert len(areas) > 3000
    kinds = set()
    for area in rnd.sample(areas, 1500) + areas[-4:]:
        for _ in range(4):
            birth = dt.date(rnd.randint(1900, 2023), rnd.randint(1, 12), rnd.randint(1, 28))
            body = f"{area}{birth:%Y%m%d}{rnd.randint(0, 999):03d}"
            for number in (body + ric.calc_check_digit(body + "0"), body + "0", body[:10] + "1332" + body[14:] + "1"):
                want = outcome(ric.validate, number)
                assert outcome(_ric_validate, number) == want, number
                kinds.add(want if isinstance(want, type) else "ok")
    assert {"ok", stdnum_exc.InvalidChecksum, stdnum_exc.InvalidComponent} <= kinds
