"""权责清单 services: every change is a versioned PowerChange plus one audit row (动态调整)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from zhifa.core.audit import audit, snapshot
from zhifa.core.errors import DomainError, InvalidInput
from zhifa.core.policy import authorize
from zhifa.org.choices import UnitKind
from zhifa.org.models import Unit

from .choices import ChangeKind, DelegationKind, DiscretionTier, FilingKind, PowerCategory
from .models import DiscretionBenchmark, Filing, Power, PowerChange, PowerDelegation

MUTABLE_FIELDS = (
    "name",
    "category",
    "legal_basis",
    "domain",
    "requires_legal_review",
    "requires_recording",
    "hearing_threshold_person",
    "hearing_threshold_org",
    "single_officer_basis",
)


def _check_fields(fields: dict) -> None:
    unknown = set(fields) - set(MUTABLE_FIELDS)
    if unknown:
        raise InvalidInput(f"不能调整字段：{'、'.join(sorted(unknown))}", field=sorted(unknown)[0], code="power.field")
    if "category" in fields and fields["category"] not in PowerCategory.values:
        raise InvalidInput(f"职权类别“{fields['category']}”无效", field="category", code="power.category")
    if "legal_basis" in fields and not str(fields["legal_basis"]).strip():
        raise InvalidInput("法律依据不能为空", field="legal_basis", code="power.legal_basis")


@transaction.atomic
def power_add(*, actor, owner: Unit, code: str, document_no: str, effective_on: dt.date, **fields) -> Power:
    authorize(actor, "power.add", unit=owner)
    _check_fields(fields)
    if not fields.get("name") or not fields.get("legal_basis") or not fields.get("category"):
        raise InvalidInput("职权名称、类别和法律依据均为必填", field="name", code="power.required")
    if Power.objects.filter(region_id=owner.region_id, code=code).exists():
        raise InvalidInput(f"职权编码“{code}”已存在", field="code", code="power.code_taken")
    power = Power.objects.create(
        region_id=owner.region_id, owner=owner, code=code, effective_from=effective_on, **fields
    )
    PowerChange.objects.create(
        power=power,
        region_id=owner.region_id,
        kind=ChangeKind.ADD,
        document_no=document_no,
        effective_on=effective_on,
        version=1,
        after=snapshot(power),
    )
    audit(actor=actor, action="power.add", obj=power, after=snapshot(power), note=document_no)
    return power


@transaction.atomic
def power_modify(*, actor, power: Power, document_no: str, effective_on: dt.date, **fields) -> Power:
    authorize(actor, "power.modify", unit=power.owner_id)
    _check_fields(fields)
    power = Power.objects.select_for_update().get(pk=power.pk)
    if power.effective_to is not None:
        raise DomainError("已取消的职权不能调整", field="effective_to", code="power.removed")
    if effective_on < power.effective_from:
        raise InvalidInput("调整的生效日期不能早于职权的生效日期", field="effective_on", code="power.modify_date")
    before = snapshot(power)
    for k, v in fields.items():
        setattr(power, k, v)
    power.version += 1
    power.save()
    # The change keeps the whole row before and after with the day it takes effect: the rules read the
    # attributes in force on an act's date from these rows (powers.attributes), never the current row.
    PowerChange.objects.create(
        power=power,
        region_id=power.region_id,
        kind=ChangeKind.MODIFY,
        document_no=document_no,
        effective_on=effective_on,
        version=power.version,
        before=before,
        after=snapshot(power),
    )
    audit(actor=actor, action="power.modify", obj=power, before=before, after=snapshot(power), note=document_no)
    return power


@transaction.atomic
def power_remove(*, actor, power: Power, document_no: str, effective_on: dt.date) -> Power:
    authorize(actor, "power.remove", unit=power.owner_id)
    power = Power.objects.select_for_update().get(pk=power.pk)
    if power.effective_to is not None:
        raise DomainError("该职权已取消", field="effective_to", code="power.removed")
    if effective_on <= power.effective_from:
        raise InvalidInput("取消日期应晚于生效日期", field="effective_on", code="power.remove_date")
    before = snapshot(power)
    power.effective_to = effective_on
    power.version += 1
    power.save(update_fields=["effective_to", "version"])
    PowerChange.objects.create(
        power=power,
        region_id=power.region_id,
        kind=ChangeKind.REMOVE,
        document_no=document_no,
        effective_on=effective_on,
        version=power.version,
        before=before,
        after=snapshot(power),
    )
    audit(actor=actor, action="power.remove", obj=power, before=before, after=snapshot(power), note=document_no)
    return power


@transaction.atomic
def power_delegate(
    *, actor, power: Power, to_unit: Unit, kind: str, document_no: str, effective_on: dt.date
) -> PowerDelegation:
    authorize(actor, "power.delegate", unit=power.owner_id)
    if kind not in DelegationKind.values:
        raise InvalidInput(f"下放方式“{kind}”无效", field="kind", code="delegation.kind")
    if to_unit.pk == power.owner_id:
        raise InvalidInput("不能把职权下放给实施主体本身", field="to_unit", code="delegation.self")
    if kind == DelegationKind.AUTHORIZE and to_unit.kind != UnitKind.STREET:
        raise InvalidInput("授权只能下放给街道（乡镇）", field="to_unit", code="delegation.authorize_street")
    d = PowerDelegation.objects.create(
        region_id=power.region_id,
        power=power,
        to_unit=to_unit,
        kind=kind,
        document_no=document_no,
        effective_on=effective_on,
    )
    audit(actor=actor, action="power.delegate", obj=d, after=snapshot(d), note=document_no)
    return d


@transaction.atomic
def benchmark_set(
    *,
    actor,
    power: Power,
    tier: str,
    fine_min: Decimal,
    fine_max: Decimal,
    circumstances: str = "",
    published_on: dt.date | None = None,
) -> DiscretionBenchmark:
    authorize(actor, "benchmark.set", unit=power.owner_id)
    if tier not in DiscretionTier.values:
        raise InvalidInput(f"裁量阶次“{tier}”无效", field="tier", code="benchmark.tier")
    fine_min, fine_max = Decimal(fine_min), Decimal(fine_max)
    if fine_min < 0 or fine_min > fine_max:
        raise InvalidInput("罚款下限应不小于0且不大于上限", field="fine_min", code="benchmark.range")
    existing = DiscretionBenchmark.objects.select_for_update().filter(power=power, tier=tier).first()
    before = snapshot(existing)
    obj, _ = DiscretionBenchmark.objects.update_or_create(
        power=power,
        tier=tier,
        defaults={
            "region_id": power.region_id,
            "fine_min": fine_min,
            "fine_max": fine_max,
            "circumstances": circumstances,
            "published_on": published_on,
        },
    )
    audit(actor=actor, action="benchmark.set", obj=obj, before=before, after=snapshot(obj))
    return obj


@transaction.atomic
def filing_record(
    *, actor, unit: Unit, kind: str, title: str, filed_on: dt.date, document_no: str = "", document=None
) -> Filing:
    """备案 of a unit's 法制审核事项清单 / 音像记录管理制度 / 裁量基准 (``document``: the uploaded file)."""
    authorize(actor, "filing.record", unit=unit)
    if kind not in FilingKind.values:
        raise InvalidInput(f"备案类型“{kind}”无效", field="kind", code="filing.kind")
    if not title.strip():
        raise InvalidInput("备案文件名称不能为空", field="title", code="filing.title")
    f = Filing(region_id=unit.region_id, unit=unit, kind=kind, title=title.strip(), filed_on=filed_on, document_no=document_no)
    if document is not None:
        f.document.save(getattr(document, "name", "document"), document, save=False)
    f.save()
    audit(actor=actor, action="filing.record", obj=f, after=snapshot(f))
    return f


@transaction.atomic
def filing_acknowledge(*, actor, filing: Filing, on: dt.date) -> Filing:
    """The 区司法局 签收 a filing."""
    authorize(actor, "filing.acknowledge", unit=filing.unit_id)
    f = Filing.objects.select_for_update().get(pk=filing.pk)
    if f.acknowledged_on is not None:
        raise DomainError("该备案已签收", field="acknowledged_on", code="filing.acknowledged")
    if on < f.filed_on:
        raise InvalidInput("签收日期不能早于备案日期", field="on", code="filing.ack_date")
    before = snapshot(f)
    f.acknowledged_on = on
    f.acknowledged_by = getattr(getattr(actor, "person", None), "name", "") or getattr(actor, "username", "")
    f.save(update_fields=["acknowledged_on", "acknowledged_by"])
    audit(actor=actor, action="filing.acknowledge", obj=f, before=before, after=snapshot(f))
    return f
