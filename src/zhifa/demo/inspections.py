"""Inspections (行政检查), 双随机 plans (检查计划 with their 任务数) and hazards (隐患), sent as exchange records."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import numpy as np

from zhifa.org.choices import UnitKind

from .base import (
    FAR,
    TZ,
    UnitRec,
    _allocate,
)

# The generator's own names for the kinds of inspection it draws, and how each is sent (检查类别, 检查方式).
ROUTINE, RANDOM, SPECIAL, JOINT, NIGHT = "日常", "双随机", "专项", "联合", "夜查"
METHODS = {RANDOM: ["双随机"], JOINT: ["联合"], NIGHT: ["夜查"]}
ON_SITE, VIDEO = "现场", "视频"
GAS, HAZCHEM, FIRE, CONSTRUCTION = "燃气", "危化品", "消防", "建筑施工"


class InspectionsMixin:
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
        kinds = kind.tolist() if isinstance(kind, np.ndarray) else [kind or ROUTINE] * n
        uid, mode = u.unit.pk, mode or ON_SITE
        campaign_name = campaign.name if campaign else ""
        joint_id = joint.pk if joint else None
        plan_id = plan.pk if plan is not None else None
        every_kind = not isinstance(kind, np.ndarray)  # one kind given: the plan (if any) on every row
        return [
            {
                "unit_id": uid,
                "power_id": pid,
                "party_id": party,
                "started_at": at,
                "mode": mode,
                "kind": k,
                "officer_a_id": oa,
                "officer_b_id": ob,
                "campaign": campaign_name,
                "joint_action_id": joint_id,
                "plan_id": plan_id if every_kind or k == RANDOM else None,
                "findings": findings,
            }
            for pid, party, at, k, oa, ob in zip(
                pw_pick.tolist(), party_pick.tolist(), times, kinds, a.tolist(), b.tolist(), strict=True
            )
        ]

    def inspection_records(self, rows: list[dict]) -> list[dict]:
        """The 行政检查 records in the exchange format (exchange.md): natural keys only."""
        by_id, power_code, party_fields = self.by_id, self.power_code, self.party_fields
        certificate_of, inspection_no, g54 = self.certificate_of, self.inspection_no, self.g54
        out = []
        for k, row in enumerate(rows):
            u = by_id[row["unit_id"]]
            kind = row["kind"]
            record = {
                "检查行为编号": inspection_no(k),
                "实施机构统一社会信用代码": u.unit.uscc,
                "事项编码": power_code[row["power_id"]],
                **party_fields(row["party_id"], "检查对象名称", category="检查对象类别"),
                "检查时间": row["started_at"],
                "检查形式": row["mode"],
                "检查类别": "专项检查" if kind == SPECIAL else "日常检查",
                "检查方式": METHODS.get(kind, []),
                "执法证号": [certificate_of[row["officer_a_id"]], certificate_of[row["officer_b_id"]]],
                "发现问题": row["findings"],
                "计划编号": row["plan_id"] or "",
                "专项行动名称": row["campaign"],
                "联合行动编号": row["joint_action_id"] or "",
            }
            if g54 is not None:
                record.update(g54.inspection(u, row, record))
            out.append(record)
        return out

    def inspection_no(self, k: int) -> str:
        return f"JC{self.code}{self.year}{k + 1:07d}"

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
                        "mode": VIDEO if r.random() < 0.2 else ON_SITE,
                        "kind": SPECIAL,
                        "officer_a_id": int(oa),
                        "officer_b_id": int(ob),
                        "campaign": self.campaigns["drugs"].name,
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
                    kind=JOINT,
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
                kind=SPECIAL,
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
                            kind=JOINT,
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
                            kind=SPECIAL,
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
                    kind=NIGHT,
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
            kinds = r.choice([ROUTINE, RANDOM, SPECIAL], size=int(n), p=[0.7, 0.2, 0.1])
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
                    kind=SPECIAL,
                    findings="燃气经营、使用安全检查",
                )
                self._gas_prior_end = len(rows)
        self.insp_rows = rows
        self.send_plans()
        self.progress(f"行政检查：校验并写入{len(rows)}条", -1)
        self.send("行政检查", self.inspection_records(rows))

    def send_plans(self):
        """The year's 双随机 plans as 检查计划 records: one task per random inspection (done when the inspection
        names the plan), and some left undone (3%); the tasks' due days are drawn as the plans' own schedule."""
        r = self.rng
        planned: dict[str, int] = defaultdict(int)
        tasks = []
        for row in self.insp_rows:
            if row.get("plan_id"):
                r.integers(0, 30)  # the task's due day within the month after the inspection
                tasks.append(row["plan_id"])
        undone = int(len(tasks) * 0.03)
        for _ in range(undone):
            tasks.append(tasks[int(r.integers(0, len(tasks)))])
        for plan in tasks:
            planned[plan] += 1
        short = {link.pk: name for name, link in self.plans.items()}
        self.send(
            "检查计划",
            [
                {
                    "计划编号": plan,
                    "实施机构统一社会信用代码": self.units[short[plan]].unit.uscc,
                    "年度": self.year,
                    "计划类型": "双随机",
                    "任务数": planned[plan],
                }
                for plan in (link.pk for link in self.plans.values())
            ],
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
                    "inspection": int(i),
                    "category": GAS,
                    "severity": "重大" if r.random() < 0.04 else "一般",
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
                    "inspection": int(i),
                    "category": GAS,
                    "severity": "一般",
                    "description": descriptions[0],
                    "found_on": found,
                    "deadline": self.y0 + dt.timedelta(days=20),
                    "rectified_on": self.y0 + dt.timedelta(days=int(r.integers(2, 40))),
                }
            )
        # other safety hazards from the safety units' routine inspections
        safety_units = {
            self.units[s["lead"]].unit.pk: HAZCHEM,
            self.units[s["fire_unit"]].unit.pk: FIRE,
        }
        build = next((u for u in self.units.values() if "住房建设" in u.spec.domains), None)
        if build:
            safety_units[build.unit.pk] = CONSTRUCTION
        cand = [
            i
            for i, row in enumerate(self.insp_rows)
            if row["unit_id"] in safety_units and row["kind"] != JOINT and row["started_at"].year == self.year
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
                    "inspection": int(i),
                    "category": safety_units[row["unit_id"]],
                    "severity": "一般",
                    "description": "安全隐患",
                    "found_on": found,
                    "deadline": found + dt.timedelta(days=30),
                    "rectified_on": rect if rect is None or left >= 0 else None,
                }
            )
        self.send(
            "隐患",
            [
                {
                    "隐患编号": f"YH{self.code}{self.year}{k + 1:06d}",
                    "实施机构统一社会信用代码": self.by_id[h["unit_id"]].unit.uscc,
                    "检查行为编号": self.inspection_no(h["inspection"]),
                    "隐患类别": h["category"],
                    "等级": h["severity"],
                    "发现日期": h["found_on"],
                    "整改期限": h["deadline"],
                    "整改完成日期": h["rectified_on"],
                }
                for k, h in enumerate(rows)
            ],
        )
