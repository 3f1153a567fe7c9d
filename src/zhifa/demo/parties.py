"""Parties (当事人) and campaigns (services), joint actions, devices and inspection plans (exchange records)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import numpy as np

from zhifa.core.errors import InvalidInput
from zhifa.enforcement import services as enf
from zhifa.enforcement.choices import CampaignKind

from .base import (
    _COMPANY_WORDS,
    _TRADE_WORDS,
    AREAS_LOCAL,
    AREAS_WIDE,
    Link,
    PartyRec,
)
from .catalogue import PARTY_LABELS


class PartiesMixin:
    # ------------------------------------------------------------------ parties
    def make_parties(self):
        """The pools of 当事人 the acts name. A party is registered by the exchange path the first time a record
        names it (相对人证件号码, name, 检查对象类别); here it is only drawn: its handle is its place in the pool
        (from 1, in the order of drawing). The numbers are valid by construction (``make_id_number``, ``make_uscc``)
        and checked where every record is, on the exchange path."""
        r, a, d, s = self.rng, self.sc.acts, self.sc.drugs, self.sc.safety
        ro, w = self.sc.roads, self.sc.waste
        rows: list[PartyRec] = []
        index: dict[str, list[int]] = defaultdict(list)

        def people(n, ptype, areas):
            births = self.births(n, 19, 70)
            ids = self.id_numbers(births, [areas[i] for i in r.integers(0, len(areas), n)])
            for name, idn, _b in zip(self.names(n), ids, births, strict=True):
                index[ptype].append(len(rows) + 1)
                rows.append(PartyRec(name, "自然人", idn, PARTY_LABELS[ptype]))

        taken: set[str] = set()

        def company(word: int, suffix: str) -> str:
            """天津 + 字号 + industry, unique in the district: Faker's prefix alone, else with a second word."""
            prefix = _COMPANY_WORDS[word]
            for k in range(len(_TRADE_WORDS) + 1):
                trade = "" if k == 0 else _TRADE_WORDS[(word + k) % len(_TRADE_WORDS)]
                for city in ("天津", "天津市"):
                    name = f"{city}{prefix}{trade}{suffix}"
                    if name not in taken:
                        taken.add(name)
                        return name
            raise InvalidInput(f"演示数据的{suffix}名称不足以区分{len(taken)}家单位", code="demo.party_names")

        def orgs(n, ptype, suffixes, key_supply=0):
            words = r.integers(0, len(_COMPANY_WORDS), n)
            sfx = r.integers(0, len(suffixes), n)
            for i in range(n):
                if ptype == "retail_pharmacy":  # a chain's numbered branches
                    name = f"天津{_COMPANY_WORDS[words[i]]}大药房{self.sc.region['name']}第{i + 1}分店"
                else:
                    name = company(int(words[i]), suffixes[sfx[i]])
                index[ptype].append(len(rows) + 1)
                rows.append(
                    PartyRec(name, "法人或其他组织", self.uscc("91" + self.code), PARTY_LABELS[ptype], i < key_supply)
                )

        people(a["drivers"], "driver", AREAS_WIDE)
        people(a["individuals"], "individual", AREAS_LOCAL)
        orgs(
            a["businesses"],
            "business",
            ["商贸有限公司", "餐饮管理有限公司", "科技有限公司", "制造有限公司", "物业服务有限公司", "超市"],
        )
        if d:
            orgs(d["pharmacies"], "retail_pharmacy", [""], key_supply=d["key_supply_pharmacies"])
            orgs(d["online_sellers"], "online_seller", ["医药电子商务有限公司", "健康科技有限公司"])
            orgs(d["medical_institutions"], "medical", ["诊所", "医院", "社区卫生服务站"])
            orgs(d["vaccination_units"], "vaccination", ["社区卫生服务中心预防接种门诊"])
        if s:
            orgs(s["hazchem_enterprises"], "hazchem_major", ["化工有限公司", "石化储运有限公司"])
            orgs(s["gas_users"], "gas_user", ["餐饮店", "酒店管理有限公司", "燃气销售有限公司"])
        if ro:
            orgs(ro["source_pool"], "source_enterprise", ["建材有限公司", "混凝土有限公司", "砂石料场", "物流园"])
            orgs(ro["transport_companies"], "transport", ["运输有限公司", "物流有限公司"])
        if w:
            orgs(w["construction_sites"], "construction_site", ["建设工程项目部", "建筑工程有限公司项目部"])
            orgs(w["disposal_sites"], "disposal_site", ["建筑垃圾消纳场"])
        self.party_recs = rows
        for ptype, idx in index.items():
            self.parties[ptype] = np.array(idx)

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
                self.joint_action(
                    lead,
                    [fire],
                    f"危险化学品重大危险源企业消地联合检查（第{k + 1}轮）",
                    dt.date(y, 5 + 5 * k, 16 + k),
                    self.campaigns.get(s["governance"][0]),
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
                self.joint_action(
                    road.unit, [police.unit], f"治超联合执法行动（第{k + 1}次）", self.day(day), self.campaigns["roads"]
                )
                for k, day in enumerate(days)
            ]
            self.devices = []
            for k in range(6):
                approved = k < 5
                dev = Link(
                    f"{road.spec.short}治超非现场检测点{k + 1}号",
                    dt.date(y, 6, 2) if approved else None,
                    dt.date(y, 6, 20) if approved else None,
                )
                self.send_later(
                    "电子监控设备",
                    {
                        "设备编号": dev.pk,
                        "实施机构统一社会信用代码": road.unit.uscc,
                        "设置地点": f"{self.sc.region['name']}津汉公路K{12 + k * 3}+{k * 150}处",
                        "审核日期": dev.approved_on,
                        "公布日期": dev.published_on,
                    },
                )
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
        # 双随机 plans: one per unit that inspects (their 任务数 are sent with the inspections)
        self.plans = {}
        for rec in self.units.values():
            if rec.powers.get("inspection") and rec.spec.inspections:
                self.plans[rec.spec.short] = Link(f"{rec.spec.short}{y}年度双随机抽查计划")
        self.flush("联合行动", "电子监控设备")

    def joint_action(self, lead, units, title: str, held_on: dt.date, campaign) -> Link:
        """A 联合行动 record (sent with the others of this step); its 编号 is what inspections name."""
        ja = Link(f"LH{held_on:%Y%m%d}-{lead.uscc[-6:]}-{len(self.pending.get('联合行动', [])) + 1:03d}", held_on)
        self.send_later(
            "联合行动",
            {
                "联合行动编号": ja.pk,
                "名称": title,
                "日期": held_on,
                "参与单位统一社会信用代码": [lead.uscc, *(u.uscc for u in units if u.pk != lead.pk)],
                "专项行动名称": campaign.name if campaign is not None else "",
            },
        )
        return ja
