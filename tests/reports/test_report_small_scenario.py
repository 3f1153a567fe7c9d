"""The second scenario (西青区 2024): generated through the validated path, reported with its own numbers.

The district is built twice per module (the module-scoped fixture below), inside a transaction rolled back at the
end: once, fingerprinted and rolled back to an empty database, then again on it (test_same_seed_same_database
compares the two); the other tests read the second build, each in a savepoint of its own (pytest-django's ``db``),
so that none sees another's writes.
"""

import datetime as dt
import hashlib
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from zhifa.demo.generator import Generator
from zhifa.demo.scenario import ScenarioError, load_scenario
from zhifa.enforcement.models import Inspection, PenaltyCase
from zhifa.reports.document import Heading, Para, Table, Title, annual_document
from zhifa.reports.figures import annual_figures
from zhifa.reports.render import to_docx, to_html, to_markdown

pytestmark = pytest.mark.django_db


def build():
    sc = load_scenario("xiqing-2024")
    Generator(sc).run()
    return sc


def fingerprint() -> str:
    """Natural keys only (ids differ between builds on PostgreSQL, whose sequences do not roll back)."""
    h = hashlib.sha256()
    for row in PenaltyCase.objects.order_by("case_no").values_list(
        "case_no", "party__id_number", "party__uscc", "decided_on", "fine_amount", "officer_a__id_number", "violation"
    ):
        h.update(repr(row).encode())
    for row in Inspection.objects.order_by("started_at", "party__name", "officer_a__id_number").values_list(
        "started_at", "party__name", "officer_a__id_number", "officer_b__id_number", "power__code"
    ):
        h.update(repr(row).encode())
    return h.hexdigest()


