"""One metrics layer: every figure is named once; the dashboard, the bulletin and the report ask it."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from zhifa import metrics
from zhifa.core.errors import InvalidInput
from zhifa.enforcement.choices import Outcome
from zhifa.enforcement.models import PenaltyCase
from zhifa.reports.figures import annual_figures
from zhifa.supervision.bulletin import bulletin_figures

YEAR = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
FOLDERS = ("reports", "metrics")


def test_every_metric_is_defined_once_with_its_terms():
    assert len(metrics.METRICS) >= 30
    for name, m in metrics.METRICS.items():
        assert m.name == name and m.definition and m.unit and m.kind in ("流量", "存量", "比率"), name


def test_unknown_metric_and_parameter_are_refused_by_name():
    with pytest.raises(InvalidInput, match="未知的指标“行政检察次数”"):
        metrics.check("行政检察次数", {})
    with pytest.raises(InvalidInput, match="未知的参数“执法区域”"):
        metrics.check("行政检查次数", {"执法区域": "市场监管"})
    with pytest.raises(InvalidInput, match="不接受参数“违法行为类型”"):
        metrics.check("行政检查次数", {"违法行为类型": "x"})
    with pytest.raises(InvalidInput, match="检查方式.*无效"):
        metrics.check("行政检查次数", {"检查方式": "飞行"})
    # 检查对象类别 is the sender's free text (exchange.md principle 5): any value is a category; a code is its label
    got = metrics.check("行政检查次数", {"检查对象类别": "零售药店、食品经营者、medical", "时段": "夜查"})
    assert got["检查对象类别"] == ["零售药店", "食品经营者", "医疗机构"]


@pytest.mark.django_db
def test_dashboard_report_and_bulletin_give_one_answer(login, sample):
    region = sample.region.code
    # a 不予处罚 decision is a decision but not a 行政处罚决定 (the 276,099 vs 275,459 disagreement)
    decided = PenaltyCase.objects.filter(region_id=region, decided_on__range=YEAR)
    first = decided.first()
    if first is not None:
        PenaltyCase.objects.filter(pk=first.pk).update(outcome=Outcome.FIRST_OFFENCE)
    penalties = metrics.compute("行政处罚决定数", region, *YEAR).value
    assert penalties == decided.filter(outcome=Outcome.PENALTY).count()
    inspections = metrics.compute("行政检查次数", region, *YEAR).value
    assert sum(metrics.monthly("行政检查次数", region, 2023)) == inspections

    body = login("sup").get(reverse("web:index") + "?year=2023").content.decode()
    assert f'id="stat-inspections">{inspections:,}<' in body
    assert f'id="stat-decisions">{penalties:,}<' in body

    af = annual_figures(region, 2023)
    assert (af["inspections"].value, af["penalties"].value) == (inspections, penalties)
    perf = metrics.compute("履职率", region, *YEAR)
    assert af["performance_rate"].text == perf.text
    part = metrics.compute("人员参与率", region, *YEAR)
    assert af["participation_rate"].text == part.text

    months = [bulletin_figures(region, dt.date(2023, m, 1))["totals"] for m in range(1, 13)]
    assert sum(t["inspections"] for t in months) == inspections
    assert sum(t["penalties"] for t in months) == penalties
    dec = bulletin_figures(region, dt.date(2023, 12, 1))["totals"]
    assert (dec["powers_used_ytd"], dec["powers_held"]) == (perf.num, perf.den)

    # what the dashboard prints beside them: 行政执法人员, 罚款金额 and the acts by month
    officers = metrics.compute("行政执法人员数", region, *YEAR).value
    fines = metrics.compute("罚款金额", region, *YEAR).value
    assert af["officers"].value == officers
    assert f"<dt>行政执法人员</dt><dd>{officers:,} 人</dd>" in body
    assert f"<dt>罚款金额</dt><dd>{fines:,.2f} 元</dd>" in body

    # the report as printed (Markdown of the annual document), not only its figures
    from zhifa.reports.document import annual_document
    from zhifa.reports.render import to_markdown

    md = to_markdown(annual_document(region, 2023, charts=False))
    assert f"行政执法人员{officers}人" in md
    assert f"全年共开展行政检查{inspections}次，实施行政处罚{penalties}件" in md
    assert (
        f"全区履职率{metrics.compute('履职率', region, *YEAR).number}（已行使职权{perf.num}项/享有职权{perf.den}项）"
        in md
    )
    assert f"人员参与率{part.number}（有执法行为的持证人员{part.num}人/持证人员{part.den}人）" in md

    # the API (a region token) gives the same values
    from zhifa.core.policy import SYSTEM
    from zhifa.exchange import services

    _, token = services.token_create(actor=SYSTEM, name="区司法局", region=sample.region)
    api = client_for_api(token)
    period = "start=2023-01-01&end=2023-12-31"
    assert api(f"/api/v1/metrics/行政处罚决定数?{period}")["value"] == str(penalties)
    assert api(f"/api/v1/metrics/行政检查次数?{period}")["value"] == str(inspections)
    got = api(f"/api/v1/metrics/履职率?{period}")
    assert (got["numerator"], got["denominator"], got["text"]) == (str(perf.num), str(perf.den), perf.text)
    got = api(f"/api/v1/metrics/人员参与率?{period}")
    assert (got["numerator"], got["denominator"], got["text"]) == (str(part.num), str(part.den), part.text)
    assert api(f"/api/v1/metrics/行政执法人员数?{period}")["value"] == str(officers)
    assert api(f"/api/v1/metrics/罚款金额?{period}")["value"] == str(fines)
    assert any(m["name"] == "人员参与率" for m in api("/api/v1/metrics"))
    bad = Client().get(f"/api/v1/metrics/行政检察次数?{period}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert bad.status_code in (400, 404, 422) and "行政检察次数" in bad.json()["message"]


def client_for_api(token):
    def get(url):
        r = Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
        assert r.status_code == 200, r.content.decode()
        return r.json()

    return get


@pytest.mark.django_db
def test_parameters_filter_and_explain_lists_the_records(sample):
    region = sample.region.code
    total = metrics.compute("行政检查次数", region, *YEAR)
    by_domain = {}
    for d in {r[3] for r in metrics.explain("行政检查次数", region, *YEAR)[1]}:
        by_domain[d] = metrics.compute("行政检查次数", region, *YEAR, 执法领域=d).value
    assert sum(by_domain.values()) == total.value
    cols, rows = metrics.explain("行政检查次数", region, *YEAR)
    assert cols[0] == "检查ID" and len(list(rows)) == total.value
    night = metrics.compute("行政检查次数", region, *YEAR, 时段="夜查").value
    day = metrics.compute("行政检查次数", region, *YEAR, 时段="06:00-20:00").value
    assert night + day == total.value


def test_report_and_metrics_code_do_not_know_the_demo_catalogue():
    """No generator string (catalogue constants, the demo district's name) in report or metrics code."""
    from pathlib import Path

    import zhifa
    from zhifa.demo import catalogue

    root = Path(zhifa.__file__).parent
    names = [n for n in dir(catalogue) if n.isupper() and len(n) >= 4]
    values = [v for n in names for v in (getattr(catalogue, n) if isinstance(getattr(catalogue, n), tuple) else (getattr(catalogue, n),)) if isinstance(v, str) and len(v) >= 6 and not v.isascii()]  # fmt: skip
    for folder in FOLDERS:
        for path in (root / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            assert "catalogue" not in text, path
            assert "东丽" not in text, path
            for name in names:
                assert not re.search(rf"\b{name}\b", text), (path, name)
            for v in values:
                assert v not in text, (path, v)


@pytest.mark.django_db
def test_a_campaign_named_with_a_dunhao_counts_its_records(sample):
    """A 专项行动 whose name holds “、” is one name: quoted in a template, whole when passed from code."""
    from zhifa.enforcement.models import Campaign, Inspection
    from zhifa.reports.focus import campaign_parts
    from zhifa.reports.texts import fill_block

    region = sample.region.code
    name = "占用、堵塞、封闭疏散通道专项整治"
    first = Inspection.objects.filter(region_id=region, started_at__year=2023).order_by("id").first()
    c = Campaign.objects.create(
        region_id=region, name=name, domain="消防", lead_unit_id=first.unit_id, start_on=dt.date(2023, 3, 1)
    )
    ids = list(Inspection.objects.filter(region_id=region, started_at__year=2023).order_by("id").values_list("id", flat=True)[:3])  # fmt: skip
    Inspection.objects.filter(pk__in=ids).update(campaign=c)
    assert metrics.compute("行政检查次数", region, *YEAR, 专项行动=[name]).value == 3
    assert metrics.compute("行政检查次数", region, *YEAR, 专项行动=f"“{name}”").value == 3
    assert metrics.compute("行政检查次数", region, *YEAR, 专项行动=f'"{name}"').value == 3
    # unquoted, “、” still separates several names (none of which exists here)
    assert metrics.compute("行政检查次数", region, *YEAR, 专项行动=name).value == 0
    assert metrics.check("行政检查次数", {"专项行动": f"“{name}”、其他"})["专项行动"] == [name, "其他"]
    filled = fill_block(f"检查{{行政检查次数 专项行动=“{name}”}}次", {}, region_code=region, year=2023, zeros={})
    assert filled.text == "检查3次"
    assert "开展行政检查3次" in "；".join(campaign_parts(region, 2023, name))


@pytest.mark.django_db
def test_monthly_counts_by_the_local_month(sample):
    """A record of 1 February 00:30 Beijing time (31 January in UTC) is February's; the months add up to the year."""
    from zoneinfo import ZoneInfo

    from zhifa.enforcement.models import Inspection

    region = sample.region.code
    before = metrics.monthly("行政检查次数", region, 2023)
    moved = Inspection.objects.filter(region_id=region, started_at__year=2023).order_by("id").first()
    old_month = moved.started_at.astimezone(ZoneInfo("Asia/Shanghai")).month
    at = dt.datetime(2023, 2, 1, 0, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    Inspection.objects.filter(pk=moved.pk).update(started_at=at)
    after = metrics.monthly("行政检查次数", region, 2023)
    expected = list(before)
    expected[old_month - 1] -= 1
    expected[1] += 1
    assert after == expected
    assert sum(after) == metrics.compute("行政检查次数", region, *YEAR).value
    assert sum(metrics.monthly("执法行为数", region, 2023)) == metrics.compute("执法行为数", region, *YEAR).value
