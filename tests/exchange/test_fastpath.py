"""The set-based path gives every record the result the per-record path gives it, on mixed good and bad rows.

The same files are loaded twice in one database, once with the set-based path off (MIN_FAST above the chunk) and
once on, each time rolled back: the per-row results (status, field, reason, breaches) and the rows written (read
back through the export, from the act tables) must be the same.
"""

import pytest
from django.db import transaction

from tests.exchange import district as D
from zhifa.core import processes
from zhifa.core.models import AuditLog
from zhifa.exchange import fastpath
from zhifa.exchange.actors import SYSTEM
from zhifa.exchange.export import records
from zhifa.exchange.services import exchange_load_files, exchange_load_records
from zhifa.exchange.spec import record_type

pytestmark = pytest.mark.django_db

C0, C1, C9 = "120110000000", "120110000001", "120110009999"
TYPES = ("行政检查", "行政处罚", "其他执法行为", "隐患", "超限超载")


def other(n, **over):
    row = {
        "行为编号": f"XC{n:05d}",
        "类型": ("巡查", "现场规范", "教育改正")[n % 3],
        "实施机构统一社会信用代码": D.MARKET,
        "事项编码": "JC-001" if n % 2 else "",
        "对象名称": f"商户{n % 7}" if n % 4 else "",
        "相对人证件号码": D.SHOP if n % 4 == 1 else "",
        "时间": f"2024-05-{n % 28 + 1:02d} 10:00",
        "执法证号": f"{C0}；{C1}" if n % 5 else C0,  # every 5th by one officer: a breach, loaded
        "内容": "巡查",
    }
    row.update(over)
    return row


def hazard(n, **over):
    row = {
        "隐患编号": f"YH{n:05d}",
        "实施机构统一社会信用代码": D.MARKET,
        "检查行为编号": f"JC2024{n % 20 + 1:05d}" if n % 2 else "",
        "对象名称": "" if n % 2 else f"燃气用户{n % 9}",
        "相对人证件号码": "" if n % 2 else (D.CITIZEN if n % 4 == 0 else ""),
        "隐患类别": ("燃气", "消防", "危化品", "自建房")[n % 4],
        "等级": "重大" if n % 10 == 0 else "",
        "发现日期": "2024-06-01",
        "整改期限": "2024-06-20" if n % 3 else "",
        "整改完成日期": "2024-06-10" if n % 2 else "",
    }
    row.update(over)
    return row


def overload(n, **over):
    row = {
        "检测编号": f"CX{n:05d}",
        "实施机构统一社会信用代码": D.MARKET,
        "车牌号": f"津a{n:05d}",
        "轴数": str(2 + n % 5) if n % 3 else "",
        "车货总重": f"{50 + n % 9}.50",
        "限值": "49",
        "检测时间": f"2024-07-{n % 28 + 1:02d} 23:10",
        "源头企业统一社会信用代码": D.SHOP if n % 6 == 0 else "",
    }
    row.update(over)
    return row


def files(folder):
    for name, rows in acts().items():
        D.write_csv(folder, name, rows)
    return folder


