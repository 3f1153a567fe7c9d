"""A held-out district-year (河北区 2025), written by hand from exchange.md, loaded and reported as a new user would.

Everything runs as real `zhifa` processes on an empty data directory (and, under PostgreSQL, on a throwaway
database of its own): migrate, exchange load, report annual in every format, report explain. The expected
figures are computed here from the rows written (tests/heldout/hebei.py), by the definitions the report prints.
"""

import csv
import io
import os
import re
import subprocess
import sys
import urllib.parse
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

import zhifa
from tests.heldout import hebei as H

SRC = str(Path(zhifa.__file__).resolve().parents[1])
pytestmark = pytest.mark.timeout(600)
ENFORCEMENT = {"行政处罚", "行政检查", "行政强制"}


def _throwaway_pg(url: str):
    """A database of its own next to the session's (its name derived from it), created empty; dropped after."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'zhifa'}_heldout_{os.getpid()}"
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}"')
        con.execute(f'CREATE DATABASE "{name}"')
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}")), admin, name


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    root = tmp_path_factory.mktemp("heldout")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHIFA_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(PYTHONPATH=SRC, ZHIFA_DATA_DIR=str(root / "data"), ZHIFA_DEBUG="1")
    pg = None
    if os.environ.get("ZHIFA_DATABASE_URL"):
        url, admin, name = _throwaway_pg(os.environ["ZHIFA_DATABASE_URL"])
        env["ZHIFA_DATABASE_URL"] = url
        pg = (admin, name)
    cwd = root / "cwd"
    cwd.mkdir()

    def zhifa_cmd(*args, ok=True):
        done = subprocess.run(
            [sys.executable, "-m", "zhifa.cli", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
        )
        assert "Traceback" not in done.stdout + done.stderr, done.stderr[-3000:]
        if ok:
            assert done.returncode == 0, (args, done.stdout[-2000:], done.stderr[-2000:])
        return done

    zhifa_cmd("migrate", "-v", "0")
    folder = H.write(root / "河北区2025")
    loaded = zhifa_cmd("exchange", "load", str(folder), "--no-progress", "--rejections", str(root / "rej.xlsx"))
    out = {fmt: root / f"report.{fmt}" for fmt in ("md", "docx", "html", "xlsx")}
    for fmt, path in out.items():
        zhifa_cmd("report", "annual", "--region", H.REGION, "--year", str(H.YEAR), "--format", fmt, "--out", str(path))
    yield {"cmd": zhifa_cmd, "root": root, "folder": folder, "loaded": loaded.stdout, "out": out}
    if pg:
        import psycopg

        with psycopg.connect(pg[0], autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{pg[1]}" WITH (FORCE)')


def _counts(stdout: str) -> dict[str, tuple[int, ...]]:
    """The load's table: 记录类型 → (新增, 更新, 未变, 删除, 拒收)."""
    rows = {}
    for line in stdout.splitlines():
        cells = [c.strip() for c in re.split(r"[│┃]", line) if c.strip()]
        if len(cells) == 6 and all(c.isdigit() for c in cells[1:]):
            rows[cells[0]] = tuple(int(c) for c in cells[1:])
    return rows


def _expected():
    """The headline figures, from the rows written, by the definitions of the report's 数据口径."""
    data = H.everything()
    holders = {c["持证人身份证号码"] for c in data["执法证件"] if c["证件状态"] == "有效"}
    by_cert = {c["执法证号"]: c["持证人身份证号码"] for c in data["执法证件"]}
    acts = data["行政检查"] + [c for c in data["行政处罚"] if c["决定日期"]] + data["其他执法行为"] + data["行政强制"]
    acting = {by_cert[n] for a in acts for n in re.split("[；;]", a["执法证号"])[:2]}
    held = {p["事项编码"] for p in data["权责事项"] if p["职权类别"] in ENFORCEMENT}
    used = {a["事项编码"] for a in data["行政检查"] + data["行政强制"] + data["其他执法行为"]} | {
        c["事项编码"] for c in data["行政处罚"] if c["决定日期"]
    }
    licences = [x for x in data["行政许可"] if x["决定日期"]]
    per_party = Counter(i["相对人证件号码"] for i in data["行政检查"])
    return {
        "units": len(data["执法主体"]),
        "officers": len(holders),
        "reviewers": len(data["法制审核人员"]),
        "inspections": len(data["行政检查"]),
        "penalties": sum(1 for c in data["行政处罚"] if c["处理结果"] == "给予处罚"),
        "other": len(data["其他执法行为"]),
        "performance": (len(held & used), len(held)),
        "participation": (len(acting & holders), len(holders)),
        "acts_without_licences": len(acts),
        "acts": len(acts) + len(licences),
        "inspected": len(per_party),
        "max_per_party": max(per_party.values()),
        "inspected_by_category": Counter(i["检查对象类别"] for i in data["行政检查"]),
    }