@pytest.fixture(scope="module")
def xiqing(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock(), override_settings(REPORT_ROOT=tmp_path_factory.mktemp("xiqing")):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            sid = transaction.savepoint()
            build()
            first = fingerprint()
            transaction.savepoint_rollback(sid)
            emptied = not PenaltyCase.objects.exists()
            build()
            yield {"first": first, "emptied": emptied, "again": fingerprint()}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_scenario_figures_come_out_of_records(xiqing, tmp_path, settings):
    settings.REPORT_ROOT = tmp_path
    f = annual_figures("120111", 2024).figures
    expected = {
        "units": 10,  # 8 departments/vertical offices + 2 streets
        "officers": 199,  # 201 on 1 January + 6 by exam − 5 retired − 3 transferred
        "reviewers": 14,
        "inspections": 3200,
        "penalties": 9000,
        "gas_hazards_rectified": 80,
        "hazchem_enterprises": 2,
        "hazchem_rounds": 1,
        "source_enterprises": 8,
        "overloads": 120,
        "overloads_100t": 3,
        "first_remote_case": 1,
        "new_certificates": 6,
        "revoked_certificates": 8,
        "case_file_reviews": 40,
        "bulletins": 12,
        "overdue_cases": 2,
        "late_disclosures": 3,
        "training_short": 4,
    }
    assert {k: f[k].value for k in expected} == expected
    assert f["unloaded_tonnage"].value == Decimal("1024.56")
    assert f["filings"].value == (9, 10)  # 区司法局 filed no 音像记录管理制度
    assert f["filing_phrase"].text == "9个行政执法单位"
    # domain- and campaign-specific figures: the one metrics layer with parameters
    from zhifa import metrics

    y = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    drug = {"执法领域": "药品医疗器械"}
    assert metrics.compute("检查出动人次", "120111", *y, **drug).value == 40
    assert metrics.compute("行政检查次数", "120111", *y, 检查对象类别="零售药店", **drug).value == 30
    assert metrics.compute("行政检查次数", "120111", *y, 检查对象类别="零售药店", 重点保供="是", **drug).value == 6
    assert metrics.compute("专项行动数", "120111", *y, 执法领域="安全生产", 专项类型="专项治理").value == 4
    assert f["supervised_units"].text == "区市场监管局、城市管理委"


def test_report_layout_docx_and_html(xiqing, tmp_path, settings):
    settings.REPORT_ROOT = tmp_path
    doc = annual_document("120111", 2024)
    assert isinstance(doc.blocks[0], Title) and doc.blocks[0].text == "西青区2024年度行政执法工作报告"
    headings = [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert headings[0] == "一、工作情况及成效"
    assert headings[1:6] == [
        "（一）领导重视，坚持高位推动",
        "（二）建章立制，规范权力运行",
        "（三）瞄准问题，开展专项整治",
        "（四）聚焦重点，积极履职尽责",  # composed from the data: the domains with the most acts
        "（五）多措并举，加强执法监督",
    ]
    assert "二、存在问题和下一步工作举措" in headings
    assert headings[-1] == "附件　数据口径"
    paras = [b.text for b in doc.blocks if isinstance(b, Para)]
    assert (
        "全区现有行政执法单位10个，行政执法人员199人，法制审核人员14人。全年共开展行政检查3200次，实施行政处罚9000件"
        in paras[1]
    )
    # 存在问题 comes from measured gaps, each with its numbers
    gap_text = "\n".join(paras)
    assert "2件普通程序案件超过立案之日起九十日仍未作出决定" in gap_text
    assert "4名执法人员全年参加培训不足60学时" in gap_text
    assert "3件普通程序处罚决定未在7个工作日内公示" in gap_text
    assert "杨柳青镇" in gap_text  # the street with no legal reviewer
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert [t.caption[:3] for t in tables][:2] == ["表1　", "表2　"]
    # 2023 holds only December's records (the scenario's prior-year acts): no 同比 against it (it printed +7011.1%)
    assert tables[0].columns == ("项目", "数量") and not any("%" in str(c) for r in tables[0].rows for c in r[2:])
    assert not any(re.search(r"(?<![0-9.])0家", p) or "（无）" in p for p in paras), [
        p for p in paras if re.search(r"(?<![0-9.])0家", p) or "（无）" in p
    ]  # no paragraph of zeros
    # the overview states the three headline indicators with numerator and denominator (the metrics layer's)
    from zhifa import metrics

    y = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    perf, part, per = (metrics.compute(n, "120111", *y) for n in ("履职率", "人员参与率", "人均执法量"))
    assert f"履职率{perf.number}（已行使职权{perf.num}项/享有职权{perf.den}项）" in paras[1]
    assert f"人员参与率{part.number}（有执法行为的持证人员{part.num}人/持证人员{part.den}人）" in paras[1]
    assert f"人均执法量{per.number}件（执法行为{per.num}件/持证人员{per.den}人）" in paras[1]
    assert perf.den and part.den == 199
    # 重点领域: one paragraph per top domain, each figure from the layer with 执法领域=<domain>
    top = metrics.breakdown("执法行为数", "120111", *y, by="执法领域")[:3]
    focus = [p for p in paras if p[:2] in ("1.", "2.", "3.") and "领域执法" in p]
    assert [p.split(".")[1].split("领域执法")[0] for p in focus] == [d for d, _ in top]
    for p in focus:
        assert not re.search(r"(?<![0-9.])0(次|件|个|部|家次)", p), p
    # then the campaigns with the year's most acts (focus_campaign_top_n, default 2), their figures from the layer
    campaigns = metrics.breakdown("执法行为数", "120111", *y, by="专项行动")[:2]
    assert campaigns
    for k, (name, _n) in enumerate(campaigns, start=len(focus) + 1):
        para = next(p for p in paras if p.startswith(f"{k}.开展{name}。全年"))
        n = metrics.compute("行政检查次数", "120111", *y, 专项行动=name).value
        assert (f"开展行政检查{n}次" in para) is bool(n), para
    # no figure of zero anywhere in the report's paragraphs (a clause, paragraph or section of zeros is left out)
    for p in paras:
        assert not re.search(r"(?<![0-9.])0(次|件|个|部|家次|名|人)(?![0-9])", p), p

    md = to_markdown(doc)
    assert md.startswith("# 西青区2024年度行政执法工作报告")
    html = to_html(doc)
    assert "<h1>西青区2024年度行政执法工作报告</h1>" in html and "<table>" in html

    from docx import Document as Docx
    from docx.shared import Mm, Pt

    path = to_docx(doc, tmp_path / "r.docx")
    d = Docx(str(path))
    sec = d.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    assert [round(x.mm) for x in (sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin)] == [
        37,
        35,
        28,
        26,
    ]
    title = d.paragraphs[0]
    assert title.text == "西青区2024年度行政执法工作报告"
    assert title.runs[0].font.size == Pt(22) and title.runs[0].font.name == "方正小标宋简体"
    assert title.alignment == 1  # centred
    body = next(p for p in d.paragraphs if p.text.startswith("西青区持续推进"))
    assert body.runs[0].font.size == Pt(16) and body.runs[0].font.name == "仿宋_GB2312"
    h1 = next(p for p in d.paragraphs if p.text == "一、工作情况及成效")
    assert h1.runs[0].font.name == "黑体"
    h2 = next(p for p in d.paragraphs if p.text.startswith("（一）"))
    assert h2.runs[0].font.name == "楷体_GB2312"
    footer_xml = sec.footer.paragraphs[0]._element.xml
    assert "PAGE" in footer_xml and "— " in sec.footer.paragraphs[0].text
    assert sec.even_page_footer.paragraphs[0].alignment == 0 and sec.footer.paragraphs[0].alignment == 2
    assert len(d.tables) >= 3
    assert Mm(1)  # the unit helper is importable


def test_explain_and_quarterly_commands(xiqing, tmp_path, settings):
    settings.REPORT_ROOT = tmp_path
    out = tmp_path / "insp.csv"
    call_command("report", "explain", "inspections", "--region", "120111", "--year", "2024", "--out", str(out))
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 1 + 3200
    assert lines[0].startswith("检查ID,单位")
    call_command(
        "report",
        "safety-quarterly",
        "--region",
        "120111",
        "--quarter",
        "2024Q3",
        "--format",
        "md",
        "--out",
        str(tmp_path / "q.md"),
    )
    text = (tmp_path / "q.md").read_text(encoding="utf-8")
    assert text.startswith("# 西青区2024年第3季度安全生产执法情况报告")
    from zhifa.enforcement.models import Hazard

    found = Hazard.objects.filter(found_on__range=(dt.date(2024, 7, 1), dt.date(2024, 9, 30))).count()
    assert f"发现隐患{found}处" in text
    call_command(
        "report",
        "annual",
        "--region",
        "120111",
        "--year",
        "2024",
        "--format",
        "docx",
        "--out",
        str(tmp_path / "a.docx"),
    )
    assert (tmp_path / "a.docx").stat().st_size > 10_000


def test_same_seed_same_database(xiqing):
    """Built, rolled back and built again on the same database (the fixture): the same records, key for key."""
    assert xiqing["emptied"]
    assert xiqing["again"] == xiqing["first"]


def test_scenario_must_add_up(tmp_path):
    bad = tmp_path / "bad.toml"
    src = load_scenario("xiqing-2024").path.read_text(encoding="utf-8")
    bad.write_text(src.replace("officers = 40", "officers = 41", 1), encoding="utf-8")
    with pytest.raises(ScenarioError, match="年末持证人数之和"):
        load_scenario(bad)
