"""The records the 2025–2026 law added to the exchange: 异地执法协助 (enforcement.assistance). Written through its
service, so a 协助函 sent from a unit's system is checked as one entered in the workspace; read back from its table."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from zhifa.enforcement.assistance import assistance_record
from zhifa.enforcement.models import AssistanceRecord

from .writers_registry import Writer, order

UNIT_FIELD = "实施机构统一社会信用代码"


class AssistanceWriter(Writer):
    def check(self, v):
        order(v, "发函日期", "协助期限至", "协助期限不能早于发函日期")

    def owner(self, ctx, v):
        return ctx.unit(v[UNIT_FIELD], UNIT_FIELD)

    def locate(self, ctx, v):
        unit = ctx.unit(v[UNIT_FIELD], UNIT_FIELD)
        return AssistanceRecord.objects.filter(unit=unit, letter_no=v["协助函文号"]).first()

    def write(self, ctx, v, obj, unit):
        ctx.party(region_id=unit.region_id, name=v["当事人名称"], nature="法人或其他组织", id_number=v["当事人统一社会信用代码"])
        rec = assistance_record(
            actor=ctx.service_actor,
            unit=unit,
            party_uscc=v["当事人统一社会信用代码"],
            assisting_authority=v["协助机关"],
            assisting_region_code=v["协助机关行政区划代码"],
            letter_no=v["协助函文号"],
            matter=v["协助事项"],
            requested_on=v["发函日期"],
            covers_until=v["协助期限至"],
            reply=v["协助机关复函"] or "",
            amend=obj,
        )
        return rec, []


def assistance_out(qs: QuerySet) -> Iterator[dict]:
    for r in qs.select_related("unit", "party").order_by("pk").iterator(chunk_size=2000):
        yield {
            "实施机构统一社会信用代码": r.unit.uscc,
            "协助函文号": r.letter_no,
            "当事人名称": r.party.name,
            "当事人统一社会信用代码": r.party.uscc,
            "协助机关": r.assisting_authority,
            "协助机关行政区划代码": r.assisting_region_code,
            "协助事项": r.matter,
            "发函日期": f"{r.requested_on:%Y-%m-%d}",
            "协助期限至": f"{r.covers_until:%Y-%m-%d}",
            "协助机关复函": r.reply,
        }
