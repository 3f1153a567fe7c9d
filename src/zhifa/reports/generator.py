"""The demo generator: a scenario file → a district-year of records, through the validated paths.

Registry rows go through the org/powers services where the counts are small (units, powers,
delegations, revocations, legal reviewers, trainings, filings); people and the certificates in force on
1 January are written with ``bulk_create`` after ``org.services.certificate_issue_check`` has passed on
every row (one audit row per phase). Every enforcement act goes through
``zhifa.enforcement.bulk.BulkLoader``, which checks each row against the legal rules (two certified
officers on the day, a power the unit holds, on-the-spot limits, legal review, 90-day decisions, …).

All randomness comes from one ``numpy.random.Generator`` seeded from the scenario: the same seed builds
the same database. Distributions: acts follow month and weekday profiles (offices work on working days
of the official calendar, traffic policing every day), hours follow office hours, round-the-clock
traffic with rush-hour peaks, or the night (20:00–06:00) for 夜查.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

import numpy as np
from django.conf import settings
from django.db import transaction

from zhifa.core import calendar
from zhifa.core.audit import audit
from zhifa.core.errors import InvalidInput
from zhifa.core.policy import SystemActor
from zhifa.core.validators import make_id_number, make_uscc, validate_id_number, validate_uscc
from zhifa.enforcement import services as enf
from zhifa.enforcement.bulk import BulkLoader
from zhifa.enforcement.choices import (
    CampaignKind,
    CaseStatus,
    HazardCategory,
    HazardSeverity,
    InspectionKind,
    InspectionMode,
    OtherActKind,
    Outcome,
    PartyKind,
    PartyType,
    PenaltyKind,
    Procedure,
)
from zhifa.enforcement.models import Campaign, Inspection, InspectionPlan, Party, PenaltyCase
from zhifa.org import services as org
from zhifa.org.choices import PersonStatus, RegionLevel, StaffingType, TrainingKind, UnitKind
from zhifa.org.models import Certificate, Exam, ExamResult, Person, Region, Unit
from zhifa.powers import services as pw
from zhifa.powers.choices import DelegationKind, FilingKind

from .catalogue import CATALOGUE, STREET_DELEGATIONS, VIOLATION_OVERLOAD, VIOLATION_PRESCRIPTION, Item
from .scenario import Scenario, UnitSpec

TZ = ZoneInfo(settings.TIME_ZONE)
FAR = 10**6  # "never revoked" as a day index

# Faker's zh_CN name lists (weights for surnames), used with numpy instead of one Faker call per name.
from faker.providers.company.zh_CN import Provider as _Company  # noqa: E402
from faker.providers.person.zh_CN import Provider as _Person  # noqa: E402

_SURNAMES = list(_Person.last_names.keys())
_SURNAME_P = np.array(list(_Person.last_names.values()), dtype=float)
_SURNAME_P /= _SURNAME_P.sum()
_GIVEN = list(dict.fromkeys(_Person.first_names))
_COMPANY_WORDS = list(dict.fromkeys(_Company.company_prefixes))
AREAS_LOCAL = ["120110", "120101", "120102", "120103", "120104", "120105", "120106", "120111", "120112", "120113"]
AREAS_WIDE = AREAS_LOCAL + ["110101", "110105", "110108"]
PLATE_PREFIX = ["津A", "津B", "津C", "津D", "津E", "津H", "冀B", "冀J", "冀R", "鲁N", "晋A"]
GB1589_LIMITS = {2: 18, 3: 25, 4: 31, 5: 43, 6: 49}  # GB 1589-2016 车货总质量限值 (t)
MONTH_FACTOR = np.array([0.85, 0.72, 1.0, 1.02, 1.0, 1.05, 1.05, 1.0, 1.05, 0.9, 1.05, 1.0])


@dataclass
class UnitRec:
    spec: UnitSpec
    unit: Unit
    index: int
    powers: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))  # category -> power ids
    tags: dict[str, int] = field(default_factory=dict)  # catalogue tag -> power id (own or delegated)
    review_required: set[int] = field(default_factory=set)
    single_officer: set[int] = field(default_factory=set)
    violations: dict[int, tuple[str, ...]] = field(default_factory=dict)
    officers: np.ndarray | None = None  # person ids
    off_from: np.ndarray | None = None  # first day index with a certificate (0 = 1 January)
    off_to: np.ndarray | None = None  # first day index without
    weight: np.ndarray | None = None  # activity weight (0 = idle officer)
    reviewers: list[int] = field(default_factory=list)
    case_seq: int = 0


def _allocate(weights, total: int) -> np.ndarray:
    """Largest-remainder allocation of ``total`` by ``weights`` (deterministic)."""
    w = np.asarray(weights, dtype=float)
    if total <= 0 or w.sum() <= 0:
        return np.zeros(len(w), dtype=int)
    q = w / w.sum() * total
    base = np.floor(q).astype(int)
    rest = total - base.sum()
    order = np.lexsort((np.arange(len(w)), -(q - base)))
    base[order[:rest]] += 1
    return base


DEMO = SystemActor("demo")  # the generator writes through the services on the product's own behalf


class Generator:
    def __init__(self, scenario: Scenario, *, progress: Callable[[str, float], None] | None = None, actor=DEMO):
        self.sc = scenario
        self.rng = np.random.default_rng(scenario.seed)
        self.year = scenario.year
        self.y0 = dt.date(self.year, 1, 1)
        self.ndays = (dt.date(self.year + 1, 1, 1) - self.y0).days
        self.code = scenario.region_code
        self.actor = actor
        self.progress = progress or (lambda label, frac: None)
        self.timings: dict[str, float] = {}
        self.units: dict[str, UnitRec] = {}
        self.by_id: dict[int, UnitRec] = {}
        self.parties: dict[str, np.ndarray] = {}
        self.campaigns: dict[str, Campaign] = {}
        self.batch = f"demo-{self.code}-{self.year}"
        self._uscc_serial = 0
        self._id_seq = 0
        self._id_seen: set[str] = set()
        self._area_ok: dict[tuple[str, int], bool] = {}
        self._leaves: list[tuple] = []  # (person, date, "retire"|"transfer"), applied after reviewers are designated
        self._profiles: dict[str, np.ndarray] = {}

    # ------------------------------------------------------------------ driver
    def run(self) -> dict[str, float]:
        steps = [
            ("区划与单位", self.make_region_units),
            ("权责清单", self.make_powers),
            ("人员与证件", self.make_people),
            ("证件注销与新发", self.make_changes),
            ("法制审核人员", self.make_reviewers),
            ("培训与备案", self.make_trainings_filings),
            ("当事人", self.make_parties),
            ("专项行动与设备", self.make_campaigns),
            ("行政检查", self.make_inspections),
            ("隐患", self.make_hazards),
            ("行政处罚", self.make_cases),
            ("超限超载", self.make_overloads),
            ("巡查与现场规范", self.make_other_acts),
            ("案卷评查与监督", self.make_supervision),
            ("报告文字", self.make_texts),
        ]
        restore = self._sqlite_bulk_mode(True)
        # The supervision hook checks each record saved through a service once the transaction commits; for
        # a scripted year of records it is switched off (its documented switch) and the monthly scans that
        # the 月度通报 run cover the same rules over every record.
        hook = os.environ.get("ZHIFA_ALERT_HOOK")
        os.environ["ZHIFA_ALERT_HOOK"] = "0"
        try:
            with transaction.atomic():
                for i, (label, fn) in enumerate(steps):
                    self._step = (label, i / len(steps), (i + 1) / len(steps))
                    self.progress(label, i / len(steps))
                    t = time.perf_counter()
                    fn()
                    self.timings[label] = time.perf_counter() - t
                self.progress("提交", 1.0)
                t = time.perf_counter()
            self.timings["提交事务"] = time.perf_counter() - t
        finally:
            if hook is None:
                os.environ.pop("ZHIFA_ALERT_HOOK", None)
            else:
                os.environ["ZHIFA_ALERT_HOOK"] = hook
            if restore:
                self._sqlite_bulk_mode(False)
        self.progress("完成", 1.0)
        calendar.clear_cache()
        return self.timings

    # ------------------------------------------------------------------ helpers
    def _sqlite_bulk_mode(self, on: bool) -> bool:
        """On SQLite, build with a large page cache, an in-memory rollback journal and without fsync (a fresh
        demo database: after a crash the demo is simply run again); back to the settings' WAL mode afterwards.
        No-op elsewhere, and inside a transaction (tests)."""
        from django.db import connection

        if connection.vendor != "sqlite" or connection.in_atomic_block:
            return False  # (SQLite refuses to change the safety level inside a transaction)
        with connection.cursor() as c:
            if on:
                # A rollback journal instead of WAL: pages of a fresh database are written once, straight into
                # the file, instead of into the WAL and again by the checkpoint after the commit.
                c.execute("PRAGMA journal_mode=MEMORY")
                c.execute("PRAGMA synchronous=OFF")
                c.execute("PRAGMA cache_size=-262144")  # 256 MiB
                c.execute("PRAGMA temp_store=MEMORY")
            else:
                c.execute("PRAGMA journal_mode=WAL")
                c.execute("PRAGMA synchronous=NORMAL")
                c.execute("PRAGMA cache_size=-2000")
        return True

    def ticking(self, rows: list, every: int = 5000):
        """Yield ``rows`` to the loader, moving the progress bar as it validates and writes them."""
        label, lo, hi = getattr(self, "_step", ("", 0.0, 1.0))
        n = len(rows)
        for k, row in enumerate(rows):
            if k % every == 0:
                self.progress(f"{label} {k}/{n}", lo + (hi - lo) * k / max(n, 1))
            yield row

    def day(self, idx: int) -> dt.date:
        return self.y0 + dt.timedelta(days=int(idx))

    def names(self, n: int) -> list[str]:
        s = self.rng.choice(len(_SURNAMES), size=n, p=_SURNAME_P)
        g = self.rng.integers(0, len(_GIVEN), size=n)
        return [_SURNAMES[a] + _GIVEN[b] for a, b in zip(s, g, strict=True)]

    def id_numbers(self, births: list[dt.date], areas: list[str]) -> list[str]:
        out = []
        for birth, area in zip(births, areas, strict=True):
            while True:
                self._id_seq += 1
                v = make_id_number(area, birth, self._id_seq)
                if v not in self._id_seen:
                    # GB 11643 with python-stdnum (whose area-code lookup is slow): the check digit and the
                    # date are right by construction, so the full check runs once per (area, birth year).
                    key = (area, birth.year)
                    ok = self._area_ok.get(key)
                    if ok is None:
                        try:
                            validate_id_number(v)
                            ok = True
                        except InvalidInput:
                            ok = False
                        self._area_ok[key] = ok
                    if not ok:
                        area = self.code
                        continue
                    break
            self._id_seen.add(v)
            out.append(v)
        return out

    def uscc(self, prefix8: str) -> str:
        self._uscc_serial += 1
        return make_uscc(prefix8, 300_000_000 + self._uscc_serial * 7)

    def births(self, n: int, age_lo: int, age_hi: int, ref: dt.date | None = None) -> list[dt.date]:
        ref = ref or self.y0
        ages = self.rng.uniform(age_lo, age_hi, size=n)
        return [ref - dt.timedelta(days=int(a * 365.25)) for a in ages]

    def profile(self, name: str) -> np.ndarray:
        """Day weights over the year for an activity profile."""
        if name in self._profiles:
            return self._profiles[name]
        w = np.empty(self.ndays)
        for i in range(self.ndays):
            d = self.day(i)
            base = MONTH_FACTOR[d.month - 1]
            if name == "office":
                w[i] = base * (1.0 if calendar.is_working_day(d) else 0.05)
            elif name == "traffic":
                w[i] = base * (1.08 if d.weekday() == 4 else 0.92 if d.weekday() >= 5 else 1.0)
            else:  # night: every night, more at weekends
                w[i] = base * (1.2 if d.weekday() >= 4 else 1.0)
        w /= w.sum()
        self._profiles[name] = w
        return w

    def sample_days(self, n: int, profile: str, lo: int = 0, hi: int | None = None) -> np.ndarray:
        hi = self.ndays if hi is None else hi
        if lo < 0:  # days of the previous year: working days for offices, every day otherwise
            p = np.array(
                [1.0 if profile != "office" or calendar.is_working_day(self.day(i)) else 0.05 for i in range(lo, hi)]
            )
            return lo + self.rng.choice(len(p), size=n, p=p / p.sum())
        p = self.profile(profile)[lo:hi]
        return lo + self.rng.choice(len(p), size=n, p=p / p.sum())

    def sample_seconds(self, n: int, profile: str) -> np.ndarray:
        r = self.rng
        if profile == "office":
            morning = r.random(n) < 0.55
            return np.where(
                morning,
                r.integers(8 * 3600 + 1800, 11 * 3600 + 2700, n),
                r.integers(13 * 3600 + 1800, 17 * 3600 + 1800, n),
            )
        if profile == "traffic":
            hw = np.array(
                [
                    0.5,
                    0.3,
                    0.2,
                    0.2,
                    0.3,
                    0.7,
                    2.0,
                    5.5,
                    6.0,
                    4.2,
                    3.8,
                    3.8,
                    3.2,
                    3.5,
                    3.8,
                    4.0,
                    4.6,
                    5.8,
                    6.0,
                    4.2,
                    3.0,
                    2.2,
                    1.5,
                    0.9,
                ]
            )
            hours = r.choice(24, size=n, p=hw / hw.sum())
            return hours * 3600 + r.integers(0, 3600, n)
        # night: 20:00–06:00
        s = r.integers(0, 10 * 3600, n)
        return (20 * 3600 + s) % 86400

    def datetimes(self, days: np.ndarray, secs: np.ndarray) -> list[dt.datetime]:
        base = dt.datetime(self.year, 1, 1, tzinfo=TZ)
        return [base + dt.timedelta(days=int(d), seconds=int(s)) for d, s in zip(days, secs, strict=True)]

    def pick_officers(self, u: UnitRec, days: np.ndarray, pair: bool = True, first_days: np.ndarray | None = None):
        """Officer one (and two) of ``u`` holding a certificate on every day from ``first_days`` to ``days``."""
        r = self.rng
        w = u.weight / u.weight.sum()
        n = len(days)
        lo = days if first_days is None else np.minimum(first_days, days)
        a = r.choice(len(u.officers), size=n, p=w)
        for _ in range(60):
            bad = ~((u.off_from[a] <= lo) & (days < u.off_to[a]))
            if not bad.any():
                break
            a[bad] = r.choice(len(u.officers), size=int(bad.sum()), p=w)
        else:
            raise RuntimeError(f"{u.spec.short}: 找不到持证执法人员")
        if not pair:
            return u.officers[a], None
        b = r.choice(len(u.officers), size=n, p=w)
        for _ in range(200):
            bad = (b == a) | ~((u.off_from[b] <= lo) & (days < u.off_to[b]))
            if not bad.any():
                break
            b[bad] = r.integers(0, len(u.officers), size=int(bad.sum()))
        else:
            raise RuntimeError(f"{u.spec.short}: 找不到第二名持证执法人员")
        return u.officers[a], u.officers[b]

    def next_case_no(self, u: UnitRec, simple: bool, year: int) -> str:
        u.case_seq += 1
        return f"{u.spec.short}{'简' if simple else ''}罚〔{year}〕{u.case_seq:06d}号"

    # ------------------------------------------------------------------ registry
    def make_region_units(self):
        r = self.sc.region
        parent, _ = Region.objects.get_or_create(
            code=r["parent_code"],
            defaults={"name": r["parent_name"], "level": r.get("parent_level", RegionLevel.PROVINCE)},
        )
        self.region, created = Region.objects.get_or_create(
            code=self.code, defaults={"name": r["name"], "level": RegionLevel.DISTRICT, "parent": parent}
        )
        if created:
            audit(
                actor=self.actor, action="region.create", obj=self.region, after={"code": self.code, "name": r["name"]}
            )
        start = dt.date(self.sc.registry.get("first_issue_year", self.year - 4) - 3, 1, 1)
        self.active_from = start
        for i, spec in enumerate(self.sc.units, start=1):
            parent_unit = None
            if spec.entrusted_from:
                parent_unit = self.units[spec.entrusted_from].unit
            prefix = "11" + self.code if spec.kind != UnitKind.ENTRUSTED else "12" + self.code
            unit = org.unit_create(
                actor=self.actor,
                region=self.region,
                name=spec.name,
                uscc=self.uscc(prefix),
                kind=spec.kind,
                active_from=start,
                short_name=spec.short,
                domain="、".join(spec.domains)
                if spec.domains
                else ("综合执法" if spec.kind == UnitKind.STREET else ""),
                parent=parent_unit,
            )
            rec = UnitRec(spec=spec, unit=unit, index=i)
            self.units[spec.short] = rec
            self.by_id[unit.pk] = rec

    def make_powers(self):
        effective = self.active_from
        doc = f"{self.sc.region['name']}权责清单（{effective.year}年版）"
        owners: dict[str, tuple[UnitRec, int]] = {}  # tag-in-domain -> owning unit, power id
        cat_prefix = {"penalty": "CF", "inspection": "JC", "coercion": "QZ", "license": "XK"}
        for rec in self.units.values():
            n = defaultdict(int)
            for domain in rec.spec.domains:
                for item in CATALOGUE[domain]:
                    n[item.category] += 1
                    p = pw.power_add(
                        actor=self.actor,
                        owner=rec.unit,
                        code=f"{rec.index:02d}{cat_prefix[item.category]}{n[item.category]:03d}",
                        document_no=doc,
                        effective_on=effective,
                        name=item.name,
                        category=item.category,
                        legal_basis=item.basis,
                        domain=item.domain or domain,
                        requires_legal_review=item.legal_review,
                        requires_recording=item.recording,
                        single_officer_basis=item.single_officer,
                        hearing_threshold_person=Decimal(item.hearing_person) if item.hearing_person else None,
                        hearing_threshold_org=Decimal(item.hearing_org) if item.hearing_org else None,
                    )
                    self._hold(rec, item, p.pk)
                    owners[f"{domain}:{item.tag}"] = (rec, p.pk)
        delegated_on = dt.date(self.active_from.year + 1, 1, 1)
        for rec in self.units.values():
            if rec.spec.entrusted_from:
                owner = self.units[rec.spec.entrusted_from]
                for domain in owner.spec.domains:
                    for item in CATALOGUE[domain]:
                        if item.category in ("penalty", "inspection"):
                            _, pid = owners[f"{domain}:{item.tag}"]
                            self._delegate(
                                rec,
                                item,
                                pid,
                                DelegationKind.ENTRUST,
                                f"{owner.spec.short}委托书〔{delegated_on.year}〕1号",
                                delegated_on,
                            )
            if rec.spec.kind == UnitKind.STREET:
                for domain, tags in STREET_DELEGATIONS.items():
                    for tag in tags:
                        if f"{domain}:{tag}" not in owners:
                            continue
                        _, pid = owners[f"{domain}:{tag}"]
                        item = next(i for i in CATALOGUE[domain] if i.tag == tag)
                        self._delegate(
                            rec,
                            item,
                            pid,
                            DelegationKind.AUTHORIZE,
                            f"向街道下放行政执法权限事项目录（{delegated_on.year}年）",
                            delegated_on,
                        )

    def _hold(self, rec: UnitRec, item: Item, pid: int):
        rec.powers[item.category].append(pid)
        rec.tags[item.tag] = pid
        if item.legal_review:
            rec.review_required.add(pid)
        if item.single_officer:
            rec.single_officer.add(pid)
        rec.violations[pid] = item.violations or (item.name.removeprefix("对").removesuffix("的行政处罚"),)

    def _delegate(self, rec: UnitRec, item: Item, pid: int, kind: str, doc: str, on: dt.date):
        from zhifa.powers.models import Power

        pw.power_delegate(
            actor=self.actor,
            power=Power.objects.get(pk=pid),
            to_unit=rec.unit,
            kind=kind,
            document_no=doc,
            effective_on=on,
        )
        self._hold(rec, item, pid)

    def make_people(self):
        """People, exams and the certificates in force on 1 January (bulk, with the issue check per row)."""
        _sc, r, reg = self.sc, self.rng, self.sc.registry
        specs = [rec for rec in self.units.values()]
        officers_end = np.array([rec.spec.officers for rec in specs])
        leavers = _allocate(officers_end, reg["revoked_retired"] + reg["revoked_transferred"])
        new = _allocate(officers_end, reg["issued_by_exam"])
        new = np.minimum(new, np.maximum(officers_end - 3, 0))
        short = reg["issued_by_exam"] - new.sum()
        for i in np.argsort(-officers_end)[:short]:
            new[i] += 1
        jan1 = officers_end - new + leavers
        assert jan1.sum() == reg["certified_on_jan1"], jan1.sum()
        history = _allocate(officers_end, reg["revoked_before_year"])
        failed = _allocate(officers_end, reg["exam_failed"])
        staff = _allocate(np.where(officers_end > 0, officers_end, 5), reg["uncertified_staff"])
        first_year = reg["first_issue_year"]
        # one exam per year (April); certificates issued in the weeks after
        exams = {}
        for y in range(first_year - 2, self.year + 1):
            exams[y] = Exam.objects.create(
                region=self.region, name=f"{y}年{self.sc.region['name']}行政执法资格考试", held_on=dt.date(y, 4, 15)
            )
        exams[(self.year, 2)] = Exam.objects.create(
            region=self.region,
            name=f"{self.year}年{self.sc.region['name']}行政执法资格考试（第二批）",
            held_on=dt.date(self.year, 9, 16),
        )
        people: list[Person] = []
        plan: list[tuple] = []  # (person index, role, unit rec, extra)
        for k, rec in enumerate(specs):
            for role, count in (
                ("jan1", jan1[k]),
                ("new", new[k]),
                ("history", history[k]),
                ("failed", failed[k]),
                ("staff", staff[k]),
            ):
                for _ in range(int(count)):
                    plan.append((role, rec))
        n = len(plan)
        births: list[dt.date] = []
        for role, _ in plan:
            births.append(self.births(1, 25, 58)[0] if role != "history" else self.births(1, 60, 66)[0])
        names = self.names(n)
        ids = self.id_numbers(births, [self.code] * n)
        staffing = r.choice([StaffingType.ADMIN, StaffingType.CIVIL_SERVICE_LIKE], size=n, p=[0.7, 0.3])
        uncert = r.choice(
            [StaffingType.WORKER, StaffingType.DISPATCHED, StaffingType.AUXILIARY], size=n, p=[0.3, 0.3, 0.4]
        )
        for i, (role, rec) in enumerate(plan):
            people.append(
                Person(
                    region=self.region,
                    unit=rec.unit,
                    name=names[i],
                    id_number=ids[i],
                    birth_date=births[i],
                    phone=f"1{r.choice([3, 5, 8])}{r.integers(0, 10**9):09d}",
                    staffing_type=str(uncert[i] if role == "staff" else staffing[i]),
                )
            )
        Person.objects.bulk_create(people, batch_size=1000)
        people = list(Person.objects.filter(region=self.region).select_related("unit").order_by("id"))
        results, certs = [], []
        self.person_role = {}
        cert_no = 0
        by_unit = defaultdict(list)
        for (role, rec), p in zip(plan, people, strict=True):
            self.person_role[p.pk] = role
            by_unit[rec.spec.short].append((p, role))
            if role in ("jan1", "history"):
                y = (
                    int(r.integers(first_year, self.year))
                    if role == "jan1"
                    else int(r.integers(first_year - 2, first_year))
                )
                exam = exams[y]
                res = ExamResult(exam=exam, person=p, score=int(r.integers(60, 99)))
                issued = exam.held_on + dt.timedelta(days=int(r.integers(30, 200)))
                if role == "jan1" and issued >= self.y0:
                    issued = dt.date(self.year - 1, 12, int(r.integers(1, 28)))
                org.certificate_issue_check(person=p, exam_result=res, issued_on=issued, existing_active=False)
                results.append(res)
                cert_no += 1
                certs.append((p, res, issued, f"津执{self.code}{issued.year}{cert_no:05d}"))
        ExamResult.objects.bulk_create(results, batch_size=1000)
        cert_rows = []
        authority = f"{self.sc.region['parent_name']}人民政府"
        retired_hist = []
        for p, res, issued, number in certs:
            c = Certificate(
                region=self.region,
                unit=p.unit,
                holder=p,
                number=number,
                issuing_authority=authority,
                exam_result=res,
                issued_on=issued,
                valid_until=issued.replace(year=issued.year + org.CERTIFICATE_VALIDITY_YEARS) - dt.timedelta(days=1),
            )
            if self.person_role[p.pk] == "history":
                left = issued + dt.timedelta(days=int(r.integers(200, 700)))
                left = min(left, self.y0 - dt.timedelta(days=int(r.integers(1, 60))))
                c.status, c.revoked_on, c.revocation_reason = "revoked", left, "retired"
                retired_hist.append((p.pk, left))
            cert_rows.append(c)
        Certificate.objects.bulk_create(cert_rows, batch_size=1000)
        for pid, left in retired_hist:
            Person.objects.filter(pk=pid).update(status=PersonStatus.RETIRED, status_changed_on=left)
        self.exams = exams
        self.by_unit_people = by_unit
        self.cert_issued = {c.holder_id: c.issued_on for c in cert_rows}
        audit(
            actor=self.actor,
            action="demo.registry",
            object_type="org.person",
            object_id=self.batch,
            region_code=self.code,
            after={
                "persons": len(people),
                "certificates": len(cert_rows),
                "exam_results": len(results),
                "exams": len(exams),
            },
            note="演示数据：人员、考试成绩和证件（逐行通过 certificate_issue_check）",
        )

    def make_changes(self):
        """2023: the new certificates (exam + certificate_issue) and the revocations (person_retire/transfer)."""
        r, reg = self.rng, self.sc.registry
        self.off = {}  # person id -> (from day, to day)
        for pid, issued in self.cert_issued.items():
            if self.person_role[pid] == "jan1":
                self.off[pid] = ((issued - self.y0).days, FAR)
        # new officers: half at each exam
        new_people = [
            p for rec in self.units.values() for p, role in self.by_unit_people[rec.spec.short] if role == "new"
        ]
        failed = [
            p for rec in self.units.values() for p, role in self.by_unit_people[rec.spec.short] if role == "failed"
        ]
        seq = Certificate.objects.filter(region=self.region).count()
        authority = f"{self.sc.region['parent_name']}人民政府"
        for i, p in enumerate(new_people):
            exam = self.exams[self.year] if i % 2 == 0 else self.exams[(self.year, 2)]
            res = org.exam_record_result(actor=self.actor, exam=exam, person=p, score=int(r.integers(62, 97)))
            issued = exam.held_on + dt.timedelta(days=int(r.integers(20, 45)))
            seq += 1
            org.certificate_issue(
                actor=self.actor,
                person=p,
                exam_result=res,
                number=f"津执{self.code}{self.year}{seq:05d}",
                issued_on=issued,
                issuing_authority=authority,
            )
            self.off[p.pk] = ((issued - self.y0).days, FAR)
        for i, p in enumerate(failed):
            exam = self.exams[self.year] if i % 2 == 0 else self.exams[(self.year, 2)]
            org.exam_record_result(actor=self.actor, exam=exam, person=p, score=int(r.integers(35, 59)))
        # leavers: chosen among the 1 January holders of each unit, spread over the year
        leavers_by_unit = {}
        for rec in self.units.values():
            holders = [p for p, role in self.by_unit_people[rec.spec.short] if role == "jan1"]
            new_n = sum(1 for _, role in self.by_unit_people[rec.spec.short] if role == "new")
            k = len(holders) - rec.spec.officers + new_n
            leavers_by_unit[rec.spec.short] = holders[len(holders) - k :] if k else []
        leavers = [p for v in leavers_by_unit.values() for p in v]
        order = r.permutation(len(leavers))
        retire_n = reg["revoked_retired"]
        self.leaving_reviewers = []
        for rank, j in enumerate(order):
            p = leavers[j]
            day = int(r.integers(10, self.ndays - 5))
            on = self.day(day)
            self.off[p.pk] = (self.off[p.pk][0], day)
            if rank < retire_n:
                if len(self.leaving_reviewers) < reg.get("reviewers_leaving", 0) and day > 60:
                    self.leaving_reviewers.append((p, on))
                self._leave_later(p, on, "retire")
            else:
                self._leave_later(p, on, "transfer")
        self.leaver_ids = {p.pk for p in leavers}

    def _leave_later(self, p, on, how):
        self._leaves.append((p, on, how))

    def make_reviewers(self):
        r = self.rng
        first_year = self.sc.registry["first_issue_year"]
        for p, _on in self.leaving_reviewers:
            Person.objects.filter(pk=p.pk).update(has_legal_qualification=True)
            p.has_legal_qualification = True
            org.legal_reviewer_designate(actor=self.actor, person=p, on=dt.date(first_year + 1, 3, 1), first_time=True)
        for rec in self.units.values():
            stable = [
                p for p, role in self.by_unit_people[rec.spec.short] if role == "jan1" and p.pk not in self.leaver_ids
            ]
            chosen = stable[: rec.spec.reviewers]
            for _k, p in enumerate(chosen):
                Person.objects.filter(pk=p.pk).update(has_legal_qualification=True)
                p.has_legal_qualification = True
                on = max(self.cert_issued[p.pk], dt.date(first_year + int(r.integers(0, self.year - first_year)), 3, 1))
                org.legal_reviewer_designate(actor=self.actor, person=p, on=on, first_time=True)
            rec.reviewers = [p.pk for p in chosen]
        # now the year's departures (they end reviewer terms too)
        for p, on, how in sorted(self._leaves, key=lambda t: (t[1], t[0].pk)):
            if how == "retire":
                org.person_retire(actor=self.actor, person=p, on=on)
            else:
                org.person_transfer(actor=self.actor, person=p, on=on)
        # officer arrays per unit
        idle_share = self.sc.registry.get("idle_officer_share", 0.0)
        for rec in self.units.values():
            ids = [p.pk for p, role in self.by_unit_people[rec.spec.short] if p.pk in self.off]
            if not ids:
                continue
            rec.officers = np.array(ids)
            rec.off_from = np.array([self.off[i][0] for i in ids])
            rec.off_to = np.array([self.off[i][1] for i in ids])
            w = r.gamma(2.0, 1.0, len(ids))
            idle = r.random(len(ids)) < idle_share
            idle[: max(3, len(ids) // 2)] = False  # keep the unit able to act
            rec.weight = np.where(idle, 0.0, w)

    def make_trainings_filings(self):
        r, y = self.rng, self.year
        short_n = self.sc.registry.get("training_hours_short", 0)
        people = {
            rec.spec.short: [p for p, role in self.by_unit_people[rec.spec.short] if role in ("jan1", "new")]
            for rec in self.units.values()
        }
        left_on = {p.pk: on for p, on, _ in self._leaves}

        def present(persons, day):
            return [p for p in persons if left_on.get(p.pk, dt.date.max) > day]

        everyone = [p for v in people.values() for p in v]
        justice = next((u for u in self.units.values() if "司法局" in u.spec.short), next(iter(self.units.values())))
        day1 = dt.date(y, 3, 21)
        org.training_record(
            actor=self.actor,
            organizer=justice.unit,
            title="学习贯彻习近平法治思想暨强化行政执法能力建设专题培训班",
            kind=TrainingKind.THEORY,
            held_on=day1,
            hours=Decimal("24"),
            attendees=present(everyone, day1),
        )
        day2 = dt.date(y, 11, 8)
        org.training_record(
            actor=self.actor,
            organizer=justice.unit,
            title="公共法律知识培训考试",
            kind=TrainingKind.GENERAL,
            held_on=day2,
            hours=Decimal("12"),
            attendees=present(everyone, day2),
        )
        reviewers = [pid for rec in self.units.values() for pid in rec.reviewers]
        if reviewers:
            org.training_record(
                actor=self.actor,
                organizer=justice.unit,
                title="全区法制审核人员培训",
                kind=TrainingKind.LEGAL_REVIEW,
                held_on=dt.date(y, 6, 14),
                hours=Decimal("8"),
                attendees=list(Person.objects.filter(pk__in=reviewers)),
            )
        # who will fall short: certified at year end, not reviewers, spread over units
        stayers = [p for p in everyone if p.pk not in self.leaver_ids and p.pk not in set(reviewers)]
        short = (
            {stayers[i].pk for i in r.choice(len(stayers), size=min(short_n, len(stayers)), replace=False)}
            if short_n
            else set()
        )
        for rec in self.units.values():
            staff = people[rec.spec.short]
            if not staff:
                continue
            for k, (month, title) in enumerate(((5, "执法业务专题培训"), (10, "行政执法规范化培训"))):
                day = dt.date(y, month, 10 + rec.index % 15)
                while not calendar.is_working_day(day):
                    day += dt.timedelta(days=1)
                who = present(staff, day)
                if k == 1:
                    who = [p for p in who if p.pk not in short]
                org.training_record(
                    actor=self.actor,
                    organizer=rec.unit,
                    title=f"{rec.spec.short}{y}年{title}",
                    kind=TrainingKind.SPECIALIZED,
                    held_on=day,
                    hours=Decimal("14"),
                    attendees=who,
                )
        # departments that delegate to 街道 train the street officers on the delegated matters
        streets = [rec for rec in self.units.values() if rec.spec.kind == UnitKind.STREET]
        if streets:
            for domain in STREET_DELEGATIONS:
                owner = next((u for u in self.units.values() if domain in u.spec.domains), None)
                if owner is None:
                    continue
                day = dt.date(y, 7, 12)
                org.training_record(
                    actor=self.actor,
                    organizer=owner.unit,
                    title=f"{domain}授权事项街道执法人员专题培训",
                    kind=TrainingKind.DELEGATED,
                    held_on=day,
                    hours=Decimal("6"),
                    attendees=present([p for s in streets for p in people[s.spec.short] if p.pk not in short], day),
                )
        # 备案: 法制审核事项清单 and 音像记录管理制度
        missing = set(self.sc.registry.get("filings_missing", []))
        for rec in self.units.values():
            if not rec.spec.officers:
                continue
            for kind, title in (
                (FilingKind.LEGAL_REVIEW_LIST, "重大执法决定法制审核事项清单"),
                (FilingKind.RECORDING_RULES, "行政执法音像记录管理制度"),
            ):
                if rec.spec.short in missing and kind == FilingKind.RECORDING_RULES:
                    continue
                pw.filing_record(
                    actor=self.actor,
                    unit=rec.unit,
                    kind=kind,
                    title=f"{rec.spec.short}{title}",
                    filed_on=dt.date(y - int(r.integers(0, 2)), int(r.integers(2, 12)), int(r.integers(1, 28))),
                    document_no=f"{rec.spec.short}〔{y}〕{rec.index}号",
                )

    # ------------------------------------------------------------------ parties
    def make_parties(self):
        r, a, d, s = self.rng, self.sc.acts, self.sc.drugs, self.sc.safety
        ro, w = self.sc.roads, self.sc.waste
        rows: list[Party] = []
        index: dict[str, list[int]] = defaultdict(list)

        def people(n, ptype, areas):
            births = self.births(n, 19, 70)
            ids = self.id_numbers(births, [areas[i] for i in r.integers(0, len(areas), n)])
            for name, idn, b in zip(self.names(n), ids, births, strict=True):
                index[ptype].append(len(rows))
                rows.append(
                    Party(
                        region=self.region,
                        kind=PartyKind.PERSON,
                        party_type=ptype,
                        name=name,
                        id_number=idn,
                        birth_date=b,
                    )
                )

        def orgs(n, ptype, suffixes, key_supply=0):
            words = r.integers(0, len(_COMPANY_WORDS), n)
            sfx = r.integers(0, len(suffixes), n)
            for i in range(n):
                name = f"天津{_COMPANY_WORDS[words[i]]}{suffixes[sfx[i]]}"
                if ptype in ("retail_pharmacy",):
                    name = f"天津{_COMPANY_WORDS[words[i]]}大药房{self.sc.region['name']}第{i + 1}分店"
                index[ptype].append(len(rows))
                rows.append(
                    Party(
                        region=self.region,
                        kind=PartyKind.ORG,
                        party_type=ptype,
                        name=f"{name}（{i + 1}）" if ptype != "retail_pharmacy" else name,
                        uscc=self.uscc("91" + self.code),
                        key_supply=i < key_supply,
                    )
                )

        people(a["drivers"], PartyType.DRIVER, AREAS_WIDE)
        people(a["individuals"], PartyType.INDIVIDUAL, AREAS_LOCAL)
        orgs(
            a["businesses"],
            PartyType.BUSINESS,
            ["商贸有限公司", "餐饮管理有限公司", "科技有限公司", "制造有限公司", "物业服务有限公司", "超市"],
        )
        if d:
            orgs(d["pharmacies"], PartyType.RETAIL_PHARMACY, [""], key_supply=d["key_supply_pharmacies"])
            orgs(d["online_sellers"], PartyType.ONLINE_SELLER, ["医药电子商务有限公司", "健康科技有限公司"])
            orgs(d["medical_institutions"], PartyType.MEDICAL, ["诊所", "医院", "社区卫生服务站"])
            orgs(d["vaccination_units"], PartyType.VACCINATION, ["社区卫生服务中心预防接种门诊"])
        if s:
            orgs(s["hazchem_enterprises"], PartyType.HAZCHEM_MAJOR, ["化工有限公司", "石化储运有限公司"])
            orgs(s["gas_users"], PartyType.GAS_USER, ["餐饮店", "酒店管理有限公司", "燃气销售有限公司"])
        if ro:
            orgs(
                ro["source_pool"], PartyType.SOURCE_ENTERPRISE, ["建材有限公司", "混凝土有限公司", "砂石料场", "物流园"]
            )
            orgs(ro["transport_companies"], PartyType.TRANSPORT, ["运输有限公司", "物流有限公司"])
        if w:
            orgs(w["construction_sites"], PartyType.CONSTRUCTION_SITE, ["建设工程项目部", "建筑工程有限公司项目部"])
            orgs(w["disposal_sites"], PartyType.DISPOSAL_SITE, ["建筑垃圾消纳场"])
        for p in rows:
            if p.kind == PartyKind.ORG:
                validate_uscc(p.uscc)
        Party.objects.bulk_create(rows, batch_size=2000)
        first = Party.objects.filter(region=self.region).order_by("id").values_list("id", flat=True).first()
        ids = np.array(
            list(Party.objects.filter(region=self.region, id__gte=first).order_by("id").values_list("id", flat=True))
        )
        for ptype, idx in index.items():
            self.parties[ptype] = ids[np.array(idx)]
        self.party_kind = {}
        audit(
            actor=self.actor,
            action="demo.parties",
            object_type="enforcement.party",
            object_id=self.batch,
            region_code=self.code,
            after={"parties": len(rows)},
        )

    # ------------------------------------------------------------------ campaigns, joint actions, devices, plans
    def make_campaigns(self):
        y, _r = self.year, self.rng
        s, ro, d, w = self.sc.safety, self.sc.roads, self.sc.drugs, self.sc.waste
        if s:
            lead = self.units[s["lead"]].unit
            key = enf.campaign_create(
                actor=self.actor,
                lead_unit=lead,
                name=s["key_action"],
                kind=CampaignKind.ACTION,
                domain="安全生产",
                start_on=dt.date(y, 4, 1),
                end_on=dt.date(y, 12, 31),
            )
            self.campaigns["key"] = key
            for k, day in enumerate(s.get("key_action_meetings", [])):
                enf.campaign_meeting_create(
                    actor=self.actor,
                    campaign=key,
                    held_on=dt.date.fromisoformat(day),
                    title=f"{s['key_action']}{'专题部署会' if k == 0 else '推进会'}",
                    chaired_by="区政府主要领导",
                )
            for k, name in enumerate(s["governance"]):
                owner = self.units[s["gas_unit"]].unit if "燃气" in name else lead
                c = enf.campaign_create(
                    actor=self.actor,
                    lead_unit=owner,
                    name=name,
                    kind=CampaignKind.GOVERNANCE,
                    domain="安全生产",
                    start_on=dt.date(y, 1 + k * 11 // len(s["governance"]), 1 + k % 3),
                    end_on=dt.date(y, 12, 31),
                )
                self.campaigns[name] = c
            # a campaign of the previous year: not counted
            enf.campaign_create(
                actor=self.actor,
                lead_unit=lead,
                name=f"{y - 1}年安全生产大检查",
                kind=CampaignKind.GOVERNANCE,
                domain="安全生产",
                start_on=dt.date(y - 1, 3, 1),
                end_on=dt.date(y - 1, 11, 30),
            )
            self.campaigns["gas"] = next((c for n, c in self.campaigns.items() if "燃气" in n), key)
            fire = self.units[s["fire_unit"]].unit
            self.hazchem_rounds = [
                enf.joint_action_create(
                    actor=self.actor,
                    lead_unit=lead,
                    title=f"危险化学品重大危险源企业消地联合检查（第{k + 1}轮）",
                    held_on=dt.date(y, 5 + 5 * k, 16 + k),
                    units=[fire],
                    campaign=self.campaigns.get(s["governance"][0]),
                )
                for k in range(s["hazchem_rounds"])
            ]
        if d:
            self.campaigns["drugs"] = enf.campaign_create(
                actor=self.actor,
                lead_unit=self.units[d["unit"]].unit,
                name=f"{y}年药品安全巩固提升行动",
                kind=CampaignKind.RECTIFICATION,
                domain="药品医疗器械",
                start_on=dt.date(y, 2, 1),
                end_on=dt.date(y, 12, 31),
            )
        if ro:
            road, police = self.units[ro["unit"]], self.units[ro["partner"]]
            self.campaigns["roads"] = enf.campaign_create(
                actor=self.actor,
                lead_unit=road.unit,
                name=f"{y}年公路路政专项集中整治",
                kind=CampaignKind.RECTIFICATION,
                domain="交通运输",
                start_on=self.y0,
                end_on=dt.date(y, 12, 31),
                units=[police.unit],
            )
            days = np.sort(self.sample_days(ro["joint_actions"], "office"))
            self.road_actions = [
                enf.joint_action_create(
                    actor=self.actor,
                    lead_unit=road.unit,
                    title=f"治超联合执法行动（第{k + 1}次）",
                    held_on=self.day(day),
                    units=[police.unit],
                    campaign=self.campaigns["roads"],
                )
                for k, day in enumerate(days)
            ]
            self.devices = []
            for k in range(6):
                dev = enf.device_register(
                    actor=self.actor,
                    unit=road.unit,
                    name=f"治超非现场检测点{k + 1}号",
                    location=f"{self.sc.region['name']}津汉公路K{12 + k * 3}+{k * 150}处",
                )
                if k < 5:
                    enf.device_approve(
                        actor=self.actor,
                        device=dev,
                        on=dt.date(y, 6, 2),
                        approval_doc=f"{road.spec.short}〔{y}〕法审{k + 1}号",
                    )
                    dev = enf.device_publish(actor=self.actor, device=dev, on=dt.date(y, 6, 20))
                self.devices.append(dev)
        if w:
            self.campaigns["waste"] = enf.campaign_create(
                actor=self.actor,
                lead_unit=self.units[w["units"][0]].unit,
                name=f"{y}年渣土夜查专项行动",
                kind=CampaignKind.RECTIFICATION,
                domain="城市管理",
                start_on=self.y0,
                end_on=dt.date(y, 12, 31),
            )
        # 双随机 plans: one per unit that inspects
        self.plans = {}
        for rec in self.units.values():
            if rec.powers.get("inspection") and rec.spec.inspections:
                self.plans[rec.spec.short] = InspectionPlan.objects.create(
                    region=self.region,
                    unit=rec.unit,
                    year=y,
                    kind=InspectionKind.RANDOM,
                    title=f"{rec.spec.short}{y}年度双随机抽查计划",
                )
        self.loader = BulkLoader(region_code=self.code, actor=self.actor, batch=self.batch)

    # ------------------------------------------------------------------ inspections
    def _insp_rows(
        self,
        u: UnitRec,
        n: int,
        power_ids,
        parties,
        profile="office",
        kind=None,
        mode=None,
        lo=0,
        hi=None,
        days=None,
        campaign=None,
        joint=None,
        plan=None,
        findings="未发现违法行为",
    ):
        if n <= 0:
            return []
        r = self.rng
        days = self.sample_days(n, profile, lo, hi) if days is None else np.asarray(days)
        secs = self.sample_seconds(n, profile)
        a, b = self.pick_officers(u, days)
        times = self.datetimes(days, secs)
        power_ids = np.asarray(power_ids)
        pw_pick = power_ids[r.integers(0, len(power_ids), n)]
        party_pick = parties[r.integers(0, len(parties), n)] if len(parties) else None
        kinds = kind if isinstance(kind, np.ndarray) else None
        rows = []
        for i in range(n):
            rows.append(
                {
                    "unit_id": u.unit.pk,
                    "power_id": int(pw_pick[i]),
                    "party_id": int(party_pick[i]),
                    "started_at": times[i],
                    "mode": mode or InspectionMode.ON_SITE,
                    "kind": str(kinds[i]) if kinds is not None else (kind or InspectionKind.ROUTINE),
                    "officer_a_id": int(a[i]),
                    "officer_b_id": int(b[i]),
                    "campaign_id": campaign.pk if campaign else None,
                    "joint_action_id": joint.pk if joint else None,
                    "plan_id": plan.pk
                    if plan is not None and (kinds is None or kinds[i] == InspectionKind.RANDOM)
                    else None,
                    "findings": findings,
                }
            )
        return rows

    def _load_inspections(self, rows) -> np.ndarray:
        last = Inspection.objects.filter(region=self.region).order_by("-id").values_list("id", flat=True).first() or 0
        t = time.perf_counter()
        self.loader.load_inspections(self.ticking(rows))
        self.timings["BulkLoader: 行政检查"] = time.perf_counter() - t
        return np.array(
            list(Inspection.objects.filter(region=self.region, id__gt=last).order_by("id").values_list("id", flat=True))
        )

    def make_inspections(self):
        r, sc = self.rng, self.sc
        rows: list[dict] = []
        self.gas_inspections = []
        s, d, ro, w = sc.safety, sc.drugs, sc.roads, sc.waste
        biz = self.parties["business"]
        # 药械: team-days of two officers; 家次 by party kind
        if d:
            u = self.units[d["unit"]]
            counts = [
                ("retail_pharmacy", d["retail_pharmacy"]),
                ("online_seller", d["online_seller"]),
                ("medical", d["medical"]),
                ("vaccination", d["vaccination"]),
            ]
            total = sum(c for _, c in counts)
            team_days = d["team_days"]
            tdays = np.sort(self.sample_days(team_days, "office"))
            stable = np.array(
                [i for i in range(len(u.officers)) if u.off_from[i] <= 0 and u.off_to[i] >= FAR and u.weight[i] > 0]
            )
            teams = []
            used: dict[int, set] = defaultdict(set)
            for day in tdays:
                free = [i for i in stable if i not in used[int(day)]]
                pick = r.choice(free, size=2, replace=False)
                used[int(day)].update(int(x) for x in pick)
                teams.append((int(day), u.officers[pick[0]], u.officers[pick[1]]))
            per_team = 1 + r.multinomial(total - team_days, np.ones(team_days) / team_days)
            slots = np.repeat(np.arange(team_days), per_team)
            r.shuffle(slots)
            kinds = []
            for ptype, c in counts:
                kinds += [ptype] * c
            key_pharm = set(self.parties["retail_pharmacy"][: d["key_supply_pharmacies"]].tolist())
            pharm = self.parties["retail_pharmacy"]
            key_needed = d["key_supply"]
            drug_power = u.tags["drug_inspect"]
            secs = self.sample_seconds(total, "office")
            for j, (ptype, slot) in enumerate(zip(kinds, slots, strict=True)):
                day, oa, ob = teams[slot]
                if ptype == "retail_pharmacy":
                    if key_needed > 0:
                        party = int(r.choice(list(key_pharm)))
                        key_needed -= 1
                    else:
                        party = int(
                            pharm[d["key_supply_pharmacies"] + r.integers(0, len(pharm) - d["key_supply_pharmacies"])]
                        )
                else:
                    pool = self.parties[ptype]
                    party = int(pool[r.integers(0, len(pool))])
                rows.append(
                    {
                        "unit_id": u.unit.pk,
                        "power_id": drug_power if ptype != "medical" else u.tags["drug_device_inspect"],
                        "party_id": party,
                        "started_at": self.datetimes(np.array([day]), secs[j : j + 1])[0],
                        "mode": InspectionMode.VIDEO if r.random() < 0.2 else InspectionMode.ON_SITE,
                        "kind": InspectionKind.SPECIAL,
                        "officer_a_id": int(oa),
                        "officer_b_id": int(ob),
                        "campaign_id": self.campaigns["drugs"].pk,
                        "joint_action_id": None,
                        "plan_id": None,
                        "findings": "药品购进、储存、处方药销售情况检查",
                    }
                )
        # 危化品重大危险源企业: 消地联合检查, one inspection per enterprise per round
        if s:
            u = self.units[s["lead"]]
            for ja in self.hazchem_rounds:
                day = (ja.held_on - self.y0).days
                n = s["hazchem_enterprises"]
                rows += self._insp_rows(
                    u,
                    n,
                    [u.tags["hazchem_inspect"]],
                    self.parties["hazchem_major"][:n],
                    days=[day] * n,
                    kind=InspectionKind.JOINT,
                    joint=ja,
                    campaign=self.campaigns.get(s["governance"][0]),
                    findings="应急、消防联合检查",
                )
            # hazchem parties in order (each enterprise once per round)
            first = len(rows) - s["hazchem_enterprises"] * len(self.hazchem_rounds)
            for k in range(first, len(rows)):
                rows[k]["party_id"] = int(self.parties["hazchem_major"][(k - first) % s["hazchem_enterprises"]])
            # 燃气: inspections of gas users by the gas unit (hazards follow)
            gu = self.units[s["gas_unit"]]
            found = s["gas_hazards_rectified"] - s["gas_hazards_prior_year"] + s["gas_hazards_open"]
            n_gas = int(found * 1.9)
            self._gas_start = len(rows)
            rows += self._insp_rows(
                gu,
                n_gas,
                [gu.tags["gas_inspect"]],
                self.parties["gas_user"],
                hi=self.ndays - 20,
                kind=InspectionKind.SPECIAL,
                campaign=self.campaigns["gas"],
                findings="燃气经营、使用安全检查",
            )
            self._gas_end = len(rows)
        # 源头企业: by the road unit, mostly during joint actions
        if ro:
            u = self.units[ro["unit"]]
            src = self.parties["source_enterprise"][: ro["source_enterprises"]]
            for k, party in enumerate(src):
                visits = 1 + int(r.integers(0, 3))
                for v in range(visits):
                    if v == 0 or r.random() < 0.6:
                        ja = self.road_actions[(k * 3 + v) % len(self.road_actions)]
                        day = (ja.held_on - self.y0).days
                        row = self._insp_rows(
                            u,
                            1,
                            [u.tags["road_inspect"]],
                            np.array([party]),
                            days=[day],
                            kind=InspectionKind.JOINT,
                            joint=ja,
                            campaign=self.campaigns["roads"],
                            findings="源头企业装载情况检查",
                        )
                    else:
                        row = self._insp_rows(
                            u,
                            1,
                            [u.tags["road_inspect"]],
                            np.array([party]),
                            kind=InspectionKind.SPECIAL,
                            campaign=self.campaigns["roads"],
                            findings="源头企业装载情况检查",
                        )
                    rows += row
        # 夜查: 建筑工地及消纳场 by the waste units (city unit and 街道)
        if w:
            wunits = [self.units[x] for x in w["units"]] + [
                u for u in self.units.values() if u.spec.kind == UnitKind.STREET
            ]
            sites = np.concatenate([self.parties["construction_site"], self.parties["disposal_site"]])
            per = _allocate([x.spec.inspections for x in wunits], int(w["cases"] * 6))
            for u, n in zip(wunits, per, strict=True):
                rows += self._insp_rows(
                    u,
                    int(n),
                    [u.tags["waste_inspect"]],
                    sites,
                    profile="night",
                    kind=InspectionKind.NIGHT,
                    campaign=self.campaigns["waste"],
                    findings="渣土运输、建筑垃圾处置夜间检查",
                )
        programme = len(rows)
        # routine inspections to reach the year's total
        rest = sc.acts["inspections"] - programme
        specs = [
            u
            for u in self.units.values()
            if u.powers.get("inspection") and u.spec.inspections and u.officers is not None
        ]
        per = _allocate([u.spec.inspections for u in specs], rest)
        for u, n in zip(specs, per, strict=True):
            pool = [
                p
                for p in u.powers["inspection"]
                if p
                not in {u.tags.get("drug_inspect"), u.tags.get("drug_device_inspect"), u.tags.get("hazchem_inspect")}
            ]
            kinds = r.choice(
                [InspectionKind.ROUTINE, InspectionKind.RANDOM, InspectionKind.SPECIAL], size=int(n), p=[0.7, 0.2, 0.1]
            )
            parties = self.parties["business"] if u.spec.short not in (ro.get("partner"),) else self.parties["driver"]
            profile = "traffic" if u.single_officer else "office"
            rows += self._insp_rows(
                u, int(n), pool, parties, profile=profile, kind=kinds, plan=self.plans.get(u.spec.short), mode=None
            )
        # the previous December: loaded, never counted for this year
        prior = sc.acts.get("prior_year_inspections", 0)
        if prior:
            u = max(specs, key=lambda x: x.spec.inspections)
            rows += self._insp_rows(
                u, prior, [p for p in u.powers["inspection"] if p != u.tags.get("drug_inspect")], biz, lo=-31, hi=0
            )
            if s:  # gas inspections in December that found hazards rectified in January
                gu = self.units[s["gas_unit"]]
                self._gas_prior_start = len(rows)
                rows += self._insp_rows(
                    gu,
                    s["gas_hazards_prior_year"],
                    [gu.tags["gas_inspect"]],
                    self.parties["gas_user"],
                    lo=-25,
                    hi=-3,
                    kind=InspectionKind.SPECIAL,
                    findings="燃气经营、使用安全检查",
                )
                self._gas_prior_end = len(rows)
        self.progress(f"行政检查：校验并写入{len(rows)}条", -1)
        self.insp_ids = self._load_inspections(rows)
        self.insp_rows = rows
        self.make_plan_tasks()

    def make_plan_tasks(self):
        """双随机 tasks of the year's plans: one per random inspection (done), and some left undone."""
        from zhifa.enforcement.models import InspectionTask

        r = self.rng
        tasks = []
        for row, iid in zip(self.insp_rows, self.insp_ids, strict=True):
            if row.get("plan_id"):
                day = row["started_at"].astimezone(TZ).date()
                tasks.append(
                    InspectionTask(
                        region=self.region,
                        plan_id=row["plan_id"],
                        power_id=row["power_id"],
                        party_id=row["party_id"],
                        due_on=min(day + dt.timedelta(days=int(r.integers(0, 30))), dt.date(self.year, 12, 31)),
                        inspection_id=int(iid),
                    )
                )
        undone = int(len(tasks) * 0.03)
        for _ in range(undone):
            t = tasks[int(r.integers(0, len(tasks)))]
            tasks.append(
                InspectionTask(
                    region=self.region,
                    plan_id=t.plan_id,
                    power_id=t.power_id,
                    party_id=t.party_id,
                    due_on=dt.date(self.year, 12, 15),
                    inspection=None,
                )
            )
        InspectionTask.objects.bulk_create(tasks, batch_size=2000)
        audit(
            actor=self.actor,
            action="demo.plan_tasks",
            object_type="enforcement.inspectiontask",
            object_id=self.batch,
            region_code=self.code,
            after={"tasks": len(tasks), "undone": undone},
        )

    # ------------------------------------------------------------------ hazards
    def make_hazards(self):
        s, r = self.sc.safety, self.rng
        if not s:
            return
        rows = []
        gu = self.units[s["gas_unit"]]
        gas_idx = np.arange(self._gas_start, self._gas_end)
        found_n = s["gas_hazards_rectified"] - s["gas_hazards_prior_year"] + s["gas_hazards_open"]
        with_hazard = r.choice(gas_idx, size=found_n, replace=False)
        # the open ones: found latest
        with_hazard = with_hazard[np.argsort([self.insp_rows[i]["started_at"] for i in with_hazard])]
        open_set = set(with_hazard[-s["gas_hazards_open"] :].tolist()) if s["gas_hazards_open"] else set()
        descriptions = [
            "燃气泄漏报警装置未安装或失效",
            "燃气软管老化、超长",
            "燃气设施被违规占压",
            "液化石油气钢瓶超期未检",
            "燃气用具无熄火保护装置",
        ]
        for i in with_hazard:
            row = self.insp_rows[i]
            found = row["started_at"].astimezone(TZ).date()
            left = (dt.date(self.year, 12, 31) - found).days
            if i in open_set:
                rect = None
            else:
                rect = found + dt.timedelta(days=int(min(left, r.integers(1, 45))))
            rows.append(
                {
                    "unit_id": gu.unit.pk,
                    "inspection_id": int(self.insp_ids[i]),
                    "party_id": row["party_id"],
                    "category": HazardCategory.GAS,
                    "severity": HazardSeverity.MAJOR if r.random() < 0.04 else HazardSeverity.GENERAL,
                    "description": descriptions[int(r.integers(0, len(descriptions)))],
                    "found_on": found,
                    "deadline": found + dt.timedelta(days=int(r.integers(7, 31))),
                    "rectified_on": rect,
                }
            )
        for i in range(getattr(self, "_gas_prior_start", 0), getattr(self, "_gas_prior_end", 0)):
            row = self.insp_rows[i]
            found = row["started_at"].astimezone(TZ).date()
            rows.append(
                {
                    "unit_id": gu.unit.pk,
                    "inspection_id": int(self.insp_ids[i]),
                    "party_id": row["party_id"],
                    "category": HazardCategory.GAS,
                    "severity": HazardSeverity.GENERAL,
                    "description": descriptions[0],
                    "found_on": found,
                    "deadline": self.y0 + dt.timedelta(days=20),
                    "rectified_on": self.y0 + dt.timedelta(days=int(r.integers(2, 40))),
                }
            )
        # other safety hazards from the safety units' routine inspections
        safety_units = {
            self.units[s["lead"]].unit.pk: HazardCategory.HAZCHEM,
            self.units[s["fire_unit"]].unit.pk: HazardCategory.FIRE,
        }
        build = next((u for u in self.units.values() if "住房建设" in u.spec.domains), None)
        if build:
            safety_units[build.unit.pk] = HazardCategory.CONSTRUCTION
        cand = [
            i
            for i, row in enumerate(self.insp_rows)
            if row["unit_id"] in safety_units
            and row["kind"] != InspectionKind.JOINT
            and row["started_at"].year == self.year
        ]
        pick = r.choice(cand, size=min(len(cand), s.get("other_hazards", 0)), replace=False) if cand else []
        for i in pick:
            row = self.insp_rows[i]
            found = row["started_at"].astimezone(TZ).date()
            left = (dt.date(self.year, 12, 31) - found).days
            rect = found + dt.timedelta(days=int(r.integers(1, 60))) if r.random() < 0.93 else None
            rows.append(
                {
                    "unit_id": row["unit_id"],
                    "inspection_id": int(self.insp_ids[i]),
                    "party_id": row["party_id"],
                    "category": safety_units[row["unit_id"]],
                    "severity": HazardSeverity.GENERAL,
                    "description": "安全隐患",
                    "found_on": found,
                    "deadline": found + dt.timedelta(days=30),
                    "rectified_on": rect if rect is None or left >= 0 else None,
                }
            )
        self.loader.load_hazards(rows)

    # ------------------------------------------------------------------ penalty cases
    def _case_rows(
        self,
        u: UnitRec,
        n: int,
        *,
        power_ids,
        parties,
        kind: str,
        procedure_p: float,
        profile="office",
        days=None,
        violation=None,
        campaign=None,
        fine_range=None,
        lo=0,
        hi=None,
        status=None,
        year=None,
        is_org=None,
        outcome=Outcome.PENALTY,
    ) -> list[dict]:
        """``n`` cases decided on ``days`` (sampled when not given), simple or ordinary by ``procedure_p``."""
        if n <= 0:
            return []
        r = self.rng
        year = year or self.year
        days = self.sample_days(n, profile, lo, hi) if days is None else np.asarray(days)
        secs = self.sample_seconds(n, profile)
        ordinary = r.random(n) < procedure_p
        power_ids = np.asarray(power_ids)
        pw_pick = power_ids[r.integers(0, len(power_ids), n)]
        party_pick = (
            parties[r.integers(0, len(parties), n)]
            if kind != "repeat"
            else parties[np.minimum(r.zipf(1.6, n) - 1, len(parties) - 1)]
        )
        single = np.array([p in u.single_officer for p in pw_pick])
        spans = np.where(ordinary, r.integers(12, 80, n), 0)
        a, b = self.pick_officers(u, days, first_days=days - spans)
        times = self.datetimes(days, secs)
        rows = []
        for i in range(n):
            pid = int(pw_pick[i])
            org_party = bool(is_org[i]) if is_org is not None else kind == "org"
            decided = self.day(days[i])
            disc = times[i]
            viol = violation or u.violations[pid][int(r.integers(0, len(u.violations[pid])))]
            row = {
                "unit_id": u.unit.pk,
                "power_id": pid,
                "party_id": int(party_pick[i]),
                "violation": viol,
                "officer_a_id": int(a[i]),
                "officer_b_id": None if (single[i] and not ordinary[i]) else int(b[i]),
                "campaign_id": campaign.pk if campaign else None,
                "outcome": outcome,
            }
            if outcome == Outcome.PENALTY:
                lo_f, hi_f = (200, 3000) if org_party else (20, 200)  # 第五十一条 on-the-spot limits
                if ordinary[i]:
                    lo_f, hi_f = fine_range or ((3000, 30000) if org_party else (300, 3000))
                fine = int(r.integers(lo_f // 10, hi_f // 10 + 1)) * 10
                warning_only = not ordinary[i] and r.random() < 0.04
                row.update(
                    {
                        "penalty_kinds": [PenaltyKind.WARNING] if warning_only else [PenaltyKind.FINE],
                        "fine_amount": Decimal(0 if warning_only else fine),
                    }
                )
            else:
                row.update(
                    {
                        "penalty_kinds": [],
                        "fine_amount": Decimal(0),
                        "first_offence": True,
                        "harm_minor": True,
                        "corrected": True,
                    }
                )
            if ordinary[i]:
                filed = decided - dt.timedelta(days=int(spans[i]))
                act = filed - dt.timedelta(days=int(r.integers(0, 6)))
                row.update(
                    {
                        "procedure": Procedure.ORDINARY,
                        "case_no": self.next_case_no(u, False, filed.year),
                        "act_date": act,
                        "discovered_at": dt.datetime.combine(act, disc.timetz()) if disc.date() != act else disc,
                        "filed_on": filed,
                        "notified_on": decided - dt.timedelta(days=int(r.integers(8, 11))),
                        "decided_on": decided,
                    }
                )
                if outcome == Outcome.PENALTY:
                    row["decision_no"] = f"{u.spec.short}罚决字〔{decided.year}〕{u.case_seq:06d}号"
                    if pid in u.review_required:
                        rv = u.reviewers
                        if not rv:
                            raise RuntimeError(f"{u.spec.short}的职权须法制审核，但场景没有为其配置法制审核人员")
                        row.update(
                            {
                                "reviewer_id": rv[int(r.integers(0, len(rv)))],
                                "reviewed_on": decided - dt.timedelta(days=int(r.integers(1, 4))),
                                "review_result": "approve",
                                "review_opinion": "事实清楚，证据确凿，适用依据正确，程序合法，同意",
                            }
                        )
                    absent = r.random() < 0.15
                    delivered = calendar.add_working_days(decided, int(r.integers(1, 6))) if absent else decided
                    paid = delivered + dt.timedelta(days=int(r.integers(1, 14)))
                    row.update(
                        {
                            "party_absent": absent,
                            "delivered_on": delivered,
                            "paid_on": paid if row["fine_amount"] else None,
                            "paid_amount": row["fine_amount"],
                            "closed_on": paid + dt.timedelta(days=int(r.integers(1, 10))),
                            "status": status or CaseStatus.CLOSED,
                            "disclosed_on": calendar.add_working_days(decided, int(r.integers(1, 7))),
                        }
                    )
                else:
                    row.update({"status": CaseStatus.NO_PENALTY})
            else:
                row.update(
                    {
                        "procedure": Procedure.SIMPLE,
                        "case_no": self.next_case_no(u, True, decided.year),
                        "act_date": decided,
                        "discovered_at": disc,
                        "decided_on": decided,
                        "decision_no": f"{u.spec.short}当场罚〔{decided.year}〕{u.case_seq:06d}号",
                        "delivered_on": decided,
                        "paid_amount": row["fine_amount"],
                        "status": status or CaseStatus.CLOSED,
                    }
                )
                paid = decided + dt.timedelta(days=int(r.integers(0, 12)))
                row.update(
                    {
                        "paid_on": paid if row["fine_amount"] else None,
                        "closed_on": paid + dt.timedelta(days=int(r.integers(0, 4))),
                    }
                )
            rows.append(row)
        return rows

    def make_cases(self):
        r, sc = self.rng, self.sc
        d, ro, w, acts = sc.drugs, sc.roads, sc.waste, sc.acts
        rows: list[dict] = []
        self.overload_case_rows: list[int] = []
        # 不凭处方销售处方药: ordinary, one pharmacy each
        if d:
            u = self.units[d["unit"]]
            pharm = self.parties["retail_pharmacy"]
            picks = r.choice(len(pharm), size=d["prescription_cases"], replace=False)
            days = np.sort(self.sample_days(d["prescription_cases"], "office", 100, self.ndays - 30))
            for i, day in zip(picks, days, strict=True):
                rows += self._case_rows(
                    u,
                    1,
                    power_ids=[u.tags["drug_pen"]],
                    parties=pharm[i : i + 1],
                    kind="org",
                    procedure_p=1.0,
                    days=[day],
                    violation=VIOLATION_PRESCRIPTION,
                    campaign=self.campaigns["drugs"],
                    fine_range=(5000, 20000),
                )
        # 超限超载: one ordinary case per overload record decided in the year (the device cases apart)
        if ro:
            u = self.units[ro["unit"]]
            n = ro["overloads"] - (ro["device_cases"] - 1)
            days = self.sample_days(n - 1, "traffic", 90, self.ndays - 5)  # so that the check itself is in the year
            start = len(rows)
            rows += self._case_rows(
                u,
                n - 1,
                power_ids=[u.tags["overload_pen"]],
                parties=self.parties["transport"],
                kind="org",
                procedure_p=1.0,
                days=days,
                violation=VIOLATION_OVERLOAD,
                campaign=self.campaigns["roads"],
                fine_range=(2000, 29000),
            )
            self.overload_case_rows = list(range(start, len(rows)))
            # the first 非现场 case: device evidence, closed on the scenario's date
            closed = dt.date.fromisoformat(ro["first_device_case_closed"])
            dev = self.devices[0]
            row = self._case_rows(
                u,
                1,
                power_ids=[u.tags["overload_pen"]],
                parties=self.parties["transport"],
                kind="org",
                procedure_p=1.0,
                days=[(closed - self.y0).days - 20],
                violation=VIOLATION_OVERLOAD,
                campaign=self.campaigns["roads"],
                fine_range=(5000, 20000),
            )[0]
            row.update({"device_id": dev.pk, "party_absent": True, "closed_on": closed})
            row["act_date"] = max(row["act_date"], dev.published_on)
            row["discovered_at"] = dt.datetime.combine(row["act_date"], dt.time(10, 5), tzinfo=TZ)
            row["filed_on"] = max(row["filed_on"], row["act_date"])
            row["delivered_on"] = calendar.add_working_days(row["decided_on"], 3)
            row["paid_on"] = row["delivered_on"] + dt.timedelta(days=5)
            row["closed_on"] = max(closed, row["paid_on"])
            row["disclosed_on"] = calendar.add_working_days(row["decided_on"], 2)
            self.device_case_row = len(rows)
            rows.append(row)
            self.overload_case_rows.append(len(rows) - 1)
            # later device cases: filed in December, not decided by 31 December
            for k in range(1, ro["device_cases"]):
                dev = self.devices[k % 5]
                filed = dt.date(self.year, 12, 4 + 5 * k)
                rows.append(
                    {
                        "unit_id": u.unit.pk,
                        "power_id": u.tags["overload_pen"],
                        "party_id": int(self.parties["transport"][k]),
                        "procedure": Procedure.ORDINARY,
                        "status": CaseStatus.INVESTIGATING,
                        "case_no": self.next_case_no(u, False, self.year),
                        "violation": VIOLATION_OVERLOAD,
                        "act_date": filed - dt.timedelta(days=2),
                        "discovered_at": dt.datetime.combine(filed - dt.timedelta(days=2), dt.time(14, 20), tzinfo=TZ),
                        "filed_on": filed,
                        "officer_a_id": int(u.officers[u.weight > 0][0]),
                        "officer_b_id": int(u.officers[u.weight > 0][1]),
                        "device_id": dev.pk,
                        "campaign_id": self.campaigns["roads"].pk,
                    }
                )
                self.overload_case_rows.append(len(rows) - 1)
        # 建筑垃圾: city unit and 街道; some found at night (夜查)
        if w:
            wunits = [self.units[x] for x in w["units"]] + [
                u for u in self.units.values() if u.spec.kind == UnitKind.STREET
            ]
            per = _allocate([x.spec.penalties for x in wunits], w["cases"])
            night_left = w["night_cases"]
            for u, n in zip(wunits, per, strict=True):
                n = int(n)
                if not n:
                    continue
                nights = min(night_left, round(n * w["night_cases"] / w["cases"] + 0.49))
                night_left -= nights
                is_org = r.random(n) < 0.4
                parties_org = np.concatenate([self.parties["construction_site"], self.parties["business"][:200]])
                for k in range(n):
                    night = k < nights
                    org_party = bool(is_org[k]) or night
                    rows += self._case_rows(
                        u,
                        1,
                        power_ids=[u.tags["waste_pen"]],
                        parties=parties_org if org_party else self.parties["individual"],
                        kind="org" if org_party else "person",
                        procedure_p=0.6 if org_party else 0.0,
                        profile="night" if night else "office",
                        violation=None,
                        campaign=self.campaigns["waste"],
                        fine_range=(5000, 45000) if org_party else None,
                        hi=self.ndays - 2,
                    )
            assert night_left == 0, night_left
        # routine decisions to reach the year's total (traffic: drivers, on the spot)
        counted = sum(
            1
            for x in rows
            if x.get("decided_on") and x["decided_on"].year == self.year and x.get("outcome") == Outcome.PENALTY
        )
        rest = acts["penalties"] - counted
        specs = [
            u for u in self.units.values() if u.powers.get("penalty") and u.spec.penalties and u.officers is not None
        ]
        per = _allocate([u.spec.penalties for u in specs], rest)
        reserved = set()
        for u in self.units.values():
            reserved |= {u.tags.get(t) for t in ("drug_pen", "overload_pen", "waste_pen")}
        for u, n in zip(specs, per, strict=True):
            n = int(n)
            pool = [p for p in u.powers["penalty"] if p not in reserved]
            if not pool:
                pool = u.powers["penalty"]
            if u.single_officer and any(p in u.single_officer for p in pool):
                traffic = [p for p in pool if p in u.single_officer]
                nt = int(n * 0.985)
                rows += self._case_rows(
                    u,
                    nt,
                    power_ids=traffic,
                    parties=self.parties["driver"],
                    kind="repeat",
                    procedure_p=0.0,
                    profile="traffic",
                )
                rest_pool = [p for p in pool if p not in u.single_officer] or traffic
                rows += self._case_rows(
                    u, n - nt, power_ids=rest_pool, parties=self.parties["individual"], kind="person", procedure_p=0.5
                )
                continue
            is_org = r.random(n) < 0.55
            rows += self._case_rows(
                u,
                n,
                power_ids=pool,
                parties=self.parties["business"],
                kind="mixed",
                procedure_p=acts["ordinary_share"],
                is_org=is_org,
            )
            # persons: swap parties for the person rows
            for k in np.nonzero(~is_org)[0]:
                rows[len(rows) - n + k]["party_id"] = int(
                    self.parties["individual"][r.integers(0, len(self.parties["individual"]))]
                )
        # 首违不罚 (ordinary, not counted), overdue cases, late disclosures, the previous December
        others = [u for u in specs if not u.single_officer and u.spec.penalties >= 100]
        per = _allocate([u.spec.penalties for u in others], acts.get("no_penalty", 0))
        for u, n in zip(others, per, strict=True):
            pool = [p for p in u.powers["penalty"] if p not in reserved] or u.powers["penalty"]
            rows += self._case_rows(
                u,
                int(n),
                power_ids=pool,
                parties=self.parties["business"],
                kind="org",
                procedure_p=1.0,
                outcome=Outcome.FIRST_OFFENCE,
            )
        for k in range(acts.get("overdue_cases", 0)):
            u = others[k % len(others)]
            pool = [p for p in u.powers["penalty"] if p not in reserved] or u.powers["penalty"]
            filed = self.day(int(r.integers(120, 240)))
            a, b = self.pick_officers(u, np.array([(filed - self.y0).days]))
            rows.append(
                {
                    "unit_id": u.unit.pk,
                    "power_id": int(pool[0]),
                    "party_id": int(self.parties["business"][k]),
                    "procedure": Procedure.ORDINARY,
                    "status": CaseStatus.INVESTIGATING,
                    "case_no": self.next_case_no(u, False, self.year),
                    "violation": u.violations[int(pool[0])][0],
                    "act_date": filed - dt.timedelta(days=3),
                    "discovered_at": dt.datetime.combine(filed - dt.timedelta(days=3), dt.time(9, 40), tzinfo=TZ),
                    "filed_on": filed,
                    "officer_a_id": int(a[0]),
                    "officer_b_id": int(b[0]),
                }
            )
        late = acts.get("late_disclosures", 0)
        disclosed = [
            i
            for i, x in enumerate(rows)
            if x.get("disclosed_on") and x["decided_on"].year == self.year and i != getattr(self, "device_case_row", -1)
        ]
        for i in r.choice(disclosed, size=min(late, len(disclosed)), replace=False):
            rows[i]["disclosed_on"] = calendar.add_working_days(rows[i]["decided_on"], int(r.integers(9, 25)))
        prior = acts.get("prior_year_penalties", 0)
        if prior:
            u = max(specs, key=lambda x: x.spec.penalties)
            pool = [p for p in u.powers["penalty"] if p in u.single_officer] or u.powers["penalty"]
            rows += self._case_rows(
                u,
                prior,
                power_ids=pool,
                parties=self.parties["driver"],
                kind="repeat",
                procedure_p=0.0,
                profile="traffic",
                lo=-31,
                hi=0,
            )
        self.progress(f"行政处罚：校验并写入{len(rows)}件", -1)
        last = PenaltyCase.objects.filter(region=self.region).order_by("-id").values_list("id", flat=True).first() or 0
        t = time.perf_counter()
        self.loader.load_penalty_cases(self.ticking(rows))
        self.timings["BulkLoader: 行政处罚"] = time.perf_counter() - t
        self.case_ids = np.array(
            list(
                PenaltyCase.objects.filter(region=self.region, id__gt=last).order_by("id").values_list("id", flat=True)
            )
        )
        self.case_rows = rows

    # ------------------------------------------------------------------ overloads
    def make_overloads(self):
        ro, r = self.sc.roads, self.rng
        if not ro:
            return
        u = self.units[ro["unit"]]
        n, big = ro["overloads"], ro["over_100t"]
        total = int((Decimal(str(ro["unloaded_tonnage"])) * 100).to_integral_value())
        axles = r.choice([2, 3, 4, 5, 6], size=n, p=[0.08, 0.17, 0.2, 0.2, 0.35])
        axles[:big] = 6
        limits = np.array([GB1589_LIMITS[a] * 100 for a in axles])
        excess = np.zeros(n, dtype=np.int64)
        excess[:big] = 10000 - limits[:big] + r.integers(0, 2500, big)  # 百吨王: ≥ 100 t
        rest_total = total - int(excess[:big].sum())
        m = n - big
        cap = 10000 - limits[big:] - 1  # stay under 100 t
        floor = 50
        weights = r.gamma(1.6, 1.0, m)
        for _ in range(50):
            share = rest_total - floor * m
            alloc = floor + r.multinomial(share, weights / weights.sum())
            over = alloc > cap
            if not over.any():
                break
            weights[over] *= 0.5
        else:
            raise RuntimeError("超限吨数分配失败")
        excess[big:] = alloc
        assert int(excess.sum()) == total
        gross = limits + excess
        order = r.permutation(n)  # which case each record belongs to
        case_idx = self.overload_case_rows
        rows = []
        src = self.parties["source_enterprise"][: ro["source_enterprises"]]
        for j in range(n):
            k = int(order[j])
            crow = self.case_rows[case_idx[k]]
            at = crow["discovered_at"]
            prefix = PLATE_PREFIX[int(r.integers(0, len(PLATE_PREFIX)))]
            plate = prefix + "".join(str(x) for x in r.integers(0, 10, 5))
            joint = None
            if crow.get("device_id") is None and r.random() < 0.4:
                ja = self.road_actions[int(r.integers(0, len(self.road_actions)))]
                joint = ja.pk
            rows.append(
                {
                    "unit_id": u.unit.pk,
                    "checked_at": at,
                    "plate": plate,
                    "axles": int(axles[j]),
                    "gross_weight": Decimal(int(gross[j])) / 100,
                    "limit_weight": Decimal(int(limits[j])) / 100,
                    "unloaded_tonnage": Decimal(int(excess[j])) / 100,
                    "source_enterprise_id": int(src[int(r.integers(0, len(src)))]) if r.random() < 0.7 else None,
                    "case_id": int(self.case_ids[case_idx[k]]),
                    "joint_action_id": joint,
                    "device_id": crow.get("device_id"),
                }
            )
        self.loader.load_overloads(rows)

    # ------------------------------------------------------------------ other acts
    def make_other_acts(self):
        r, n_total = self.rng, self.sc.acts.get("other_acts", 0)
        specs = [
            u for u in self.units.values() if u.spec.other and u.officers is not None and u.powers.get("inspection")
        ]
        per = _allocate([u.spec.other for u in specs], n_total)
        rows = []
        notes = {
            OtherActKind.PATROL: "巡查未发现问题",
            OtherActKind.ONSITE_CORRECTION: "现场责令改正，当事人当场改正",
            OtherActKind.EDUCATION: "首次轻微违法，批评教育并责令改正",
        }
        for u, n in zip(specs, per, strict=True):
            n = int(n)
            if not n:
                continue
            profile = "traffic" if u.single_officer else "office"
            days = self.sample_days(n, profile)
            secs = self.sample_seconds(n, profile)
            a, b = self.pick_officers(u, days)
            times = self.datetimes(days, secs)
            kinds = r.choice(
                [OtherActKind.PATROL, OtherActKind.ONSITE_CORRECTION, OtherActKind.EDUCATION], size=n, p=[0.7, 0.2, 0.1]
            )
            pool = u.powers["inspection"]
            for i in range(n):
                k = str(kinds[i])
                rows.append(
                    {
                        "unit_id": u.unit.pk,
                        "power_id": int(pool[int(r.integers(0, len(pool)))]),
                        "kind": k,
                        "occurred_at": times[i],
                        "party_id": None
                        if k == OtherActKind.PATROL
                        else int(self.parties["business"][r.integers(0, len(self.parties["business"]))]),
                        "officer_a_id": int(a[i]),
                        "officer_b_id": int(b[i]),
                        "note": notes[k],
                    }
                )
        t = time.perf_counter()
        self.loader.load_other_acts(self.ticking(rows))
        self.timings["BulkLoader: 巡查等"] = time.perf_counter() - t

    # ------------------------------------------------------------------ supervision
    def make_supervision(self):
        sup = self.sc.supervision
        if not sup:
            return
        from zhifa.supervision import services as sv

        r = self.rng
        y = self.year
        total = sup.get("case_file_reviews", 0)
        per_q = _allocate([1, 1, 1, 1], total)
        items = None
        try:
            from zhifa.supervision import policy

            items = policy.REVIEW_ITEMS
        except ImportError:
            pass
        for q, size in enumerate(per_q, start=1):
            if not size:
                continue
            drawn = sv.review_sample(
                actor=self.actor, region_code=self.code, year=y, quarter=q, size=int(size), seed=self.sc.seed
            )
            reviewed_on = sv.quarter_bounds(y, q)[1] + dt.timedelta(days=10)
            if reviewed_on.year > y:
                reviewed_on = dt.date(y, 12, 28)
            for rv in drawn:
                scores = (
                    {
                        k: max(0, int(m) - int(r.integers(0, 3)) * (1 if r.random() < 0.4 else 0))
                        for k, m in items.items()
                    }
                    if items
                    else {}
                )
                sv.review_score(
                    actor=self.actor,
                    review=rv,
                    scores=scores,
                    reviewed_on=reviewed_on,
                    reviewer_name="区司法局执法监督科",
                )
        justice = "区司法局执法监督科"
        for k, short in enumerate(sup.get("inspected_units", [])):
            u = self.units[short]
            sv.supervision_inspection_record(
                actor=self.actor,
                unit=u.unit,
                inspected_on=dt.date(y, 6 + k, 6 + 3 * k),
                inspectors=justice,
                scope="随机抽查执法案卷，实地查看执法装备和执法音像管理情况",
                files_checked=int(r.integers(8, 20)),
                findings="个别案卷文书填写不规范，音像记录归档不及时",
            )
        from django.conf import settings as dj

        out = dj.REPORT_ROOT / "bulletins" / self.code
        for m in range(1, sup.get("bulletins", 0) + 1):
            sv.bulletin_issue(actor=self.actor, region_code=self.code, month=dt.date(y, m, 1), out_dir=out)

    # ------------------------------------------------------------------ texts
    def make_texts(self):
        from .texts import report_text_set

        for key, text in self.sc.texts.items():
            report_text_set(actor=self.actor, region_code=self.code, year=self.year, key=key, text=text)


def generate(scenario: Scenario, *, progress=None, actor=DEMO) -> dict[str, float]:
    return Generator(scenario, progress=progress, actor=actor).run()
