"""免罚清单: a region's 不予处罚/减轻处罚 list loaded from XLSX/CSV, matched to cases, and the officer's record at
decision time of whether the case met a listed item's conditions.

Columns (the header row names them; order free): 清单类型* (不予处罚/减轻处罚), 违法行为*, 适用条件*, and optionally
序号, 执法领域, 事项编码, 违法依据, 处罚依据. Any other column (a local list has more: Tianjin's 2025 list has 16 fields)
is kept in ``extra`` by its header. Loading the same source document again replaces its items (idempotent).
"""

from __future__ import annotations

import csv
import io

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zhifa.core.audit import audit, snapshot
from zhifa.core.errors import InvalidInput
from zhifa.core.policy import authorize

from .models_law import ExemptionAssessment, ExemptionItem, ExemptionListKind

COLUMNS = {
    "清单类型": "kind",
    "序号": "seq",
    "执法领域": "domain",
    "事项编码": "power_code",
    "违法行为": "violation",
    "违法依据": "violation_basis",
    "处罚依据": "penalty_basis",
    "适用条件": "conditions",
}
REQUIRED = ("清单类型", "违法行为", "适用条件")
KINDS = {str(label): value for value, label in ExemptionListKind.choices}


def _rows(data: bytes, filename: str) -> list[dict]:
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        ws = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        rows = [["" if c is None else str(c).strip() for c in r] for r in ws.iter_rows(values_only=True)]
    elif filename.lower().endswith(".csv"):
        rows = [[c.strip() for c in r] for r in csv.reader(io.StringIO(data.decode("utf-8-sig")))]
    else:
        raise InvalidInput("免罚清单应为 .xlsx 或 .csv 文件", field="file", code="exemption.format")
    rows = [r for r in rows if any(r)]
    if not rows:
        raise InvalidInput("文件为空", field="file", code="exemption.empty")
    header = rows[0]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InvalidInput(f"缺少必填列：{'、'.join(missing)}", field="file", code="exemption.columns")
    return [dict(zip(header, r + [""] * (len(header) - len(r)), strict=False)) for r in rows[1:]]


@transaction.atomic
def exemption_list_load(*, actor, region_code: str, data: bytes, filename: str, source_document: str) -> int:
    """Load a 免罚清单; every row is checked before anything is written (one list, one transaction)."""
    authorize(actor, "exemption_list.load", region=region_code)
    source_document = (source_document or "").strip()
    if len(source_document) < 4:
        raise InvalidInput("请填写清单的依据文件（名称及文号）", field="source_document", code="exemption.source")
    items, errors = [], []
    for n, row in enumerate(_rows(data, filename), start=2):
        for col in REQUIRED:
            if not row.get(col):
                errors.append(f"第{n}行“{col}”为空")
        kind = KINDS.get(row.get("清单类型", ""))
        if row.get("清单类型") and kind is None:
            errors.append(f"第{n}行“清单类型”为“{row['清单类型']}”，应为不予处罚或减轻处罚")
        fields = {attr: row.get(col, "") for col, attr in COLUMNS.items()}
        fields["kind"] = kind
        extra = {k: v for k, v in row.items() if k not in COLUMNS and k}
        items.append(ExemptionItem(region_id=region_code, source_document=source_document, extra=extra, **fields))
    if errors:
        raise InvalidInput("；".join(errors[:20]) + ("……" if len(errors) > 20 else ""), field="file", code="exemption.rows")
    before = ExemptionItem.objects.filter(region_id=region_code, source_document=source_document).count()
    ExemptionItem.objects.filter(region_id=region_code, source_document=source_document).exclude(
        pk__in=ExemptionAssessment.objects.values("item_id")
    ).delete()
    ExemptionItem.objects.bulk_create(items)
    audit(
        actor=actor, action="exemption_list.load", object_type="supervision.exemptionitem", object_id=source_document[:60],
        region_code=region_code, before={"items": before}, after={"items": len(items), "file": filename},
    )
    return len(items)


def items_for(case) -> list[ExemptionItem]:
    """The listed items a case's violation matches: by the 职权 code, else by the exact 违法行为 text."""
    q = Q(violation=case.violation.strip())
    if case.power_id and case.power.code:
        q |= Q(power_code=case.power.code)
    return list(ExemptionItem.objects.filter(q, region_id=case.region_id).order_by("kind", "id"))


@transaction.atomic
def exemption_assess(*, actor, case, item: ExemptionItem, conditions_met: bool, note: str = "") -> ExemptionAssessment:
    """The officer records, at decision time, whether the case met the listed item's conditions."""
    authorize(actor, "exemption.assess", unit=case.unit, on=timezone.localdate())
    if item.region_id != case.region_id or item.pk not in {i.pk for i in items_for(case)}:
        raise InvalidInput("该清单事项与本案违法行为不对应", field="item", code="exemption.item")
    row = ExemptionAssessment.objects.filter(case=case, item=item).first()
    before = snapshot(row) if row else None
    row = row or ExemptionAssessment(case=case, item=item)
    row.conditions_met, row.note, row.recorded_at = bool(conditions_met), (note or "")[:500], timezone.now()
    row.save()
    audit(actor=actor, action="exemption.assess", obj=row, before=before, after=snapshot(row), region_code=case.region_id)
    return row
