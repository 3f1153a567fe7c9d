"""Shared state and helpers of the demo generator: the random source, names, id numbers, day and hour profiles."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

import numpy as np
from django.conf import settings
from faker.providers.company.zh_CN import Provider as _Company
from faker.providers.person.zh_CN import Provider as _Person

from zhifa.core import calendar
from zhifa.core.collector import bulk_collector
from zhifa.core.errors import InvalidInput
from zhifa.core.policy import SystemActor
from zhifa.core.validators import make_id_number, make_uscc, validate_id_number
from zhifa.org.models import Unit

from .draws import ScalarDraws
from .g54 import FROM as G54_FROM
from .g54 import Guoban54
from .scenario import Scenario, UnitSpec

TZ = ZoneInfo(settings.TIME_ZONE)
FAR = 10**6  # "never revoked" as a day index
BULK_MMAP = 0x7FFF0000  # bytes of the database file mapped while the demo builds it (SQLite's own upper limit)

# Faker's zh_CN name lists (weights for surnames), used with numpy instead of one Faker call per name.
_SURNAMES = list(_Person.last_names.keys())
_SURNAME_P = np.array(list(_Person.last_names.values()), dtype=float)
_SURNAME_P /= _SURNAME_P.sum()
_GIVEN = list(dict.fromkeys(_Person.first_names))
_COMPANY_WORDS = list(dict.fromkeys(_Company.company_prefixes))
# Second words of a 字号, for when Faker's 81 prefixes and an industry give a name already taken: company names
# are unique where they are registered, so a pool of 16,000 businesses needs more than 81 × 6 of them.
_TRADE_WORDS = (
    "鑫源 恒达 华宇 盛世 瑞祥 兴隆 宏图 德润 嘉禾 诚信 安康 博远 通达 福聚 金桥 昌盛 永泰 荣华 海川 津港 "
    "渤海 海河 泰和 万通 天成 汇丰 信诚 利民 百川 鼎盛 顺发 合众 联众 明珠 东方 北辰 金鼎 龙腾 佳和 众诚 "
    "宝利 富源 聚丰 康宁 润泽 祥和 万隆 宏达 广源 天宇 华信 正泰 卓越 远航 启航 精诚 和润 鸿运 金泰 "
    "恒丰 同创 益民 新元 腾飞 锦程 华瑞 永兴 隆盛 泰丰 兴旺 伟业 宏盛 嘉信 晟达 凯旋 中和 丰泽 安泰 "
    "盈科 德馨 金源 瑞丰 汇通 国泰 华彩 启明 长城 星光 海纳 卓信 同益 明达 欣荣 瀚海 盛达 建业 鸿达"
).split()
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


@dataclass(frozen=True)
class PartyRec:
    """A 当事人 as the acts name it: name, 相对人性质, 相对人证件号码 (ID number or USCC), 检查对象类别, 重点保供."""

    name: str
    nature: str
    number: str
    category: str
    key_supply: bool = False


@dataclass
class Link:
    """A record other records name by its exchange key (联合行动编号, 设备编号, 计划编号): ``pk`` is that key."""

    pk: str
    held_on: dt.date | None = None  # 联合行动: its day; 电子监控设备: its 审核日期
    published_on: dt.date | None = None

    @property
    def approved_on(self) -> dt.date | None:
        return self.held_on


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


@contextlib.contextmanager
def cycle_collector(on: bool):
    """Python's cycle collector on or off for the block, then as it was. The generator builds its year with it off:
    the rows are dicts of scalars (no cycles, freed by reference counting), and each full pass of the collector
    walks every live container, so over a year of rows the passes cost more than the building; the exchange loads
    and the services run with it on (``send``, the supervision step), as ``core.collector.bulk_collector`` sets it."""
    was = gc.isenabled()
    if on:
        gc.enable()
    else:
        gc.disable()
    try:
        if on:
            with bulk_collector():  # the year built so far is left out of the collector's passes
                yield
        else:
            yield
    finally:
        if was:
            gc.enable()
        else:
            gc.disable()


DEMO = SystemActor("demo")  # the generator writes through the services on the product's own behalf


@lru_cache(maxsize=4096)
def _area_valid(area: str, year: int) -> bool:
    """Whether an ID number of someone born in ``year`` may carry ``area`` (GB 11643 with python-stdnum, whose
    area lookup is slow: checked once per (area, year); the check digit and the date are right by construction)."""
    try:
        validate_id_number(make_id_number(area, dt.date(year, 6, 1), 1))
        return True
    except InvalidInput:
        return False


class GeneratorBase:
    """State of one generation run and the sampling helpers every step uses."""

    def __init__(self, scenario: Scenario, *, progress: Callable[[str, float], None] | None = None, actor=DEMO):
        self.sc = scenario
        self.rng = np.random.default_rng(scenario.seed)
        self.draws = ScalarDraws(self.rng)  # the same generator's scalars, for the per-act draws
        self.year = scenario.year
        self.y0 = dt.date(self.year, 1, 1)
        self.ndays = (dt.date(self.year + 1, 1, 1) - self.y0).days
        self.code = scenario.region_code
        self.actor = actor
        self.progress = progress or (lambda label, frac: None)
        self.timings: dict[str, float] = {}  # wall seconds per phase
        self.cpu: dict[str, float] = {}  # CPU seconds (user + sys) per phase: the machine may be shared
        self.units: dict[str, UnitRec] = {}
        self.by_id: dict[int, UnitRec] = {}
        self.parties: dict[str, np.ndarray] = {}
        self.campaigns: dict = {}  # key -> zhifa Campaign (created through the services; acts name it)
        self.party_recs: list[PartyRec] = []
        # the natural keys acts name, by the registry rows' ids: 事项编码, 执法证号, 身份证号码
        self.power_code: dict[int, str] = {}
        self.certificate_of: dict[int, str] = {}
        self.id_number_of: dict[int, str] = {}
        self.pending: dict[str, list[dict]] = {}
        self._exchange_ctx = None
        # 国办发〔2024〕54号 fields on inspections: from 2025-01-03, or in any year when the scenario asks
        g54 = scenario.acts.get("inspection_approvals")
        self.g54 = None
        if g54 or (g54 is None and self.year >= G54_FROM.year):
            self.g54 = Guoban54(scenario.seed, always=bool(g54))
        self.batch = f"demo-{self.code}-{self.year}"
        self._uscc_serial = 0
        self._id_seq = 0
        self._id_seen: set[str] = set()
        self._area_ok: dict[tuple[str, int], bool] = {}
        self._leaves: list[tuple] = []  # (person, date, "retire"|"transfer"), applied after reviewers are designated
        self._profiles: dict[str, np.ndarray] = {}
        self._days: dict[int, dt.date] = {}

    # ------------------------------------------------------------------ helpers
    def _sqlite_bulk_mode(self, on: bool, *, readers: bool = False) -> bool:
        """On SQLite, build with the file memory-mapped, an in-memory rollback journal and without fsync (a fresh
        demo database: after a crash the demo is simply run again); back to the settings' WAL mode afterwards.
        No-op elsewhere, and inside a transaction (tests).

        The year's database (about 780 MB) is larger than any page cache worth its memory: the month-end scans and
        the index rebuild read most of it back. Memory-mapped, a page not in the cache is read from the operating
        system's copy in place, instead of by a read call and a copy per page (measured back to back: 3 to 5 s
        less, 2 to 3 s of it system time). The cache then holds mostly the pages being written.

        ``readers``: the same, but in WAL mode, so that another process reads the committed year while this one
        writes (the month-end scans' second process)."""
        from django.db import connection

        if connection.vendor != "sqlite" or connection.in_atomic_block:
            return False  # (SQLite refuses to change the safety level inside a transaction)
        with connection.cursor() as c:
            if on:
                # A rollback journal instead of WAL: pages of a fresh database are written once, straight into
                # the file, instead of into the WAL and again by the checkpoint after the commit. (WAL with readers:
                # the supervision step writes little, and another process reads meanwhile.)
                c.execute("PRAGMA journal_mode=WAL" if readers else "PRAGMA journal_mode=MEMORY")
                c.execute("PRAGMA synchronous=OFF")
                c.execute("PRAGMA cache_size=-65536")  # 64 MiB
                c.execute(f"PRAGMA mmap_size={BULK_MMAP}")
                c.execute("PRAGMA temp_store=MEMORY")
            else:
                c.execute("PRAGMA journal_mode=WAL")
                c.execute("PRAGMA synchronous=NORMAL")
                c.execute("PRAGMA cache_size=-2000")
                c.execute("PRAGMA mmap_size=0")
        return True

    # ------------------------------------------------------------------ the exchange path
    def send_later(self, type_name: str, record: dict) -> None:
        self.pending.setdefault(type_name, []).append(record)

    def flush(self, *type_names: str) -> None:
        for name in type_names:
            records = self.pending.pop(name, [])
            if records:
                self.send(name, records)

    def send(self, type_name: str, records: list[dict]):
        """Load records through the exchange path, as a unit's own system does; the demo's records are all
        well-formed (a rejection is a generator bug and stops the run)."""
        from zhifa.exchange.context import LoadContext
        from zhifa.exchange.services import exchange_load_records

        if self._exchange_ctx is None:
            # findings=False: the per-record legal findings of the load are for a sender to read, and the demo reads
            # none; its alerts are raised by the month-end scans of the 案卷评查与监督 step, which run the same rule
            # functions over every record (tests/supervision/test_scan_agrees_with_workflow.py), as they would over
            # a district's records loaded with the alert hook off.
            self._exchange_ctx = LoadContext(actor=self.actor, batch=self.batch, findings=False)
        label, lo, hi = getattr(self, "_step", ("", 0.0, 1.0))
        n, done = len(records), [0]

        def advance(k: int) -> None:
            done[0] += k
            if done[0] % 5000 < k or done[0] == n:
                self.progress(f"{label} {done[0]}/{n}", lo + (hi - lo) * done[0] / max(n, 1))

        t, c = time.perf_counter(), time.process_time()
        with cycle_collector(True):
            report = exchange_load_records(
                actor=self.actor,
                record_type=type_name,
                records=records,
                ctx=self._exchange_ctx,
                progress=advance,
                parallel=True,  # the next chunks parsed in a second process while this one writes
            )
        label = f"数据交换：{type_name}"
        self.timings[label] = self.timings.get(label, 0.0) + time.perf_counter() - t
        self.cpu[label] = self.cpu.get(label, 0.0) + time.process_time() - c
        if report.rejections:
            head = "；".join(str(x) for x in report.rejections[:5])
            raise InvalidInput(
                f"演示数据的{type_name}有{report.rejected}条被拒收（生成器错误）：{head}", code="demo.rejected"
            )
        return report

    def party_fields(self, handle: int, name_field: str, *, nature: bool = True, category: str = "") -> dict:
        """The 当事人 fields of an act record for the party ``handle`` of the pools."""
        p = self.party_recs[int(handle) - 1]
        out = {name_field: p.name, "相对人证件号码": p.number}
        if nature:
            out["相对人性质"] = p.nature
        if category:
            out[category] = p.category
            if p.key_supply:
                out["重点保供"] = True
        return out

    def day(self, idx: int) -> dt.date:
        d = self._days.get(idx)
        if d is None:
            d = self._days[int(idx)] = self.y0 + dt.timedelta(days=int(idx))
        return d

    def names(self, n: int) -> list[str]:
        s = self.rng.choice(len(_SURNAMES), size=n, p=_SURNAME_P)
        g = self.rng.integers(0, len(_GIVEN), size=n)
        return [_SURNAMES[a] + _GIVEN[b] for a, b in zip(s, g, strict=True)]

    def area_for(self, area: str, year: int) -> str:
        """The 6-digit area code an ID number of someone born in ``year`` can carry: ``area`` if it existed that
        year (GB/T 2260 codes have validity periods in python-stdnum's loc.dat; 120116 滨海新区 dates from 2009),
        else the district's own code, else the city's (市辖区 ``xxxx00``), else the province's. Raises
        InvalidInput when none existed (never loops)."""
        key = (area, year)
        ok = self._area_ok.get(key)
        if ok is None:
            ok = self._area_ok[key] = _area_valid(area, year)
        if ok:
            return area
        for fallback in (self.code, self.code[:4] + "00", self.code[:2] + "0000"):
            if fallback != area and _area_valid(fallback, year):
                self._area_ok[key] = False
                return fallback
        raise InvalidInput(
            f"行政区划代码“{area}”及其上级在{year}年均不存在（GB/T 2260），无法生成该年出生人员的身份证号码",
            field="region_code",
            code="demo.region_year",
        )

    def id_numbers(self, births: list[dt.date], areas: list[str]) -> list[str]:
        out = []
        for birth, area in zip(births, areas, strict=True):
            area = self.area_for(area, birth.year)
            while True:
                self._id_seq += 1
                v = make_id_number(area, birth, self._id_seq)
                if v not in self._id_seen:
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
        base, delta = dt.datetime(self.year, 1, 1, tzinfo=TZ), dt.timedelta
        days, secs = np.asarray(days).tolist(), np.asarray(secs).tolist()
        return [base + delta(days=d, seconds=s) for d, s in zip(days, secs, strict=True)]

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