def _body(md: str) -> str:
    return md.split("## 附件")[0]


def test_every_record_type_of_exchange_md_loads_with_no_rejection(district):
    counts = _counts(district["loaded"])
    sent = {k: len(v) for k, v in H.everything().items()}
    assert set(counts) == set(sent), set(sent) ^ set(counts)
    for kind, n in sent.items():
        assert counts[kind] == (n, 0, 0, 0, 0), (kind, counts[kind])
    # the same folder again changes nothing
    again = _counts(district["cmd"]("exchange", "load", str(district["folder"]), "--no-progress").stdout)
    assert {k: v[2] for k, v in again.items()} == sent and all(v[0] == v[1] == v[4] == 0 for v in again.values())


def test_malformed_rows_are_rejected_each_with_field_and_reason(district):
    root = district["root"]
    good = H.inspections()[0]
    bad_id = H.PEOPLE[H.MARKET][0][:-1] + ("0" if H.PEOPLE[H.MARKET][0][-1] != "0" else "1")
    rows = [
        {**good, "检查行为编号": "HBJC20259001", "事项编码": "HB-NO-SUCH"},
        {**good, "检查行为编号": "HBJC20259002", "审批人身份证号码": bad_id},
        {**good, "检查行为编号": "HBJC20259003", "检查类别": "突击检查"},
        {**good, "检查行为编号": "HBJC20259004", "检查时间": "2025-04-31 09:00"},
        {**good, "检查行为编号": "HBJC20259005", "检查时间": "2025-03-11 09:30"},  # well formed
    ]
    folder = root / "bad"
    folder.mkdir()
    with (folder / "行政检查.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(good))
        w.writeheader()
        w.writerows(rows)
    rej = root / "bad-rej.xlsx"
    done = district["cmd"]("exchange", "load", str(folder), "--no-progress", "--rejections", str(rej), ok=False)
    assert done.returncode != 0 and "4 条记录被拒收" in done.stdout + done.stderr
    table = list(openpyxl.load_workbook(rej).active.iter_rows(values_only=True))
    assert table[0] == ("文件", "记录类型", "行号", "主键", "字段", "值", "原因")
    got = {(r[2], r[4]) for r in table[1:]}
    assert got == {(2, "事项编码"), (3, "审批人身份证号码"), (4, "检查类别"), (5, "检查时间")}, table
    assert all(r[6] and re.search("[\u4e00-\u9fff]", r[6]) for r in table[1:])
    assert _counts(done.stdout)["行政检查"][0] == 1
    # the sender withdraws the one row that loaded: 操作 = 删除 with its reason
    withdraw = root / "withdraw"
    withdraw.mkdir()
    with (withdraw / "行政检查.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=[*good, "操作", "删除原因"])
        w.writeheader()
        w.writerow({**rows[4], "操作": "删除", "删除原因": "重复录入，撤回"})
    assert _counts(district["cmd"]("exchange", "load", str(withdraw), "--no-progress").stdout)["行政检查"][3] == 1


def test_the_report_states_the_districts_own_figures(district):
    md = district["out"]["md"].read_text(encoding="utf-8")
    e = _expected()
    assert "东丽" not in md and "河北区" in md
    body = _body(md)
    assert f"全区现有行政执法单位{e['units']}个，行政执法人员{e['officers']}人，法制审核人员{e['reviewers']}人" in body
    assert f"全年共开展行政检查{e['inspections']}次，实施行政处罚{e['penalties']}件" in body
    assert f"巡查、现场规范、教育改正{e['other']}次" in body
    done, held = e["performance"]
    assert done < held  # one power never exercised: the rate is not a trivial 100%
    assert f"履职率{100 * done / held:.2f}%（已行使职权{done}项/享有职权{held}项）" in body
    acting, holders = e["participation"]
    assert acting < holders
    assert f"人员参与率{100 * acting / holders:.2f}%（有执法行为的持证人员{acting}人/持证人员{holders}人）" in body
    # every table row and every sentence says something: no paragraph of zeros, no empty list
    for line in body.splitlines():
        if line.startswith("|") and not set(line) <= set("|- "):
            nums = re.findall(r"\d+(?:\.\d+)?", line)
            assert not nums or any(float(n) for n in nums), line
    assert not re.search(r"(?<![\d.])0(次|件|个|家次|部|项)", body), re.findall(
        r".{20}(?<![\d.])0[次件个部项].{5}", body
    )
    assert "（无）" not in body
    # a section left out leaves no gap in the numbering of those kept
    numbers = re.findall(r"^### （(.)）", body.split("## 二、")[0], flags=re.M)
    assert numbers == list("一二三四五六七八九十"[: len(numbers)]), numbers


def test_every_output_format_is_written(district):
    out = district["out"]
    assert out["docx"].stat().st_size > 10_000 and out["html"].read_text(encoding="utf-8").count("河北区") > 3
    wb = openpyxl.load_workbook(out["xlsx"])
    text = " ".join(str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row if c is not None)
    assert "东丽" not in text and "履职率" in text


def test_explain_lists_the_records_behind_the_placeholders(district):
    e = _expected()

    def explain(figure):
        out = district["cmd"]("report", "explain", figure, "--region", H.REGION, "--year", str(H.YEAR)).stdout
        return list(csv.reader(io.StringIO(out)))

    assert len(explain("inspections")) - 1 == e["inspections"]
    market = sum(1 for i in H.inspections() if i["实施机构统一社会信用代码"] == H.MARKET)
    assert len(explain("行政检查次数 执法领域=市场监管")) - 1 == market
    # 54号: inspections per enterprise in the year, across every body
    per_party = explain("企业受检次数最大值")
    assert per_party[0][:3] == ["检查对象ID", "检查对象", "检查次数"]
    assert len(per_party) - 1 == e["inspected"] and max(int(r[2]) for r in per_party[1:]) == e["max_per_party"]
    assert len(explain("受检企业数")) - 1 == e["inspected"]


def test_acts_per_officer_counts_the_licence_decisions_sent(district):
    """行政许可 has no officer field in exchange.md: a decision sent without one is still one of the year's acts."""
    e = _expected()
    body = _body(district["out"]["md"].read_text(encoding="utf-8"))
    assert e["acts"] > e["acts_without_licences"]
    assert f"人均执法量{e['acts'] / e['officers']:.1f}件（执法行为{e['acts']}件/持证人员{e['officers']}人）" in body


def test_inspections_are_grouped_by_the_categories_sent(district):
    """exchange.md principle 5: 检查对象类别 is free text, stored and reported as given (食品经营者, not 其他)."""
    body = _body(district["out"]["md"].read_text(encoding="utf-8"))
    assert "食品经营者" in body and "其他" not in re.findall(r"检查(\S+?)\d+家次", body)


def test_the_report_states_inspection_frequency(district):
    """国办发〔2024〕54号: inspections per enterprise (any body) in the report's figures, its appendix and XLSX."""
    e = _expected()
    md = district["out"]["md"].read_text(encoding="utf-8")
    assert f"| inspected_enterprises | 受检企业数 | {e['inspected']}家 |" in md
    assert f"| max_inspections_per_enterprise | 企业受检次数最大值 | {e['max_per_party']}次 |" in md
    # no cap can be set through exchange.md or the command line: none is exceeded
    assert "| enterprises_over_cap | 超检查频次上限企业数 | 0家 |" in md
    wb = openpyxl.load_workbook(district["out"]["xlsx"])
    cells = {str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row if c is not None}
    assert {"受检企业数", "企业受检次数最大值"} <= cells