def acts() -> dict[str, list[dict]]:
    inspections = [D.inspection(i) for i in range(1, 61)]
    inspections[10] = D.inspection(11, 事项编码="JC-999")  # unknown 事项编码
    inspections[20] = D.inspection(21, 执法证号=f"{C0}；{C9}")  # unknown 执法证号
    inspections.append(D.inspection(5, 检查时间="2024-05-01 10:00"))  # key repeated
    others = [other(i) for i in range(1, 71)]
    others[3] = other(4, 执法证号=C9)
    others[7] = other(8, 时间="2099-01-01 10:00")  # future
    others.append(other(9))  # repeated
    hazards = [hazard(i) for i in range(1, 66)]
    hazards[4] = hazard(5, 检查行为编号="JC-NONE")  # unknown inspection
    hazards[5] = hazard(6, 整改期限="2024-05-01")  # deadline before found
    overloads = [overload(i) for i in range(1, 66)]
    overloads[2] = overload(3, 限值="0")
    overloads[6] = overload(7, 源头企业统一社会信用代码=D.JUSTICE)  # not a registered party
    overloads[8] = overload(9, 轴数="20")
    cases = [
        D.case(
            i,
            关联检查行为编号=f"JC2024{i:05d}" if i % 3 == 0 else "",
            法制审核日期="2024-03-10" if i % 4 == 0 else "",
            法制审核人身份证号码=D.REVIEWER if i % 4 == 0 else "",
            集体讨论日期="2024-03-12" if i % 8 == 0 else "",
            听证申请日期="2024-03-05" if i % 5 == 0 else "",
            当事人名称="东丽区好运来超市" if i % 2 else f"张{i % 3}",
            相对人性质="法人或其他组织" if i % 2 else "自然人",
            相对人证件号码=D.SHOP if i % 2 else ("" if i % 3 else D.CITIZEN),
            公示日期="2024-03-25" if i % 2 else "",
        )
        for i in range(1, 61)
    ]
    cases[1] = D.case(2, 立案日期="2024-03-25")  # 决定日期 before 立案日期
    cases[2] = D.case(3, 相对人性质="自然人", 相对人证件号码=D.CITIZEN[:-1] + "0")  # check digit
    cases[3] = D.case(
        4,
        决定日期="2024-06-05",
        送达日期="2024-06-06",
        缴款日期="2024-06-10",
        结案日期="2024-06-12",
        公示日期="2024-06-07",
    )  # decided 120 days after 立案: a breach, loaded
    cases[4] = D.case(5, 关联检查行为编号="JC-NONE")
    return {"行政检查": inspections, "行政处罚": cases, "其他执法行为": others, "隐患": hazards, "超限超载": overloads}


def load_and_read(folder):
    with transaction.atomic():
        audits = AuditLog.objects.count()
        result = exchange_load_files(actor=SYSTEM, paths=[folder], per_record=True)
        out = {
            "results": {f.record_type.name: sorted(map(repr, f.report.results)) for f in result.files},
            "rows": {t: sorted(map(repr, records(record_type(t)))) for t in TYPES},
            "totals": result.totals(),
        }
        new_audits = AuditLog.objects.count() - audits
        transaction.set_rollback(True)
    return out, new_audits


def test_set_based_and_per_record_paths_agree(tmp_path, monkeypatch):
    exchange_load_files(actor=SYSTEM, paths=[D.write_registry(tmp_path / "registry")])
    folder = files(tmp_path / "acts")
    monkeypatch.setattr(fastpath, "MIN_FAST", 10**9)
    slow, slow_audits = load_and_read(folder)
    monkeypatch.setattr(fastpath, "MIN_FAST", 1)
    fast, fast_audits = load_and_read(folder)
    assert fast["totals"] == slow["totals"]
    assert fast["totals"]["行政检查"] == {"created": 58, "updated": 0, "unchanged": 0, "deleted": 0, "rejected": 3}
    assert fast["totals"]["其他执法行为"]["rejected"] == 3 and fast["totals"]["隐患"]["rejected"] == 2
    assert fast["totals"]["超限超载"]["rejected"] == 3
    assert fast["totals"]["行政处罚"]["rejected"] == 4  # 2, 3, 5, and 21 (its inspection was rejected)
    assert fast["results"] == slow["results"]
    assert any("九十日" in r or "90" in r for r in fast["results"]["行政处罚"] if "0004号" in r)
    assert fast["rows"] == slow["rows"]
    alone = [r for r in fast["results"]["其他执法行为"] if "不得少于2人" in r]
    assert len(alone) == 14  # the acts by one officer (every 5th of 70, one of them rejected): loaded, with the breach
    assert fast_audits < slow_audits / 10  # one audit row per chunk instead of one per record


