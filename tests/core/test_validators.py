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
