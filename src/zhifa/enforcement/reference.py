"""Reference data the legal rules look up: certificates, powers, delegations, devices, reviewers, benchmarks.

One class serves two callers. A service builds ``Reference(region_code)`` and each lookup fetches the
one person / power / device it needs (and keeps it). The bulk path calls ``preload()`` once, which
fills every table for the region as plain dicts of tuples, so that validating 200 000 rows issues no
per-row query. The rules in ``rules.py`` only ever see this interface.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

from zhifa.core import calendar
from zhifa.org.choices import CertificateStatus
from zhifa.org.models import Certificate, LegalReviewerDesignation, Person, Unit
from zhifa.powers.attributes import ATTRIBUTES, History, attribute_histories
from zhifa.powers.models import DiscretionBenchmark, Power
from zhifa.powers.selectors import Holding, holdings

from .models import Campaign, Device, InspectionPlan, JointAction

Interval = tuple[dt.date, dt.date | None]  # [start, end) ; end None = open


@dataclass(frozen=True, slots=True)
class UnitInfo:
    id: int
    region_id: str
    active_from: dt.date
    active_to: dt.date | None

    def active_on(self, day: dt.date) -> bool:
        return self.active_from <= day and (self.active_to is None or self.active_to >= day)


@dataclass(frozen=True, slots=True)
class PowerInfo:
    id: int
    region_id: str
    owner_id: int
    code: str
    name: str
    category: str
    effective_from: dt.date
    effective_to: dt.date | None
    requires_legal_review: bool
    requires_recording: bool
    hearing_threshold_person: Decimal | None
    hearing_threshold_org: Decimal | None
    single_officer_basis: str

    def in_force_on(self, day: dt.date) -> bool:
        # powers.selectors: effective_to is the first day the power no longer exists.
        return self.effective_from <= day and (self.effective_to is None or self.effective_to > day)


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    id: int
    unit_id: int
    approved_on: dt.date | None
    published_on: dt.date | None


@dataclass(frozen=True, slots=True)
class ReviewerTerm:
    start: dt.date
    end: dt.date | None
    first_time: bool
    has_legal_qualification: bool


@dataclass(frozen=True, slots=True)
class Tier:
    tier: str
    fine_min: Decimal
    fine_max: Decimal


def _cert_interval(issued_on, valid_until, status, suspended_on, revoked_on) -> Interval:
    """The days a certificate lets its holder act: [issued_on, first of (expiry+1, revoked, suspended)).

    A certificate without a recorded 有效期 (received without one) shows no day in force: acts of its holder
    break 第四十二条, as the registry's own queries (``valid_until__gte``) already read it."""
    if valid_until is None:
        return (issued_on, issued_on)
    end = valid_until + dt.timedelta(days=1)
    if revoked_on is not None:
        end = min(end, revoked_on)
    if status == CertificateStatus.SUSPENDED and suspended_on is not None:
        end = min(end, suspended_on)
    if status == CertificateStatus.EXPIRED:
        end = min(end, valid_until + dt.timedelta(days=1))
    return (issued_on, end)


def _in(intervals, day: dt.date) -> bool:
    for start, end in intervals:
        if start <= day and (end is None or day < end):
            return True
    return False