def test_a_case_entered_in_the_workspace_is_updated_not_duplicated(tmp_path, monkeypatch):
    """A unit sends, in a large file, a case it had already entered in the workspace under the same number."""
    from zhifa.enforcement.models import PenaltyCase

    exchange_load_files(actor=SYSTEM, paths=[D.write_registry(tmp_path / "registry")])
    monkeypatch.setattr(fastpath, "MIN_FAST", 1)
    exchange_load_files(actor=SYSTEM, paths=[D.write_csv(tmp_path / "one", "行政处罚", [D.case(1)])])
    from zhifa.exchange.models import ExchangeRecord

    ExchangeRecord.objects.filter(record_type="行政处罚").delete()  # as if entered in the workspace
    case = PenaltyCase.objects.get()
    rows = [D.case(1, 罚款金额="5000", 实缴金额="5000")] + [D.case(i) for i in range(2, 6)]
    result = exchange_load_files(actor=SYSTEM, paths=[D.write_csv(tmp_path / "many", "行政处罚", rows)])
    assert result.rejections() == []
    assert result.totals()["行政处罚"]["created"] == 4 and result.totals()["行政处罚"]["updated"] == 1
    case.refresh_from_db()
    assert PenaltyCase.objects.count() == 5 and case.fine_amount == 5000


def load_in_memory(sent: dict[str, list[dict]]):
    with transaction.atomic():
        reports = {
            name: exchange_load_records(actor=SYSTEM, record_type=name, records=rows, parallel=True, per_record=True)
            for name, rows in sent.items()
        }
        out = {
            "results": {name: sorted(map(repr, r.results)) for name, r in reports.items()},
            "rejected": {name: r.rejected for name, r in reports.items()},
            "rows": {t: sorted(map(repr, records(record_type(t)))) for t in TYPES},
        }
        transaction.set_rollback(True)
    return out


def test_chunks_prepared_by_the_worker_process_give_the_same_results(tmp_path, monkeypatch):
    """A large load of records in memory (the demo's) parses its next chunks in a worker process (prepare.py):
    same per-row results and rows as parsing them in the loading process, with the rejected rows and a key
    repeated across chunks."""
    from zhifa.exchange import prepare

    exchange_load_files(actor=SYSTEM, paths=[D.write_registry(tmp_path / "registry")])
    sent = acts()
    monkeypatch.setattr(fastpath, "MIN_FAST", 1)
    monkeypatch.setattr(prepare, "CHUNK", 7)  # 60-odd records per type: 9 or 10 chunks
    monkeypatch.setattr(prepare, "PARALLEL_FROM", 4)
    monkeypatch.setenv("ZHIFA_LOAD_WORKER", "0")
    here = load_in_memory(sent)

    class Finished(prepare.ProcessPoolExecutor):
        """Each chunk handed over is finished before the loader looks at it, so the worker's results are used."""

        def submit(self, fn, *args, **kwargs):
            future = super().submit(fn, *args, **kwargs)
            future.result()
            return future

    by_worker = []
    load_chunk = fastpath.load_chunk

    def counting(rtype, *args):
        by_worker.append((rtype.name, args[-1] is not None))
        return load_chunk(rtype, *args)

    monkeypatch.setattr(prepare, "ProcessPoolExecutor", Finished)
    monkeypatch.setattr(fastpath, "load_chunk", counting)
    monkeypatch.setenv("ZHIFA_LOAD_WORKER", "1")
    monkeypatch.setattr(processes.os, "cpu_count", lambda: 2)  # (second_process_allowed)
    worker = load_in_memory(sent)
    assert {name for name, used in by_worker if used} == set(TYPES)
    assert sum(used for _, used in by_worker) == len(by_worker) - len(TYPES)  # all but each type's first chunk
    assert worker == here
    assert worker["rejected"]["行政检查"] == 3  # with the repeated key, 51 rows after its first


def _worker_dies():
    import os

    os._exit(3)


