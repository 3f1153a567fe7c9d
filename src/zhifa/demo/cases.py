"""Penalty cases (行政处罚), overloads (超限超载) and other acts (其他执法行为), sent as exchange records."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import numpy as np

from zhifa.core import calendar
from zhifa.org.choices import UnitKind

from .base import (
    GB1589_LIMITS,
    PLATE_PREFIX,
    TZ,
    UnitRec,
    _allocate,
)
from .catalogue import VIOLATION_OVERLOAD, VIOLATION_PRESCRIPTION

# The exchange format's codes (exchange.md 行政处罚, 其他执法行为) the generator draws from.
SIMPLE, ORDINARY = "简易程序", "普通程序"
PENALTY, NO_PENALTY = "给予处罚", "不予处罚"
FINE, WARNING = "罚款", "警告"
PATROL, ONSITE_CORRECTION, EDUCATION = "巡查", "现场规范", "教育改正"
_DELTA = [dt.timedelta(days=k) for k in range(100)]  # the spans and delays of one case, in days
# A case row holds scalars and tuples only: the collector does not track such dicts, and the rows of a year are many.
_FINE_ONLY, _WARNING_ONLY = (FINE,), (WARNING,)


class CasesMixin:
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
        year=None,
        is_org=None,
        outcome=PENALTY,
    ) -> list[dict]:
        """``n`` cases decided on ``days`` (sampled when not given), simple or ordinary by ``procedure_p``.

        The arrays are drawn first, then each case's scalars in the order of its steps (``self.draws``: the same
        generator's numbers, one at a time). A row holds scalars and tuples only (see ``_FINE_ONLY``)."""
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
        spans = np.where(ordinary, r.integers(12, 80, n), 0)
        a, b = self.pick_officers(u, days, first_days=days - spans)
        times = self.datetimes(days, secs)
        integers, random = self.draws.integers, self.draws.random
        day, delta, combine = self.day, _DELTA, dt.datetime.combine
        add_working_days = self._add_working_days
        uid, short, single_officer = u.unit.pk, u.spec.short, u.single_officer
        violations, review_required = u.violations, u.review_required
        campaign_name = campaign.name if campaign else ""
        penalty = outcome == PENALTY
        org_parties = is_org.tolist() if is_org is not None else [kind == "org"] * n
        amounts = {0: Decimal(0)}  # fine -> its Decimal (immutable: shared by the rows)
        rows = []
        for pid, party, day_i, disc, ordi, span, oa, ob, org_party in zip(
            pw_pick.tolist(),
            party_pick.tolist(),
            days.tolist(),
            times,
            ordinary.tolist(),
            spans.tolist(),
            a.tolist(),
            b.tolist(),
            org_parties,
            strict=True,
        ):
            decided = day(day_i)
            if violation:
                viol = violation
            else:
                options = violations[pid]
                viol = options[integers(0, len(options))]
            if penalty:
                if ordi:
                    lo_f, hi_f = fine_range or ((3000, 30000) if org_party else (300, 3000))
                else:
                    lo_f, hi_f = (200, 3000) if org_party else (20, 200)  # 第五十一条 on-the-spot limits
                fine = integers(lo_f // 10, hi_f // 10 + 1) * 10
                warning_only = not ordi and random() < 0.04
                kinds = _WARNING_ONLY if warning_only else _FINE_ONLY
                fine_amount = amounts.get(0 if warning_only else fine)
                if fine_amount is None:
                    fine_amount = amounts[fine] = Decimal(fine)
            else:
                kinds, fine_amount = (), amounts[0]
            officer_b = None if (not ordi and pid in single_officer) else ob
            if not ordi:  # 简易程序: decided, delivered and (the fine) paid on the spot
                case_no = self.next_case_no(u, True, decided.year)
                paid = decided + delta[integers(0, 12)]
                row = {
                    "unit_id": uid,
                    "power_id": pid,
                    "party_id": party,
                    "violation": viol,
                    "officer_a_id": oa,
                    "officer_b_id": officer_b,
                    "outcome": outcome,
                    "campaign": campaign_name,
                    "penalty_kinds": kinds,
                    "fine_amount": fine_amount,
                    "procedure": SIMPLE,
                    "case_no": case_no,
                    "act_date": decided,
                    "discovered_at": disc,
                    "decided_on": decided,
                    "decision_no": f"{short}当场罚〔{decided.year}〕{u.case_seq:06d}号",
                    "delivered_on": decided,
                    "paid_amount": fine_amount,
                    "party_absent": False,
                    "paid_on": paid if fine_amount else None,
                    "closed_on": paid + delta[integers(0, 4)],
                }
                if not penalty:
                    row["first_offence"] = row["harm_minor"] = row["corrected"] = True
                rows.append(row)
                continue
            row = {
                "unit_id": uid,
                "power_id": pid,
                "party_id": party,
                "violation": viol,
                "officer_a_id": oa,
                "officer_b_id": officer_b,
                "outcome": outcome,
                "campaign": campaign_name,
                "penalty_kinds": kinds,
                "fine_amount": fine_amount,
            }
            if not penalty:
                row["first_offence"] = row["harm_minor"] = row["corrected"] = True
            # 普通程序: filed, notified, (reviewed,) decided, delivered, paid, closed and disclosed
            filed = decided - delta[span]
            act = filed - delta[integers(0, 6)]
            row["procedure"] = ORDINARY
            row["case_no"] = self.next_case_no(u, False, filed.year)
            row["act_date"] = act
            row["discovered_at"] = combine(act, disc.timetz()) if disc.date() != act else disc
            row["filed_on"] = filed
            row["notified_on"] = decided - delta[integers(8, 11)]
            row["decided_on"] = decided
            if penalty:
                row["decision_no"] = f"{short}罚决字〔{decided.year}〕{u.case_seq:06d}号"
                if pid in review_required:
                    rv = u.reviewers
                    if not rv:
                        raise RuntimeError(f"{short}的职权须法制审核，但场景没有为其配置法制审核人员")
                    row["reviewer_id"] = rv[integers(0, len(rv))]
                    row["reviewed_on"] = decided - delta[integers(1, 4)]
                    row["review_opinion"] = "事实清楚，证据确凿，适用依据正确，程序合法，同意"
                absent = random() < 0.15
                delivered = add_working_days(decided, integers(1, 6)) if absent else decided
                paid = delivered + delta[integers(1, 14)]
                row["party_absent"] = absent
                row["delivered_on"] = delivered
                row["paid_on"] = paid if fine_amount else None
                row["paid_amount"] = fine_amount
                row["closed_on"] = paid + delta[integers(1, 10)]
                row["disclosed_on"] = add_working_days(decided, integers(1, 7))
            rows.append(row)
        return rows

    def _add_working_days(self, start: dt.date, n: int) -> dt.date:
        """``calendar.add_working_days``, remembered for the run (the calendar does not change while it lasts)."""
        memo = self.__dict__.setdefault("_working_days", {})
        key = (start, n)
        day = memo.get(key)
        if day is None:
            day = memo[key] = calendar.add_working_days(start, n)
        return day

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
            row.update({"device": dev.pk, "party_absent": True, "closed_on": closed})
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
                        "procedure": ORDINARY,
                        "case_no": self.next_case_no(u, False, self.year),
                        "violation": VIOLATION_OVERLOAD,
                        "act_date": filed - dt.timedelta(days=2),
                        "discovered_at": dt.datetime.combine(filed - dt.timedelta(days=2), dt.time(14, 20), tzinfo=TZ),
                        "filed_on": filed,
                        "officer_a_id": int(u.officers[u.weight > 0][0]),
                        "officer_b_id": int(u.officers[u.weight > 0][1]),
                        "device": dev.pk,
                        "campaign": self.campaigns["roads"].name,
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
            1 for x in rows if x.get("decided_on") and x["decided_on"].year == self.year and x.get("outcome") == PENALTY
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
                outcome=NO_PENALTY,
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
                    "procedure": ORDINARY,
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
        self.spread_repeat_fines(rows)
        self.progress(f"行政处罚：校验并写入{len(rows)}件", -1)
        self.send("行政处罚", self.case_records(rows))
        self.case_rows = rows

    def spread_repeat_fines(self, rows: list[dict]) -> None:
        """The uniform draw from the business pool fines a few businesses three times under one unit's 职权 within
        a year, with no 责令改正 recorded between: 以罚代管 (supervision's fine_without_correction), which the demo
        does not model. Each such fine past the second in 365 days goes to the next business of the pool that the
        unit has not fined under that 职权 (no random draw: the rest of the year is unchanged)."""
        pool = [int(p) for p in self.parties["business"]]
        pos = {p: i for i, p in enumerate(pool)}
        fined: dict[tuple, list] = defaultdict(list)
        for i, row in enumerate(rows):
            if row["party_id"] in pos and row.get("decided_on") is not None and row.get("fine_amount"):
                fined[(row["unit_id"], row["power_id"], row["party_id"])].append((row["decided_on"], i))
        used: dict[tuple, set] = defaultdict(set)
        for unit, power, party in fined:
            used[(unit, power)].add(party)
        for (unit, power, party), hits in sorted(fined.items()):
            kept: list[dt.date] = []
            for day, i in sorted(hits):
                if sum(1 for d in kept if (day - d).days < 365) < 2:
                    kept.append(day)
                    continue
                k = pos[party]
                while pool[k % len(pool)] in used[(unit, power)]:
                    k += 1
                rows[i]["party_id"] = pool[k % len(pool)]
                used[(unit, power)].add(rows[i]["party_id"])

    def case_records(self, rows: list[dict]) -> list[dict]:
        """The 行政处罚 records in the exchange format: each case with the dates of every step it reached (a step
        not reached is left out of the record, in the fields' order)."""
        by_id, power_code, party_fields = self.by_id, self.power_code, self.party_fields
        certificate_of, id_number_of = self.certificate_of, self.id_number_of
        named: dict[int, dict] = {}  # party handle -> its 当事人 fields (a driver is named by many cases)
        out = []
        for row in rows:
            get = row.get
            reviewer = get("reviewer_id")
            decided_on = get("decided_on")
            party = named.get(row["party_id"])
            if party is None:
                party = named[row["party_id"]] = party_fields(row["party_id"], "当事人名称")
            record = {
                "实施机构统一社会信用代码": by_id[row["unit_id"]].unit.uscc,
                "案件编号": row["case_no"],
                "事项编码": power_code[row["power_id"]],
                "程序": row["procedure"],
                **party,
                "违法行为类型": row["violation"],
                "专项行动名称": get("campaign", ""),
                "违法行为发生日期": row["act_date"],
                "发现时间": row["discovered_at"],
            }
            if (v := get("filed_on")) is not None:
                record["立案日期"] = v
            if (v := get("notified_on")) is not None:
                record["告知日期"] = v
            if (v := get("reviewed_on")) is not None:
                record["法制审核日期"] = v
            record["法制审核人身份证号码"] = id_number_of[reviewer] if reviewer else ""
            record["审核结论"] = "同意" if reviewer else ""
            record["审核意见"] = get("review_opinion", "")
            record["重大执法决定"] = False  # no 情节复杂或者重大违法行为 among the generated cases (第五十七条)
            if decided_on is not None:
                record["决定日期"] = decided_on
            record["处罚决定书文号"] = get("decision_no", "")
            record["处理结果"] = row["outcome"] if decided_on is not None else ""
            record["处罚种类"] = list(get("penalty_kinds", ()))
            if (v := get("fine_amount")) is not None:
                record["罚款金额"] = v
            if get("outcome") == NO_PENALTY:
                record["首次违法"] = record["危害后果轻微"] = record["及时改正"] = True
            if (v := get("delivered_on")) is not None:
                record["送达日期"] = v
            record["当事人不在场"] = get("party_absent", False)
            if (v := get("paid_on")) is not None:
                record["缴款日期"] = v
            if (v := get("paid_amount")) is not None:
                record["实缴金额"] = v
            if (v := get("closed_on")) is not None:
                record["结案日期"] = v
            officer_b = row["officer_b_id"]
            record["执法证号"] = (
                [certificate_of[row["officer_a_id"]]]
                if officer_b is None
                else [certificate_of[row["officer_a_id"]], certificate_of[officer_b]]
            )
            if (v := get("disclosed_on")) is not None:
                record["公示日期"] = v
            record["电子监控设备编号"] = get("device", "")
            out.append(record)
        return out

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
            if crow.get("device") is None and r.random() < 0.4:
                # stopped during a 联合行动 (the 超限超载 record does not name it)
                self.road_actions[int(r.integers(0, len(self.road_actions)))]
            source = int(src[int(r.integers(0, len(src)))]) if r.random() < 0.7 else None
            rows.append(
                {
                    "检测编号": f"CX{self.code}{self.year}{j + 1:06d}",
                    "实施机构统一社会信用代码": u.unit.uscc,
                    "车牌号": plate,
                    "轴数": int(axles[j]),
                    "车货总重": Decimal(int(gross[j])) / 100,
                    "限值": Decimal(int(limits[j])) / 100,
                    "卸载吨数": Decimal(int(excess[j])) / 100,
                    "检测时间": at,
                    "源头企业统一社会信用代码": self.party_recs[source - 1].number if source is not None else "",
                    "关联案件编号": crow["case_no"],
                    "电子监控设备编号": crow.get("device", ""),
                }
            )
        self.send("超限超载", rows)

    # ------------------------------------------------------------------ other acts
    def make_other_acts(self):
        r, n_total = self.rng, self.sc.acts.get("other_acts", 0)
        specs = [
            u for u in self.units.values() if u.spec.other and u.officers is not None and u.powers.get("inspection")
        ]
        per = _allocate([u.spec.other for u in specs], n_total)
        rows = []
        notes = {
            PATROL: "巡查未发现问题",
            ONSITE_CORRECTION: "现场责令改正，当事人当场改正",
            EDUCATION: "首次轻微违法，批评教育并责令改正",
        }
        integers, business = self.draws.integers, self.parties["business"].tolist()
        power_code, party_fields, certificate_of = self.power_code, self.party_fields, self.certificate_of
        for u, n in zip(specs, per, strict=True):
            n = int(n)
            if not n:
                continue
            profile = "traffic" if u.single_officer else "office"
            days = self.sample_days(n, profile)
            secs = self.sample_seconds(n, profile)
            a, b = self.pick_officers(u, days)
            times = self.datetimes(days, secs)
            kinds = r.choice([PATROL, ONSITE_CORRECTION, EDUCATION], size=n, p=[0.7, 0.2, 0.1]).tolist()
            pool = u.powers["inspection"]
            uscc = u.unit.uscc
            for k, at, oa, ob in zip(kinds, times, a.tolist(), b.tolist(), strict=True):
                power = int(pool[integers(0, len(pool))])
                party = None if k == PATROL else business[integers(0, len(business))]
                rows.append(
                    {
                        "行为编号": f"XW{self.code}{self.year}{len(rows) + 1:07d}",
                        "类型": k,
                        "实施机构统一社会信用代码": uscc,
                        "事项编码": power_code[power],
                        **(party_fields(party, "对象名称", nature=False) if party is not None else {}),
                        "时间": at,
                        "执法证号": [certificate_of[oa], certificate_of[ob]],
                        "内容": notes[k],
                    }
                )
        self.send("其他执法行为", rows)