class Reference:
    def __init__(self, region_code: str):
        self.region_code = region_code
        self.preloaded = False
        self._units: dict[int, UnitInfo | None] = {}
        self._powers: dict[int, PowerInfo | None] = {}
        self._histories: dict[int, History] = {}
        self._powers_on: dict[tuple[int, dt.date], PowerInfo | None] = {}
        self._holdings: dict[tuple[int, int], list[Holding]] = {}
        self._holdings_loaded_for: set[int] = set()
        self._certs: dict[int, list[Interval]] = {}
        self._devices: dict[int, DeviceInfo | None] = {}
        self._reviewers: dict[int, list[ReviewerTerm]] = {}
        self._tiers: dict[int, list[Tier]] = {}
        self._campaigns: set[int] | None = None
        self._joint_actions: set[int] | None = None
        self._plans: set[int] | None = None
        self._cal: dict[tuple[str, dt.date, int], dt.date] = {}

    # ---- calendar arithmetic, memoised per Reference (a Reference lives for one call or one load) --
    def working_days(self, start: dt.date, n: int) -> dt.date:
        key = ("w", start, n)
        if key not in self._cal:
            self._cal[key] = calendar.add_working_days(start, n)
        return self._cal[key]

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]."""
        return calendar.count_working_days(start, end)

    def is_working_day(self, day: dt.date) -> bool:
        return calendar.is_working_day(day)

    def calendar_days(self, start: dt.date, n: int) -> dt.date:
        key = ("c", start, n)
        if key not in self._cal:
            self._cal[key] = calendar.add_calendar_days(start, n)
        return self._cal[key]

    # ---- bulk: everything at once ----------------------------------------------------------
    def preload(self) -> Reference:
        r = self.region_code
        for u in Unit.objects.filter(region_id=r).values_list("id", "region_id", "active_from", "active_to"):
            self._units[u[0]] = UnitInfo(*u)
        for p in Power.objects.filter(region_id=r).values_list(*_POWER_FIELDS):
            self._powers[p[0]] = PowerInfo(*p)
        self._add_holdings(holdings(region_code=r), power_ids=self._powers)
        self._histories.update(attribute_histories(region_code=r))
        for person_id in Person.objects.filter(region_id=r).values_list("id", flat=True):
            self._certs[person_id] = []
            self._reviewers[person_id] = []
        for row in Certificate.objects.filter(region_id=r).values_list(*_CERT_FIELDS):
            self._certs.setdefault(row[0], []).append(_cert_interval(*row[1:]))
        for row in LegalReviewerDesignation.objects.filter(region_id=r).values_list(*_REVIEWER_FIELDS):
            self._reviewers.setdefault(row[0], []).append(ReviewerTerm(*row[1:]))
        for d in Device.objects.filter(region_id=r).values_list("id", "unit_id", "approved_on", "published_on"):
            self._devices[d[0]] = DeviceInfo(*d)
        for power_id, tier, lo, hi in DiscretionBenchmark.objects.filter(region_id=r).values_list(
            "power_id", "tier", "fine_min", "fine_max"
        ):
            self._tiers.setdefault(power_id, []).append(Tier(tier, lo, hi))
        self._campaigns = set(Campaign.objects.filter(region_id=r).values_list("id", flat=True))
        self._joint_actions = set(JointAction.objects.filter(region_id=r).values_list("id", flat=True))
        self._plans = set(InspectionPlan.objects.filter(region_id=r).values_list("id", flat=True))
        self.preloaded = True
        return self

    # ---- lookups (lazy when not preloaded) -----------------------------------------------------
    def unit(self, unit_id: int | None) -> UnitInfo | None:
        if unit_id is None:
            return None
        if unit_id not in self._units and not self.preloaded:
            row = Unit.objects.filter(pk=unit_id, region_id=self.region_code).values_list(
                "id", "region_id", "active_from", "active_to"
            )
            self._units[unit_id] = UnitInfo(*row[0]) if row else None
        return self._units.get(unit_id)

    def power(self, power_id: int | None) -> PowerInfo | None:
        if power_id is None:
            return None
        if power_id not in self._powers and not self.preloaded:
            row = Power.objects.filter(pk=power_id, region_id=self.region_code).values_list(*_POWER_FIELDS)
            self._powers[power_id] = PowerInfo(*row[0]) if row else None
        return self._powers.get(power_id)

    def _add_holdings(self, found: list[Holding], power_ids) -> None:
        for h in found:
            self._holdings.setdefault((h.power_id, h.unit_id), []).append(h)
        self._holdings_loaded_for.update(power_ids)

    def power_on(self, power_id: int | None, day: dt.date) -> PowerInfo | None:
        """The power with the attributes (须法制审核, 须全程音像记录, 听证标准, 一人执法依据) in force on ``day``,
        from its PowerChange history (powers.attributes): an act is judged by the 权责清单 of its date."""
        if power_id is None:
            return None
        key = (power_id, day)
        if key in self._powers_on:
            return self._powers_on[key]
        p = self.power(power_id)
        if p is not None:
            history = self._histories.get(power_id)
            if history is None:
                history = attribute_histories([power_id]).get(power_id)
                if history is not None:
                    self._histories[power_id] = history
            if history is not None:
                attrs = history.on(day)
                p = replace(p, **{k: getattr(attrs, k) for k in ATTRIBUTES})
        self._powers_on[key] = p
        return p

    def unit_holds(self, unit_id: int, power_id: int, day: dt.date) -> bool:
        """Own, 授权 or 委托 holding that day, as ``powers.selectors.holdings`` defines it."""
        if self.power(power_id) is None:  # not a power of this region
            return False
        if power_id not in self._holdings_loaded_for:
            self._add_holdings(holdings(power_ids=[power_id]), power_ids=[power_id])
        return any(h.covers(day) for h in self._holdings.get((power_id, unit_id), ()))

    def certificate_active(self, person_id: int, day: dt.date) -> bool:
        if person_id not in self._certs:
            if self.preloaded:
                return False
            self._certs[person_id] = [
                _cert_interval(*row[1:])
                for row in Certificate.objects.filter(holder_id=person_id).values_list(*_CERT_FIELDS)
            ]
        return _in(self._certs[person_id], day)

    def reviewer_term(self, person_id: int, day: dt.date) -> ReviewerTerm | None:
        if person_id not in self._reviewers and not self.preloaded:
            self._reviewers[person_id] = [
                ReviewerTerm(*row[1:])
                for row in LegalReviewerDesignation.objects.filter(person_id=person_id).values_list(*_REVIEWER_FIELDS)
            ]
        for t in self._reviewers.get(person_id, ()):
            if t.start <= day and (t.end is None or day < t.end):
                return t
        return None

    def device(self, device_id: int | None) -> DeviceInfo | None:
        if device_id is None:
            return None
        if device_id not in self._devices and not self.preloaded:
            row = Device.objects.filter(pk=device_id, region_id=self.region_code).values_list(
                "id", "unit_id", "approved_on", "published_on"
            )
            self._devices[device_id] = DeviceInfo(*row[0]) if row else None
        return self._devices.get(device_id)

    def tiers(self, power_id: int) -> list[Tier]:
        if power_id not in self._tiers and not self.preloaded:
            self._tiers[power_id] = [
                Tier(t, lo, hi)
                for t, lo, hi in DiscretionBenchmark.objects.filter(power_id=power_id).values_list(
                    "tier", "fine_min", "fine_max"
                )
            ]
        return self._tiers.get(power_id, [])

    def campaign_exists(self, pk: int) -> bool:
        if self._campaigns is None:
            return Campaign.objects.filter(pk=pk, region_id=self.region_code).exists()
        return pk in self._campaigns

    def joint_action_exists(self, pk: int) -> bool:
        if self._joint_actions is None:
            return JointAction.objects.filter(pk=pk, region_id=self.region_code).exists()
        return pk in self._joint_actions

    def plan_exists(self, pk: int) -> bool:
        if self._plans is None:
            return InspectionPlan.objects.filter(pk=pk, region_id=self.region_code).exists()
        return pk in self._plans


_POWER_FIELDS = (
    "id",
    "region_id",
    "owner_id",
    "code",
    "name",
    "category",
    "effective_from",
    "effective_to",
    "requires_legal_review",
    "requires_recording",
    "hearing_threshold_person",
    "hearing_threshold_org",
    "single_officer_basis",
)
_CERT_FIELDS = ("holder_id", "issued_on", "valid_until", "status", "suspended_on", "revoked_on")
_REVIEWER_FIELDS = ("person_id", "designated_on", "ended_on", "first_time", "person__has_legal_qualification")

__all__ = ["Reference", "UnitInfo", "PowerInfo", "DeviceInfo", "ReviewerTerm", "Tier"]