def test_a_parsing_worker_that_dies_leaves_the_load_to_this_process(tmp_path, monkeypatch):
    """The worker cannot start (here: it exits in its initializer): every chunk is prepared by the loading
    process, with the same results, and nothing waits for the lost worker."""
    from zhifa.exchange import prepare

    exchange_load_files(actor=SYSTEM, paths=[D.write_registry(tmp_path / "registry")])
    sent = acts()
    monkeypatch.setattr(fastpath, "MIN_FAST", 1)
    monkeypatch.setattr(prepare, "CHUNK", 7)
    monkeypatch.setattr(prepare, "PARALLEL_FROM", 4)
    monkeypatch.setenv("ZHIFA_LOAD_WORKER", "0")
    here = load_in_memory(sent)

    class Dying(prepare.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **{**kwargs, "initializer": _worker_dies})

        def submit(self, fn, *args, **kwargs):
            future = super().submit(fn, *args, **kwargs)
            try:
                future.result(timeout=60)  # broken, not hanging
            except Exception:
                pass
            return future

    monkeypatch.setattr(prepare, "ProcessPoolExecutor", Dying)
    monkeypatch.setenv("ZHIFA_LOAD_WORKER", "1")
    monkeypatch.setattr(processes.os, "cpu_count", lambda: 2)  # (second_process_allowed)
    assert load_in_memory(sent) == here


def test_a_parsing_worker_lost_during_the_load_leaves_every_chunk_to_this_process(tmp_path, monkeypatch):
    """The worker is lost after a few chunks (the pool refuses the next one): that chunk and the rest are
    prepared by the loading process; no record is dropped."""
    from concurrent.futures.process import BrokenProcessPool

    from zhifa.exchange import prepare

    exchange_load_files(actor=SYSTEM, paths=[D.write_registry(tmp_path / "registry")])
    sent = acts()
    monkeypatch.setattr(fastpath, "MIN_FAST", 1)
    monkeypatch.setattr(prepare, "CHUNK", 7)
    monkeypatch.setattr(prepare, "PARALLEL_FROM", 4)
    monkeypatch.setenv("ZHIFA_LOAD_WORKER", "0")
    here = load_in_memory(sent)
    refused = []

    class Lost(prepare.ProcessPoolExecutor):
        handed = 0

        def submit(self, fn, *args, **kwargs):
            if fn is prepare.prepare_chunk:
                if self.handed == 3:
                    refused.append(args[0])
                    raise BrokenProcessPool("lost")
                self.handed += 1
            future = super().submit(fn, *args, **kwargs)
            future.result()
            return future

    monkeypatch.setattr(prepare, "ProcessPoolExecutor", Lost)
    monkeypatch.setenv("ZHIFA_LOAD_WORKER", "1")
    monkeypatch.setattr(processes.os, "cpu_count", lambda: 2)  # (second_process_allowed)
    assert load_in_memory(sent) == here
    assert set(refused) == set(TYPES)


def test_a_load_without_findings_writes_the_same_rows_and_outbox(tmp_path):
    """LoadContext(findings=False), as the demo loads: the same records, rows and supervision outbox entries as a
    load with findings; only the report leaves out the per-record findings (the 120-day case is still a breach
    that a load with findings reports)."""
    from zhifa.exchange.context import LoadContext
    from zhifa.ops.models import PendingCheck

    exchange_load_files(actor=SYSTEM, paths=[D.write_registry(tmp_path / "registry")])
    cases = [D.case(n) for n in range(1, 61)]
    cases[3] = D.case(
        4,
        决定日期="2024-06-05",
        送达日期="2024-06-06",
        缴款日期="2024-06-10",
        结案日期="2024-06-12",
        公示日期="2024-06-07",
    )

    def load(findings: bool):
        with transaction.atomic():
            report = exchange_load_records(
                actor=SYSTEM,
                record_type="行政处罚",
                records=cases,
                ctx=LoadContext(actor=SYSTEM, findings=findings),
                per_record=True,
            )
            rows = sorted(map(repr, records(record_type("行政处罚"))))
            outbox = sorted(PendingCheck.objects.values_list("label", flat=True))
            transaction.set_rollback(True)
        return report, rows, outbox

    with_findings, rows, outbox = load(True)
    without, rows_without, outbox_without = load(False)
    assert with_findings.created == without.created == 60 and not without.rejections
    assert any(b["key"].endswith("0004号") for b in with_findings.breaches)
    assert without.breaches == [] and len(without.results) == 60
    assert all("breaches" not in r for r in without.results)
    assert rows_without == rows and len(rows) == 60
    assert outbox_without == outbox and len(outbox) >= 60


