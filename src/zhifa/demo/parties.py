"""Parties (当事人) and campaigns, joint actions, devices and inspection plans."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import numpy as np

from zhifa.core.audit import audit
from zhifa.core.validators import validate_uscc
from zhifa.enforcement import services as enf
from zhifa.enforcement.bulk import BulkLoader
from zhifa.enforcement.choices import (
    CampaignKind,
    InspectionKind,
    PartyKind,
    PartyType,
)
from zhifa.enforcement.models import InspectionPlan, Party

from .base import (
    _COMPANY_WORDS,
    AREAS_LOCAL,
    AREAS_WIDE,
)


class PartiesMixin:
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
