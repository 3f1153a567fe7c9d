"""The DB-free preparation of a record (prepare.prepare_chunk) gives what the straightforward path gives.

prepare_chunk parses with one compiled parser per field (fields.field_parser), checks the 行政处罚 dates pairwise
before writing a reason, and writes the canonical text directly in the keys' sorted order (loader.digest_text).
The digest is stored and compared with records sent again, so the text must stay byte for byte the one of
``json.dumps(data, ensure_ascii=False, sort_keys=True)``. These tests hold the compiled path to the reference:
parse_field per field, digest_of's data through json.dumps, and CaseWriter's checks written out pair by pair.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhifa.exchange.fields import BEIJING, Bad, field_parser, parse_field, today, unprintable
from zhifa.exchange.loader import digest_of, digest_text, normalise, writer_for
from zhifa.exchange.prepare import CHECK_FAILED, PARSE_FAILED, READY, prepare_chunk
from zhifa.exchange.spec import BY_NAME, TYPES
from zhifa.exchange.writers_registry import order

from . import district as D

CASE, INSPECTION = BY_NAME["行政处罚"], BY_NAME["行政检查"]
FULL_WIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})


def _outcome(fn, *args):
    try:
        value = fn(*args)
    except Bad as b:
        return ("Bad", b.field, b.value, b.reason)
    except Exception as e:  # (python-stdnum raises KeyError for an area code without counties: both paths do)
        return (type(e), str(e))
    return ("ok", type(value), repr(value))


def reference_parse(rtype, raw: dict, ignore_extra: bool) -> dict:
    named = normalise(rtype, raw, ignore_extra=ignore_extra)
    for name, value in named.items():
        if isinstance(value, str) and unprintable(value):
            raise Bad(name, value, "含有不可见的控制字符（如 NUL）或不成对的代理字符，不是有效的文本")
    return {f.name: parse_field(f, named.get(f.name)) for f in rtype.all_fields}


def reference_case_check(v: dict) -> None:
    """CaseWriter.check as it was written before the pairs were compared first."""
    if v["程序"] == "普通程序" and v["立案日期"] is None:
        raise Bad("立案日期", "", "普通程序的案件必须填写立案日期")
    order(v, "违法行为发生日期", "发现时间", "发现时间不能早于违法行为发生日期")
    order(v, "发现时间", "立案日期", "立案日期不能早于发现时间")
    for later in ("决定日期", "告知日期", "听证申请日期", "法制审核日期", "集体讨论日期"):
        order(v, "立案日期", later, f"{later}不能早于立案日期（{v['立案日期']}）")
    order(v, "发现时间", "决定日期", "决定日期不能早于发现时间")
    order(v, "听证申请日期", "听证日期", "听证日期不能早于听证申请日期")
    for later in ("送达日期", "缴款日期", "结案日期", "公示日期"):
        if v[later] is not None and v["决定日期"] is None:
            raise Bad(later, v[later], f"填写{later}时必须填写决定日期")
        order(v, "决定日期", later, f"{later}不能早于决定日期（{v['决定日期']}）")
    if v["处理结果"] not in (None, "撤销立案") and v["决定日期"] is None:
        raise Bad("决定日期", "", f"处理结果为“{v['处理结果']}”时必须填写决定日期")
    if v["法制审核日期"] is not None and not v["法制审核人身份证号码"]:
        raise Bad("法制审核人身份证号码", "", "填写法制审核日期时必须填写法制审核人身份证号码")
    if (v["罚款金额"] or 0) > 0 and v["处罚种类"] and "罚款" not in v["处罚种类"]:
        raise Bad("处罚种类", "；".join(v["处罚种类"]), "填写了罚款金额，处罚种类应包括“罚款”")


def reference_prepare(rtype, raw: dict, ignore_extra: bool = False) -> tuple:
    key = ""
    try:
        values = reference_parse(rtype, raw, ignore_extra)
        key = rtype.key_of(values)
    except Bad as b:
        return (0, key, PARSE_FAILED, (b.field, b.value, b.reason))
    try:
        (reference_case_check if rtype is CASE else writer_for(rtype).check)(values)
    except Bad as b:
        return (0, key, CHECK_FAILED, (b.field, b.value, b.reason))
    text = json.dumps(digest_of(rtype, values)[1], ensure_ascii=False, sort_keys=True)
    return (0, key, READY, (values, hashlib.sha256(text.encode()).hexdigest(), text))


def _typed_case(n: int, **over) -> dict:
    """A 行政处罚 record as an in-process client sends it: dates, times, amounts, booleans and lists as such."""
    row = D.case(n)
    for name in ("违法行为发生日期", "立案日期", "告知日期", "决定日期", "送达日期", "缴款日期", "结案日期", "公示日期"):
        row[name] = dt.date.fromisoformat(row[name])
    row["发现时间"] = dt.datetime(2024, 2, 5, 10, 0, tzinfo=BEIJING)
    row["罚款金额"], row["实缴金额"] = Decimal("3000"), Decimal("3000")
    row["处罚种类"], row["执法证号"] = ["警告", "罚款"], ["120110000000", "120110000001"]
    row["当事人不在场"] = True
    row.update(over)
    return row


_PERSON = "120110197501020024"  # a valid GB 11643 number
_FUTURE = (today() + dt.timedelta(days=3)).isoformat()
RECORDS = [
    (CASE, D.case(1)),
    (CASE, _typed_case(2)),
    (CASE, D.case(3, 相对人性质="自然人", 相对人证件号码=_PERSON)),
    (CASE, D.case(4, 相对人证件号码=_PERSON[:-1] + "5")),  # wrong check digit
    (CASE, D.case(5, 相对人证件号码=" " + _PERSON.lower() + " ")),
    (CASE, D.case(6, 法制审核日期="2024-03-10", 法制审核人身份证号码=_PERSON[:-1] + "X")),
    (CASE, D.case(7, 法制审核日期="2024-03-10", 法制审核人身份证号码="")),
    (CASE, D.case(8, 立案日期="")),  # 普通程序 without 立案日期
    (CASE, D.case(9, 事项编码="  ")),  # required, blank
    (CASE, D.case(10, 决定日期="2024-02-30")),
    (CASE, D.case(11, 决定日期="2024/03/20")),
    (CASE, D.case(12, 决定日期=_FUTURE)),
    (CASE, D.case(13, 发现时间=_FUTURE + " 08:00")),
    (CASE, D.case(14, 发现时间="2024-02-05T10:00:30")),
    (CASE, D.case(15, 发现时间="2024-02-05 25:00")),
    (CASE, D.case(16, 处罚种类="罚款；罚款")),  # duplicate codes
    (CASE, D.case(17, 处罚种类="；警告;罚款；；")),
    (CASE, D.case(18, 处罚种类=["警告", " 罚款 ", ""])),
    (CASE, D.case(19, 处罚种类="罚金")),
    (CASE, D.case(20, 罚款金额="3,000.50", 实缴金额=" 3000.5 ")),
    (CASE, D.case(21, 罚款金额="3000.555")),
    (CASE, D.case(22, 罚款金额="-1")),
    (CASE, D.case(23, 罚款金额="1e12")),
    (CASE, D.case(24, 罚款金额="NaN")),
    (CASE, D.case(25, 罚款金额=3000.0, 延期天数=30)),
    (CASE, D.case(26, 延期天数="三十")),
    (CASE, D.case(27, 当事人名称="　东丽区好运来超市　")),  # full-width spaces
    (CASE, D.case(28, 案件编号="津丽市监罚〔２０２４〕0028号".translate(FULL_WIDTH))),
    (CASE, D.case(29, 决定日期="2024-03-20".translate(FULL_WIDTH))),
    (CASE, D.case(30, 罚款金额="3000".translate(FULL_WIDTH))),
    (CASE, D.case(31, 违法事实="含有\x00的文本")),
    (CASE, D.case(32, 违法事实='引号"与反斜杠\\、换行\n和制表\t')),
    (CASE, D.case(33, 送达日期="2024-03-01")),  # before 决定日期
    (CASE, D.case(34, 告知日期="2024-02-01")),  # before 立案日期
    (CASE, D.case(35, 决定日期="", 处理结果="撤销立案")),  # 送达日期 without 决定日期
    (CASE, D.case(36, 罚款金额="5000", 处罚种类="警告")),
    (CASE, D.case(37, 当事人不在场="是", 首次违法="否", 及时改正="对")),
    (CASE, D.case(38, 程序="普通")),
    (CASE, D.case(39, 违法行为类型="超" * 201)),
    (CASE, {**D.case(40), "operation": "删除", "delete_reason": "重复报送"}),
    (CASE, {**D.case(41), "未知字段": "x"}),
    (CASE, {**D.case(42), " 案件来源 ": "投诉举报", "": "x"}),
    (CASE, _typed_case(43, 发现时间=dt.datetime(2024, 2, 5, 2, 0), 罚款金额=Decimal("3000.5"))),
    (CASE, _typed_case(44, 处罚种类=["警告", "警告"], 执法证号=[])),
    (CASE, _typed_case(45, 立案日期=dt.date(2024, 2, 4))),  # before 发现时间
    (CASE, _typed_case(46, 决定日期=today() + dt.timedelta(days=1))),
    (INSPECTION, D.inspection(1)),
    (INSPECTION, D.inspection(2, 检查类别="个案检查")),
    (INSPECTION, D.inspection(3, 检查方式="双随机；联合；双随机")),
    (INSPECTION, D.inspection(4, 检查方式="夜查;其他", 紧急="是", 重点保供="否")),
    (INSPECTION, D.inspection(5, 检查时间="2024-03-01 9:05")),
    (INSPECTION, D.inspection(6, 相对人性质="自然人", 相对人证件号码=_PERSON[:-1] + "1")),
    (INSPECTION, D.inspection(7, 执法证号="  ")),
]


@pytest.mark.parametrize("ignore_extra", [False, True])
def test_prepare_chunk_gives_what_the_reference_gives(ignore_extra):
    for rtype, raw in RECORDS:
        got = prepare_chunk(rtype.name, [(0, raw)], ignore_extra)
        assert repr(got) == repr([reference_prepare(rtype, raw, ignore_extra)]), raw


def test_the_records_cover_each_outcome():
    stages = {prepare_chunk(rtype.name, [(0, raw)], False)[0][2] for rtype, raw in RECORDS}
    assert stages == {PARSE_FAILED, CHECK_FAILED, READY}


_texts = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", " ", "\u3000", "是", "否", "罚款；警告", "双随机;联合", "2024-02-29", "2023-02-29", "3,000.5"]),
    st.builds(lambda d: d.isoformat(), st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1))),
    st.builds(lambda d: d.isoformat(sep=" ", timespec="minutes"), st.datetimes()),
    st.builds(lambda x: str(x), st.decimals(allow_nan=True, places=3)),
    st.builds(lambda n: f"{n:06d}" + _PERSON[6:], st.integers(0, 999999)),
)
_values = st.one_of(
    _texts,
    st.builds(lambda s: " " + s.translate(FULL_WIDTH) + " ", _texts),
    st.none(),
    st.booleans(),
    st.integers(-5, 10**13),
    st.floats(allow_nan=True),
    st.decimals(allow_nan=False),
    st.dates(),
    st.datetimes(timezones=st.sampled_from([None, BEIJING, dt.UTC])),
    st.lists(st.one_of(_texts, st.none(), st.integers()), max_size=4),
    st.tuples(_texts),
)
_FIELDS = sorted({f for t in TYPES for f in t.all_fields if f.kind != "region"}, key=lambda f: (f.kind, f.name))


@settings(max_examples=800, deadline=None)
@given(st.sampled_from(_FIELDS), _values)
def test_a_compiled_field_parser_is_parse_field(f, v):
    assert _outcome(field_parser(f), v, today()) == _outcome(parse_field, f, v)


_rendered = st.one_of(
    st.none(),
    st.text(),
    st.text(alphabet=st.characters(max_codepoint=0x40)),  # quotes, backslashes and control characters
    st.dates(),
    st.datetimes(timezones=st.sampled_from([BEIJING, dt.UTC])),
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
    st.decimals(allow_nan=False),
    st.booleans(),
    st.integers(),
    st.lists(st.text(max_size=8), max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([t for t in TYPES if t.name in ("行政处罚", "行政检查", "执法证件", "案卷评查")]), st.data())
def test_the_canonical_text_is_json_dumps_with_sorted_keys(rtype, data):
    values = {f.name: data.draw(_rendered, label=f.name) for f in rtype.all_fields}
    try:
        text = json.dumps(digest_of(rtype, values)[1], ensure_ascii=False, sort_keys=True)
        expected = (hashlib.sha256(text.encode()).hexdigest(), text)
    except (UnicodeEncodeError, TypeError, OverflowError) as e:  # a lone surrogate, a value render cannot write
        with pytest.raises(type(e)):
            digest_text(rtype, values)
        return
    assert digest_text(rtype, values) == expected