def test_keys_not_looked_up_in_an_empty_index_give_the_same_results(tmp_path, monkeypatch):
    """When a record type (or a region's cases) had no row as the load began, the set-based path looks none of a
    chunk's keys up (LoadContext.empty_at_start). The results are those of a load that looks every key up: a case
    number another unit took in an earlier chunk is refused, and the same records sent again through the same
    context (so still "empty" for it) are found unchanged, with no new audit row."""
    from zhifa.exchange import prepare
    from zhifa.exchange.context import LoadContext

    exchange_load_files(actor=SYSTEM, paths=[D.write_registry(tmp_path / "registry")])
    monkeypatch.setattr(prepare, "CHUNK", 60)
    monkeypatch.setattr(fastpath, "MIN_FAST", 1)
    cases = [D.case(n) for n in range(1, 121)]
    cases.insert(
        100, D.case(5, 实施机构统一社会信用代码=D.STREET, 执法证号="120110000002")
    )  # chunk 2 takes chunk 1's number

    def load(look_up: bool):
        if not look_up:
            monkeypatch.setattr(LoadContext, "empty_at_start", lambda self, what, exists: False)
        with transaction.atomic():
            ctx = LoadContext(actor=SYSTEM)
            first = exchange_load_records(actor=SYSTEM, record_type="行政处罚", records=cases, ctx=ctx, per_record=True)
            rows = sorted(map(repr, records(record_type("行政处罚"))))
            audits = AuditLog.objects.count()
            again = exchange_load_records(actor=SYSTEM, record_type="行政处罚", records=cases, ctx=ctx)
            new_audits = AuditLog.objects.count() - audits
            transaction.set_rollback(True)
        monkeypatch.undo() if not look_up else None
        return first, rows, again, new_audits, ctx

    skipped, rows, again, new_audits, ctx = load(look_up=True)
    assert ctx._empty == {("exchange", "行政处罚"): True, ("cases", D.REGION): True}  # the lookups were skipped
    assert skipped.created == 120 and skipped.rejected == 1
    (refused,) = skipped.rejections
    assert refused.field == "案件编号" and "其他单位已使用" in refused.reason
    assert again.unchanged == 120 and again.rejected == 1 and again.created == again.updated == 0
    assert new_audits == 0
    monkeypatch.setattr(prepare, "CHUNK", 60)
    monkeypatch.setattr(fastpath, "MIN_FAST", 1)
    looked, rows_looked, again_looked, _, _ = load(look_up=False)
    assert sorted(map(repr, looked.results)) == sorted(map(repr, skipped.results)) and rows_looked == rows
    assert again_looked.counts() == again.counts()


def test_a_load_keeps_each_records_outcome_only_when_asked(tmp_path):
    """Counts, rejections and breaches always; each record's outcome only for a caller that reads it (an API batch):
    a year of files would otherwise hold a dict per record."""
    exchange_load_files(actor=SYSTEM, paths=[D.write_registry(tmp_path / "registry")])
    cases = [D.case(n) for n in range(1, 41)] + [D.case(41, 事项编码="NOPE")]
    with transaction.atomic():
        plain = exchange_load_records(actor=SYSTEM, record_type="行政处罚", records=cases)
        again = exchange_load_records(actor=SYSTEM, record_type="行政处罚", records=cases, per_record=True)
        transaction.set_rollback(True)
    assert plain.created == 40 and plain.rejected == 1 and plain.results == []
    assert again.unchanged == 40 and len(again.results) == 41
    assert {r["status"] for r in again.results} == {"unchanged", "rejected"}
