"""权责清单动态调整: a unit proposes 新增 / 调整 / 取消 of an item, or its 下放 to a 街道 (授权/委托), with the
legal basis and the document number; the 区司法局 approves or returns it. Approval applies the change
through ``powers.services`` (power_add / power_modify / power_remove / power_delegate): a PowerChange
version effective on its date, which the rules read for acts on or after that date, while acts before it
are still judged by the version then in force (``powers.attributes``).

    proposed --approve--> approved (the change is recorded)
    proposed --return---> returned (with the reason)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction

from zhifa.core.audit import audit, snapshot
from zhifa.core.errors import DomainError, InvalidInput
from zhifa.core.policy import authorize
from zhifa.org.models import Unit

from . import services
from .choices import DelegationKind, PowerCategory, RequestKind, RequestStatus
from .models import Power, PowerChange, PowerChangeRequest

_DECIMAL_FIELDS = ("hearing_threshold_person", "hearing_threshold_org")
_BOOL_FIELDS = ("requires_legal_review", "requires_recording")


def _clean_fields(fields: dict) -> dict:
    """The proposed attribute values, JSON-safe (decimals as strings), checked as power_modify checks them."""
    services._check_fields(fields)
    out = {}
    for k, v in fields.items():
        if k in _DECIMAL_FIELDS:
            if v in (None, ""):
                out[k] = None
                continue
            try:
                out[k] = str(Decimal(str(v)))
            except InvalidOperation:
                raise InvalidInput(f"“{v}”不是有效金额", field=k, code="power.amount") from None
        elif k in _BOOL_FIELDS:
            out[k] = bool(v)
        else:
            out[k] = str(v).strip()
    return out


def _typed(fields: dict) -> dict:
    return {k: (Decimal(v) if k in _DECIMAL_FIELDS and v is not None else v) for k, v in fields.items()}


@transaction.atomic
def power_change_propose(
    *,
    actor,
    unit: Unit,
    kind: str,
    legal_basis: str,
    document_no: str,
    effective_on: dt.date,
    proposed_on: dt.date,
    power: Power | None = None,
    code: str = "",
    fields: dict | None = None,
    to_unit: Unit | None = None,
    delegation_kind: str = "",
) -> PowerChangeRequest:
    authorize(actor, "power.propose", unit=unit)
    if kind not in RequestKind.values:
        raise InvalidInput(f"调整类型“{kind}”无效", field="kind", code="power_request.kind")
    if not legal_basis.strip():
        raise InvalidInput("调整须写明法律依据", field="legal_basis", code="power_request.legal_basis")
    if not document_no.strip():
        raise InvalidInput("调整须写明文件文号", field="document_no", code="power_request.document_no")
    fields = _clean_fields(fields or {})
    if kind == RequestKind.ADD:
        if not code.strip() or not fields.get("name") or fields.get("category") not in PowerCategory.values:
            raise InvalidInput("新增职权须填写职权编码、名称和类别", field="code", code="power_request.add_fields")
        if Power.objects.filter(region_id=unit.region_id, code=code.strip()).exists():
            raise InvalidInput(f"职权编码“{code}”已存在", field="code", code="power.code_taken")
        power = None
    else:
        if power is None:
            raise InvalidInput("请选择要调整的职权", field="power", code="power_request.power")
        if power.owner_id != unit.pk:
            raise DomainError(f"{power.code}不是{unit.name}的职权", field="power", code="power_request.not_owner")
        if power.effective_to is not None:
            raise DomainError("已取消的职权不能调整", field="power", code="power.removed")
    if kind == RequestKind.MODIFY and not fields:
        raise InvalidInput("调整须写明至少一项调整内容", field="fields", code="power_request.no_change")
    if kind == RequestKind.DELEGATE:
        if to_unit is None or delegation_kind not in DelegationKind.values:
            raise InvalidInput("下放须选择承接单位和方式", field="to_unit", code="power_request.delegate")
    req = PowerChangeRequest.objects.create(
        region_id=unit.region_id,
        unit=unit,
        kind=kind,
        power=power,
        code=code.strip(),
        fields=fields,
        legal_basis=legal_basis.strip(),
        document_no=document_no.strip(),
        effective_on=effective_on,
        to_unit=to_unit if kind == RequestKind.DELEGATE else None,
        delegation_kind=delegation_kind if kind == RequestKind.DELEGATE else "",
        proposed_on=proposed_on,
    )
    audit(actor=actor, action="power.propose", obj=req, after=snapshot(req))
    return req


def _apply(actor, req: PowerChangeRequest) -> None:
    fields = _typed(req.fields)
    if req.kind == RequestKind.ADD:
        fields.setdefault("legal_basis", req.legal_basis)
        power = services.power_add(
            actor=actor,
            owner=req.unit,
            code=req.code,
            document_no=req.document_no,
            effective_on=req.effective_on,
            **fields,
        )
        req.power = power
        req.change = PowerChange.objects.get(power=power, version=1)
    elif req.kind == RequestKind.MODIFY:
        power = services.power_modify(
            actor=actor, power=req.power, document_no=req.document_no, effective_on=req.effective_on, **fields
        )
        req.change = PowerChange.objects.get(power=power, version=power.version)
    elif req.kind == RequestKind.REMOVE:
        power = services.power_remove(
            actor=actor, power=req.power, document_no=req.document_no, effective_on=req.effective_on
        )
        req.change = PowerChange.objects.get(power=power, version=power.version)
    else:
        req.delegation = services.power_delegate(
            actor=actor,
            power=req.power,
            to_unit=req.to_unit,
            kind=req.delegation_kind,
            document_no=req.document_no,
            effective_on=req.effective_on,
        )


@transaction.atomic
def power_change_decide(
    *, actor, request: PowerChangeRequest, approve: bool, decided_on: dt.date, note: str = ""
) -> PowerChangeRequest:
    """The 区司法局's review: approve (the change is recorded, effective on its date) or return with a reason."""
    authorize(actor, "power.review", unit=request.unit_id)
    req = PowerChangeRequest.objects.select_for_update(of=("self",)).select_related("unit", "power").get(pk=request.pk)
    if req.status != RequestStatus.PROPOSED:
        raise DomainError(
            f"申请状态为“{req.get_status_display()}”，不能再审核", field="status", code="power_request.state"
        )
    if not approve and not note.strip():
        raise InvalidInput("退回须写明理由", field="note", code="power_request.return_reason")
    before = snapshot(req)
    if approve:
        _apply(actor, req)
    req.status = RequestStatus.APPROVED if approve else RequestStatus.RETURNED  # PROPOSED -> …
    req.decided_on, req.decision_note = decided_on, note.strip()
    req.save()
    audit(actor=actor, action="power.review", obj=req, before=before, after=snapshot(req), note=note)
    return req
