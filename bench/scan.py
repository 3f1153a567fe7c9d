"""Bench: the supervision scan over a year the size of the demo district, full and incremental.

    /work/venv/bin/python bench/scan.py [--synthetic] [--scale 1.0]
    ZHIFA_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres /work/venv/bin/python bench/scan.py

Creates and migrates its own throwaway database (see _common.throwaway_database). If the ``demo``
command exists it builds the demo year with it; otherwise (or with ``--synthetic``) it loads a
synthetic year of the same size as exchange records through the exchange path (zhifa.exchange):
46 units, ≈2 450 certified officers, 54 849 inspections, 275 459 penalty decisions (most of them
on-the-spot traffic fines), 10 000 patrols, with planted problems (open cases past their Art. 60
deadline, late and missing disclosures, 多头检查 parties, a unit whose fines cluster under 3 000 yuan,
units short of reviewers and training hours).

Then it prints:
  1. a full scan as of 2023-12-31 (goal ≤ 3 s on SQLite, issue 11), per-rule seconds;
  2. the same scan again (idempotence: nothing raised, nothing cleared);
  3. an incremental scan with nothing changed;
  4. after ≈1 % of the records change (new records through the exchange path, approved extensions through
     the workflow service), an incremental scan, then a full scan that must find nothing left to do.

Incremental design: every ScanRun stores the highest id of each watched table and of the audit log.
The next run re-checks only rows above those marks (inserts, exchange loads included), rows named by newer
audit rows (every service update writes one), the cases/inspections their child rows belong to, acts
of persons whose certificates changed, rows whose deadline fell between the two as-of dates, and the
unit-level figures of the touched units. Its cost follows the change, not the year.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import itertools
import os
import random
import resource
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Timer, create_unit_powers, peak_rss_mb, throwaway_database  # noqa: E402

from zhifa.core.policy import SYSTEM

REGION = "120110"
AS_OF = dt.date(2023, 12, 31)
N_INSPECTIONS = 54_849
N_PENALTIES = 275_459
N_TRAFFIC = 250_000  # on-the-spot traffic fines among the penalties
N_OTHER = 10_000
N_UNITS = 46
OFFICERS = 2_457
PARTIES = 30_000


def _tz():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Asia/Shanghai")


def build_registry(rnd: random.Random, scale: float):
    from zhifa.core.validators import make_id_number, make_uscc
    from zhifa.enforcement.models import Party
    from zhifa.org.models import (
        Certificate,
        LegalReviewerDesignation,
        Person,
        Region,
        TrainingAttendance,
        TrainingSession,
        Unit,
    )

    region = Region.objects.create(code=REGION, name="东丽区", level="district")
    units = []
    for u in range(N_UNITS):
        kind = "vertical" if u == 0 else ("street" if u >= 33 else "department")
        name = "公安东丽分局交通警察支队" if u == 0 else (f"测试街道{u}" if kind == "street" else f"测试局{u}")
        units.append(
            Unit.objects.create(
                region=region,
                name=name,
                uscc=make_uscc("11120110", 700 + u),
                kind=kind,
                active_from=dt.date(2015, 1, 1),
            )
        )
    per_unit = OFFICERS // N_UNITS
    officers: dict[int, list[int]] = {}
    seq = 0
    for i, unit in enumerate(units):
        n = 400 if i == 0 else per_unit - 7 if i < 30 else per_unit
        people = Person.objects.bulk_create(
            Person(
                region=region,
                unit=unit,
                name=f"执法{i}-{j}",
                id_number=make_id_number("120110", dt.date(1970, 1, 1) + dt.timedelta(days=seq + j), seq + j),
                birth_date=dt.date(1970, 1, 1) + dt.timedelta(days=seq + j),
                staffing_type="admin",
            )
            for j in range(n)
        )
        seq += n
        Certificate.objects.bulk_create(
            Certificate(
                region=region,
                unit=unit,
                holder=p,
                number=f"TJ{i:02d}{j:05d}",
                issuing_authority="天津市人民政府",
                issued_on=dt.date(2019, 1, 1),
                valid_until=dt.date(2028, 12, 31),
            )
            for j, p in enumerate(people)
        )
        officers[unit.pk] = [p.pk for p in people]
        # 法制审核人员: 5 % in most units; the last six units are short (planted).
        reviewers = -(-n * 5 // 100) if i < 40 else max(0, n * 5 // 100 - 1)
        LegalReviewerDesignation.objects.bulk_create(
            LegalReviewerDesignation(region=region, unit=unit, person=p, designated_on=dt.date(2021, 1, 1))
            for p in people[:reviewers]
        )
        for k, held in enumerate((dt.date(2023, 4, 10), dt.date(2023, 9, 12))):
            s = TrainingSession.objects.create(
                region=region, organizer=unit, title=f"执法培训{k}", kind="general", held_on=held, hours=Decimal("30")
            )
            # everybody attends the first; 10 % miss the second (planted: under 60 学时)
            TrainingAttendance.objects.bulk_create(
                TrainingAttendance(session=s, person_id=p.pk, hours=Decimal("30"))
                for idx, p in enumerate(people)
                if k == 0 or idx % 10
            )
    # 155 certificates revoked during the year (退休/调离): their holders stop acting (see rows()).
    revoked = rnd.sample([p for u in units[1:] for p in officers[u.pk][5:]], 155)
    for pid in revoked:
        Certificate.objects.filter(holder_id=pid).update(
            status="revoked", revoked_on=dt.date(2023, 12, 1), revocation_reason="retired"
        )
    powers, inspect = {}, {}
    for i, unit in enumerate(units):
        inspect[unit.pk], powers[unit.pk] = create_unit_powers(
            region,
            unit,
            i,
            penalties=1 if i == 0 else 18,
            single_officer_basis="《道路交通安全法》第一百零七条" if i == 0 else "",
        )
    parties = Party.objects.bulk_create(
        (
            Party(
                region=region,
                kind="person",
                party_type="driver",
                name=f"当事人{i}",
                id_number=make_id_number("120110", dt.date(1980, 1, 1) + dt.timedelta(days=i % 9000), i),
                birth_date=dt.date(1980, 1, 1) + dt.timedelta(days=i % 9000),
            )
            if i % 2 == 0
            else Party(
                region=region, kind="org", party_type="business", name=f"某某有限公司{i}", uscc=make_uscc("91120110", i)
            )
            for i in range(PARTIES)
        ),
        batch_size=1000,
    )
    persons = [p.pk for p in parties if p.kind == "person"]
    orgs = [p.pk for p in parties if p.kind == "org"]
    stable = {u: [p for p in ids if p not in set(revoked)] for u, ids in officers.items()}
    return [u.pk for u in units], stable, inspect, powers, persons, orgs


def registry_from_db():
    """The generator's view of a registry already in the database (--db reuse, or the demo's)."""
    from django.db.models import Q

    from zhifa.enforcement.models import Party
    from zhifa.org.models import Certificate, Unit
    from zhifa.powers.models import Power

    units = list(Unit.objects.filter(region_id=REGION).order_by("id").values_list("id", flat=True))
    # officers whose certificate is in force the whole year (the change rows fall on any day of it)
    active = Certificate.objects.filter(
        region_id=REGION, issued_on__lte=dt.date(2023, 1, 1), valid_until__gte=dt.date(2024, 1, 1), status="active"
    ).filter(Q(revoked_on__isnull=True))
    officers: dict[int, list[int]] = {u: [] for u in units}
    for holder, unit in active.values_list("holder_id", "holder__unit_id"):
        officers[unit].append(holder)
    inspect, powers = {}, {u: [] for u in units}
    # powers whose decisions need no 法制审核 or 音像记录 (the change rows carry neither)
    rows = (
        Power.objects.filter(region_id=REGION, requires_legal_review=False, requires_recording=False)
        .order_by("id")
        .values_list("id", "owner_id", "category", "single_officer_basis")
    )
    single: dict[int, list[int]] = {u: [] for u in units}
    for pid, owner, category, basis in rows:
        if category == "inspection":
            inspect[owner] = pid
        elif category == "penalty":
            powers[owner].append(pid)
            if basis:
                single[owner].append(pid)
    # The change rows need a unit with an inspection power, penalty powers and two certified officers.
    units = [u for u in units if u in inspect and powers[u] and len(officers[u]) >= 2]
    # the on-the-spot traffic fines (one officer) go to the first unit: one whose law allows a single officer
    traffic = next((u for u in units if single[u]), None)
    if traffic is not None:
        units = [traffic, *(u for u in units if u != traffic)]
        powers[traffic] = single[traffic] + [p for p in powers[traffic] if p not in single[traffic]]
    persons = list(Party.objects.filter(region_id=REGION, kind="person").order_by("id").values_list("id", flat=True))
    orgs = list(Party.objects.filter(region_id=REGION, kind="org").order_by("id").values_list("id", flat=True))
    return units, officers, inspect, powers, persons, orgs


def rows(reg, rnd: random.Random, scale: float, tag: str, n_insp: int, n_pen: int, n_traffic: int, n_other: int):
    units, officers, inspect, powers, persons, orgs = reg
    tz = _tz()
    start = dt.date(2023, 1, 1)
    others = units[1:]
    gaming_unit = units[5]

    def when(day, hour=None):
        return dt.datetime(day.year, day.month, day.day, hour or rnd.randrange(8, 20), tzinfo=tz)

    def inspections():
        planted = orgs[:20]
        for k, party in enumerate(planted):  # 多头检查: three units within 30 days
            day = start + dt.timedelta(days=30 + k * 7)
            for j, u in enumerate(rnd.sample(others, 3)):
                a, b = rnd.sample(officers[u], 2)
                yield {
                    "unit_id": u,
                    "power_id": inspect[u],
                    "party_id": party,
                    "started_at": when(day + dt.timedelta(days=j * 9)),
                    "officer_a_id": a,
                    "officer_b_id": b,
                }
        for _ in range(n_insp - 60):
            u = rnd.choice(others)
            a, b = rnd.sample(officers[u], 2)
            day = start + dt.timedelta(days=rnd.randrange(334))
            yield {
                "unit_id": u,
                "power_id": inspect[u],
                "party_id": rnd.choice(orgs[20:] + persons[:2000]),
                "started_at": when(day),
                "officer_a_id": a,
                "officer_b_id": b,
                "findings": "检查情况正常",
            }

    def cases():
        for i in range(n_traffic):
            a = rnd.choice(officers[units[0]])
            day = start + dt.timedelta(days=rnd.randrange(360))
            fine = Decimal(rnd.choice((20, 50, 100, 150, 200)))
            yield {
                "unit_id": units[0],
                "power_id": powers[units[0]][0],
                "party_id": rnd.choice(persons),
                "procedure": "simple",
                "status": "closed",
                "case_no": f"{tag}T{i}",
                "violation": "违反道路通行规定",
                "act_date": day,
                "discovered_at": when(day),
                "decided_on": day,
                "delivered_on": day,
                "fine_amount": fine,
                "paid_on": day + dt.timedelta(days=3),
                "paid_amount": fine,
                "closed_on": day + dt.timedelta(days=3),
                "officer_a_id": a,
                "officer_b_id": None,
                "decision_no": f"{tag}TJ{i}",
            }
        for i in range(n_pen - n_traffic):
            u = gaming_unit if i % 40 == 0 else rnd.choice(others)
            a, b = rnd.sample(officers[u], 2)
            act = start + dt.timedelta(days=rnd.randrange(240))
            org = i % 3 == 0 or u == gaming_unit
            party = rnd.choice(orgs if org else persons)
            row = {
                "unit_id": u,
                "power_id": rnd.choice(powers[u][:12]),
                "party_id": party,
                "status": "closed",
                "case_no": f"{tag}C{i}",
                "violation": "违反某法规定",
                "act_date": act,
                "discovered_at": when(act, 9),
                "outcome": "penalty",
                "penalty_kinds": ["fine"],
                "officer_a_id": a,
                "officer_b_id": b,
                "decision_no": f"{tag}J{i}",
            }
            if u == gaming_unit:  # planted: on-the-spot fines bunched just under 3 000 yuan
                fine = Decimal(rnd.randrange(2700, 3000, 10) if rnd.random() < 0.9 else rnd.randrange(2400, 2700, 10))
                row.update(
                    procedure="simple",
                    decided_on=act,
                    delivered_on=act,
                    fine_amount=fine,
                    paid_on=act + dt.timedelta(days=2),
                    paid_amount=fine,
                    closed_on=act + dt.timedelta(days=2),
                )
            elif i % 4:
                fine = Decimal(rnd.randrange(1, 30) * 100 if org else rnd.randrange(1, 20) * 10)
                row.update(
                    procedure="simple",
                    decided_on=act,
                    delivered_on=act,
                    fine_amount=fine,
                    paid_on=act + dt.timedelta(days=5),
                    paid_amount=fine,
                    closed_on=act + dt.timedelta(days=5),
                )
            elif i % 97 == 1:  # planted: still open long after the 90 days (第六十条)
                filed = act + dt.timedelta(days=2)
                row.update(procedure="ordinary", status="investigating", filed_on=filed, outcome="", penalty_kinds=[])
                row.pop("decision_no")
            else:
                fine = Decimal(rnd.randrange(5, 40) * 100)
                filed = act + dt.timedelta(days=2)
                decided = filed + dt.timedelta(days=30)
                paid = decided + dt.timedelta(days=rnd.randrange(1, 15))
                # disclosure: most within the 7 working days, some late, some never (planted)
                disclosed = decided + dt.timedelta(days=3 if i % 50 else 20) if i % 61 else None
                row.update(
                    procedure="ordinary",
                    filed_on=filed,
                    notified_on=filed + dt.timedelta(days=20),
                    decided_on=decided,
                    delivered_on=decided,
                    fine_amount=fine,
                    paid_on=paid,
                    paid_amount=fine,
                    closed_on=paid,
                    disclosed_on=disclosed,
                    discretion_reason="依裁量基准",
                )
            yield row

    def other_acts():
        for _ in range(n_other):
            u = rnd.choice(others)
            a, b = rnd.sample(officers[u], 2)
            day = start + dt.timedelta(days=rnd.randrange(360))
            yield {
                "unit_id": u,
                "power_id": inspect[u],
                "kind": "patrol",
                "occurred_at": when(day),
                "officer_a_id": a,
                "officer_b_id": b,
                "note": "巡查",
            }

    return inspections, cases, other_acts


class NaturalKeys:
    """The exchange format's natural keys of the registry rows the synthetic rows name by id (a unit system
    knows its 统一社会信用代码, 事项编码, 执法证号 and its parties' 证件号码, never zhifa's ids)."""

    PROCEDURE = {"simple": "简易程序", "ordinary": "普通程序"}
    KINDS = {"fine": "罚款", "warning": "警告"}

    def __init__(self):
        from zhifa.enforcement.models import Party
        from zhifa.org.models import Certificate, Unit
        from zhifa.powers.models import Power

        self.uscc = dict(Unit.objects.filter(region_id=REGION).values_list("id", "uscc"))
        self.code = dict(Power.objects.filter(region_id=REGION).values_list("id", "code"))
        self.cert = dict(
            Certificate.objects.filter(region_id=REGION).order_by("issued_on", "id").values_list("holder_id", "number")
        )
        self.party = {
            pk: (name, "自然人" if kind == "person" else "法人或其他组织", idno or uscc)
            for pk, name, kind, idno, uscc in Party.objects.filter(region_id=REGION).values_list(
                "id", "name", "kind", "id_number", "uscc"
            )
        }

    def _officers(self, r):
        return [self.cert[p] for p in (r["officer_a_id"], r.get("officer_b_id")) if p is not None]

    def _party(self, pid, name_field: str) -> dict:
        name, nature, number = self.party[pid]
        return {name_field: name, "相对人性质": nature, "相对人证件号码": number}

    def inspection(self, tag: str, k: int, r: dict) -> dict:
        return {
            "检查行为编号": f"{tag}I{k}",
            "实施机构统一社会信用代码": self.uscc[r["unit_id"]],
            "事项编码": self.code[r["power_id"]],
            **self._party(r["party_id"], "检查对象名称"),
            "检查时间": r["started_at"],
            "检查形式": "现场",
            "检查类别": "日常检查",
            "执法证号": self._officers(r),
            "发现问题": r.get("findings", ""),
        }

    def case(self, tag: str, k: int, r: dict) -> dict:
        decided = r.get("decided_on")
        fine = r.get("fine_amount")
        kinds = [self.KINDS[x] for x in r.get("penalty_kinds", [])] or (["罚款"] if fine else [])
        record = {
            "实施机构统一社会信用代码": self.uscc[r["unit_id"]],
            "案件编号": r["case_no"],
            "事项编码": self.code[r["power_id"]],
            "程序": self.PROCEDURE[r["procedure"]],
            **self._party(r["party_id"], "当事人名称"),
            "违法行为类型": r["violation"],
            "违法行为发生日期": r["act_date"],
            "发现时间": r["discovered_at"],
            "立案日期": r.get("filed_on"),
            "告知日期": r.get("notified_on"),
            "决定日期": decided,
            "处罚决定书文号": r.get("decision_no", ""),
            "处理结果": "给予处罚" if decided else "",
            "处罚种类": kinds if decided else [],
            "罚款金额": fine,
            "裁量说明": r.get("discretion_reason", ""),
            "送达日期": r.get("delivered_on"),
            "当事人不在场": False,
            "缴款日期": r.get("paid_on"),
            "实缴金额": r.get("paid_amount"),
            "结案日期": r.get("closed_on"),
            "执法证号": self._officers(r),
            "公示日期": r.get("disclosed_on"),
        }
        return {k: v for k, v in record.items() if v is not None}

    def other_act(self, tag: str, k: int, r: dict) -> dict:
        return {
            "行为编号": f"{tag}O{k}",
            "类型": "巡查",
            "实施机构统一社会信用代码": self.uscc[r["unit_id"]],
            "事项编码": self.code[r["power_id"]],
            "时间": r["occurred_at"],
            "执法证号": self._officers(r),
            "内容": r.get("note", ""),
        }


def load(reg, rnd, scale, tag, n_insp, n_pen, n_traffic, n_other) -> int:
    """The synthetic rows as exchange records, through the exchange path (every record accepted)."""
    from zhifa.exchange.services import exchange_load_records

    keys = NaturalKeys()
    inspections, cases, other_acts = rows(reg, rnd, scale, tag, n_insp, n_pen, n_traffic, n_other)
    written = 0
    for type_name, make, convert in (
        ("行政检查", inspections, keys.inspection),
        ("行政处罚", cases, keys.case),
        ("其他执法行为", other_acts, keys.other_act),
    ):
        report = exchange_load_records(
            actor=SYSTEM,
            record_type=type_name,
            records=(convert(tag, k, r) for k, r in enumerate(make())),
            batch=f"bench-scan-{tag}",
        )
        assert not report.rejections, [str(x) for x in report.rejections[:5]]
        written += report.created
    return written


@contextlib.contextmanager
def persistent_database(path: str):
    """A SQLite file kept between runs (for iterating on the rules; the figures to report use a fresh one)."""
    import os

    p = Path(path).resolve()
    p.parent.mkdir(parents=True, exist_ok=True)
    os.environ["ZHIFA_SQLITE_PATH"] = str(p)
    os.environ["ZHIFA_DATA_DIR"] = str(p.parent)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhifa.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    yield "sqlite"


def cpu_seconds() -> float:
    """CPU time of this process (user + system): the figure to compare on a shared machine."""
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def print_scan(label: str, r, wall: float, cpu: float) -> None:
    print(
        f"{label:44} {cpu:6.2f} s CPU  {wall:6.2f} s wall  (scan {r.seconds:6.2f} s)  found {r.found:>6}  raised {r.raised:>6}  "
        f"cleared {r.cleared:>4}  reopened {r.reopened:>3}"
        + (f"  changed rows {r.changed_rows}" if r.changed_rows is not None else "")
        + (
            "  [ran as a full scan: above the 2 % break-even]"
            if r.changed_rows is not None and not r.incremental
            else ""
        )
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--synthetic", action="store_true", help="do not use `zhifa demo` even if it exists")
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of the demo year's size (quick runs)")
    ap.add_argument("--change", default="0.001,0.01,0.05", help="fractions of the acts to change, one after another")
    ap.add_argument("--verbose", action="store_true", help="per-rule seconds for every scan")
    ap.add_argument("--db", help="keep the SQLite database in this file and reuse it when it exists (no 1 %% change)")
    args = ap.parse_args()
    with persistent_database(args.db) if args.db else throwaway_database("zhifa_bench_scan") as engine:
        from django.core.management import call_command, get_commands

        from zhifa.core.errors import DomainError
        from zhifa.enforcement.models import Inspection, OtherAct, PenaltyCase
        from zhifa.supervision.services import alerts_scan

        rnd = random.Random(2023)
        reg = None
        with Timer() as t:
            if args.db and PenaltyCase.objects.exists():
                source = f"reused {args.db}"
            elif "demo" in get_commands() and not args.synthetic and args.scale == 1.0:
                call_command("demo")
                source = "zhifa demo"
            else:
                reg = build_registry(rnd, args.scale)
                s = args.scale
                load(
                    reg, rnd, s, "Y", int(N_INSPECTIONS * s), int(N_PENALTIES * s), int(N_TRAFFIC * s), int(N_OTHER * s)
                )
                source = "synthetic year through the exchange path"
        total = Inspection.objects.count() + PenaltyCase.objects.count() + OtherAct.objects.count()
        print(
            f"database: {engine}; data: {source}; {total:,} acts "
            f"({Inspection.objects.count():,} inspections, {PenaltyCase.objects.count():,} penalties, "
            f"{OtherAct.objects.count():,} other) built in {t.seconds:.0f} s"
        )

        def scan(label, **kw):
            c0 = cpu_seconds()
            with Timer() as t:
                r = alerts_scan(actor=SYSTEM, region_code=REGION, as_of=kw.pop("as_of", AS_OF), **kw)
            print_scan(label, r, t.seconds, cpu_seconds() - c0)
            if label.startswith("1."):  # the machine may be shared: the figure means little without its load
                print("      load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
            if args.verbose or label.startswith("1."):
                for code, c in sorted(r.rules.items(), key=lambda kv: -kv[1]["cpu"]):
                    print(f"      {code:26} {c['cpu']:6.2f} s CPU  {c['seconds']:6.2f} s wall  found {c['found']}")
            return r, cpu_seconds() - c0

        scan("1. full scan (goal ≤ 3 s on SQLite)")
        again, _ = scan("2. full scan again (idempotent)")
        assert again.raised == again.cleared == again.reopened == 0
        scan("3. incremental, nothing changed", incremental=True)

        if reg is None:  # the demo's own registry: the change goes through the same exchange path on its units
            reg = registry_from_db()
        from zhifa.enforcement.workflow import case_extend

        # Changes of growing size: new records via the exchange path and approved extensions via the workflow
        # service (an audited update); after each, an incremental scan, then a full scan that must find
        # nothing left to do (the incremental one saw everything).
        open_cases = iter(PenaltyCase.objects.filter(status="investigating").order_by("id"))
        for step, fraction in enumerate(float(f) for f in args.change.split(",")):
            total = Inspection.objects.count() + PenaltyCase.objects.count() + OtherAct.objects.count()
            n_change = int(total * fraction)
            extended = 0
            for c in list(itertools.islice(open_cases, max(1, n_change // 60))):
                try:
                    case_extend(
                        actor=SYSTEM, case=c, days=200, approved_by="局长", on=c.filed_on + dt.timedelta(days=5)
                    )
                    extended += 1
                except DomainError as e:  # a refused extension is reported, not hidden
                    print("extension refused:", e)
            s = (n_change - extended) / (N_INSPECTIONS + N_PENALTIES + N_OTHER)
            tag = f"Z{PenaltyCase.objects.count()}-"
            sizes = (int(N_INSPECTIONS * s), int(N_PENALTIES * s), int(N_TRAFFIC * s), int(N_OTHER * s))
            added = load(reg, rnd, s, tag, *sizes)
            changed = added + extended
            print(
                f"change {step + 1}: {added:,} new acts (exchange path) + {extended} approved extensions (case_extend)"
                f" = {changed:,} ({changed / total:.2%} of the acts)"
            )
            inc, inc_s = scan(f"4.{step + 1} incremental after {changed / total:.2%} changed", incremental=True)
            after, full_after = scan(f"5.{step + 1} full scan after it (must change nothing)")
            assert after.raised == after.cleared == after.reopened == 0, after.as_dict()
            print(
                f"      incremental / full: {inc_s / full_after:.1%} of the CPU time for {changed / total:.2%} of the acts"
            )
        scan("6. incremental, as-of date moved one day", incremental=True, as_of=AS_OF + dt.timedelta(days=1))
        print(f"peak RSS {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
