from __future__ import annotations

from zhifa.core.importing import Column, Importer, choice_parser, parse_bool, parse_date
from zhifa.org.importers import _unit_by_uscc

from . import services
from .choices import PowerCategory
from .models import Power


class PowerImporter(Importer):
    kind = "powers"
    columns = [
        Column("职权编码", "code"),
        Column("职权名称", "name"),
        Column("职权类别", "category", parse=choice_parser(PowerCategory)),
        Column("实施主体统一社会信用代码", "owner", parse=_unit_by_uscc),
        Column("法律依据", "legal_basis"),
        Column("生效日期", "effective_on", parse=parse_date),
        Column("文件文号", "document_no"),
        Column("领域", "domain", required=False),
        Column("须法制审核", "requires_legal_review", required=False, parse=parse_bool),
        Column("须全程音像记录", "requires_recording", required=False, parse=parse_bool),
    ]

    def key(self, p):
        return p["code"]

    def existing(self, p):
        return Power.objects.filter(region_id=p["owner"].region_id, code=p["code"]).first()

    def same(self, o, p):
        return (o.name, o.category, o.owner_id, o.legal_basis) == (
            p["name"],
            p["category"],
            p["owner"].pk,
            p["legal_basis"],
        )

    def create(self, p, actor):
        return services.power_add(
            actor=actor,
            owner=p["owner"],
            code=p["code"],
            document_no=p["document_no"],
            effective_on=p["effective_on"],
            name=p["name"],
            category=p["category"],
            legal_basis=p["legal_basis"],
            domain=p["domain"] or "",
            requires_legal_review=bool(p["requires_legal_review"]),
            requires_recording=bool(p["requires_recording"]),
        )
