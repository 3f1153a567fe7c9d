"""The set-based path for high-volume act types (行政检查): same per-record results, set-based writes.

A chunk of records is parsed and checked one by one exactly as on the per-record path (the same parsers,
the same ``writer.check``); then the natural keys of the whole chunk are resolved with one query per
kind, the new rows and their key-index rows are written with ``bulk_create``, the parties first seen are
registered in one insert, the supervision outbox gets one row per act, and one audit row per chunk names
every record written (as the bulk loader did). The rule functions run over the batch facts builder
(``enforcement.facts.act_facts``) for the breaches.

Records that change an existing row, deletions, and any chunk whose set-based write fails fall back to
the per-record path, so a record's result never depends on which path wrote it.
"""

from __future__ import annotations

from django.db import DatabaseError, transaction

from zhifa.core.audit import audit
from zhifa.core.errors import DomainError
from zhifa.enforcement import facts as F
from zhifa.enforcement import rules as R
from zhifa.enforcement.choices import PartyKind, PartyType
from zhifa.enforcement.models import Campaign, Inspection, Party
from zhifa.org.models import Certificate, Unit
from zhifa.powers.choices import PowerCategory
from zhifa.powers.models import Power

from .actors import authorize_record
from .fields import Bad
from .models import ExchangeRecord
from .writers_acts import INSPECTION_MODE, _errors, inspection_columns, inspection_kind

MIN_FAST = 50  # below this many new records a chunk goes the per-record way (no gain)


def _party_key(region_id: str, nature: str, name: str, idno: str) -> tuple:
    if idno:
        return (region_id, "id" if nature == "自然人" else "uscc", idno)
    return (region_id, PartyKind.PERSON if nature == "自然人" else PartyKind.ORG, name)


def _existing_parties(keys: set[tuple]) -> dict[tuple, int]:
    out: dict[tuple, int] = {}
    by_id = {k[2] for k in keys if k[1] == "id"}
    by_uscc = {k[2] for k in keys if k[1] == "uscc"}
    names = {k[2] for k in keys if k[1] in (PartyKind.PERSON, PartyKind.ORG)}
    regions = {k[0] for k in keys}
    qs = Party.objects.filter(region_id__in=regions).order_by("-id")  # the earliest wins (last assignment)
    for pk, region, idno in qs.filter(id_number__in=by_id).values_list("id", "region_id", "id_number"):
        out[(region, "id", idno)] = pk
    for pk, region, uscc in qs.filter(uscc__in=by_uscc).values_list("id", "region_id", "uscc"):
        out[(region, "uscc", uscc)] = pk
    for pk, region, kind, name in qs.filter(name__in=names, id_number="", uscc="").values_list(
        "id", "region_id", "kind", "name"
    ):
        out[(region, kind, name)] = pk
    return out


def load_inspection_chunk(rtype, writer, ctx, report, seen, chunk, ignore_extra, slow_one) -> None:
    from .loader import _reject, digest_of, parse_record

    parsed = []
    for row, raw in chunk:
        key = ""
        try:
            values = parse_record(rtype, raw, ignore_extra=ignore_extra)
            key = rtype.key_of(values)
            if key in seen:
                raise Bad(
                    rtype.star_fields[-1].name, key, f"主键与第{seen[key]}条重复（同一批次中一个主键只能出现一次）"
                )
            seen[key] = row
            writer.check(values)
        except Bad as b:
            _reject(report, row, key, b.field, b.value, b.reason)
            continue
        parsed.append((row, raw, key, values))
    recs = {
        r.key: r
        for r in ExchangeRecord.objects.filter(record_type=rtype.name, key__in=[p[2] for p in parsed]).only(
            "key", "digest", "deleted"
        )
    }
    new, slow = [], []
    for row, raw, key, values in parsed:
        digest, data = digest_of(rtype, values)
        rec = recs.get(key)
        if values["操作"] == "删除" or (rec is not None and (rec.deleted or rec.digest != digest)):
            slow.append((row, raw))
        elif rec is not None:
            report.unchanged += 1
            report.results.append({"row": row, "key": key, "status": "unchanged"})
        else:
            new.append((row, raw, key, values, digest, data))
    if len(new) < MIN_FAST:
        slow = sorted(slow + [(n[0], n[1]) for n in new], key=lambda x: str(x[0]))
        new = []
    if new:
        slow += _write_new(rtype, ctx, report, new)
    for row, raw in slow:
        slow_one(row, raw)


def _write_new(rtype, ctx, report, new) -> list:
    """Write the new records set-based; returns the (row, raw) to redo one by one if the write failed."""
    from .loader import _reject

    units = {u.uscc: u for u in Unit.objects.filter(uscc__in={n[3]["实施机构统一社会信用代码"] for n in new})}
    codes = {n[3]["事项编码"] for n in new}
    powers = {(p.region_id, p.code): p for p in Power.objects.filter(code__in=codes)}
    numbers = {c for n in new for c in n[3]["执法证号"]}
    holders = dict(Certificate.objects.filter(number__in=numbers).values_list("number", "holder_id"))
    plan_keys = {n[3]["计划编号"] for n in new if n[3]["计划编号"]}
    joint_keys = {n[3]["联合行动编号"] for n in new if n[3]["联合行动编号"]}
    linked = {
        (r.record_type, r.key): r.object_id
        for r in ExchangeRecord.objects.filter(deleted=False).filter(
            record_type__in=("检查计划", "联合行动"), key__in=plan_keys | joint_keys
        )
    }
    campaigns = {
        (c.region_id, c.name): c.pk
        for c in Campaign.objects.filter(name__in={n[3]["专项行动名称"] for n in new if n[3]["专项行动名称"]})
    }
    allowed: dict[int, DomainError | None] = {}
    ok, raws = [], {}
    for row, raw, key, v, digest, data in new:
        try:
            unit = units.get(v["实施机构统一社会信用代码"])
            if unit is None:
                raise Bad(
                    "实施机构统一社会信用代码",
                    v["实施机构统一社会信用代码"],
                    "该统一社会信用代码没有对应的执法主体（请先报送执法主体）",
                )
            if unit.pk not in allowed:
                try:
                    authorize_record(ctx.actor, rtype.name, unit=unit)
                    allowed[unit.pk] = None
                except DomainError as e:
                    allowed[unit.pk] = e
            if allowed[unit.pk] is not None:
                raise allowed[unit.pk]
            power = powers.get((unit.region_id, v["事项编码"]))
            if power is None:
                raise Bad("事项编码", v["事项编码"], "事项编码不在本行政区划的权责清单中（请先报送权责事项）")
            officers = []
            for n in v["执法证号"]:
                if n not in holders:
                    raise Bad("执法证号", n, f"执法证号“{n}”不存在（请先报送执法证件）")
                if holders[n] not in officers:
                    officers.append(holders[n])
            approver = ctx.person(v["审批人身份证号码"], "审批人身份证号码").pk if v["审批人身份证号码"] else None
            idno = v["相对人证件号码"] or ""
            if v["相对人性质"] == "自然人" and idno and not idno[:17].isdigit():
                raise Bad("相对人证件号码", idno, "相对人性质为自然人时，证件号码应为身份证号码")
            plan = linked.get(("检查计划", v["计划编号"])) if v["计划编号"] else None
            if v["计划编号"] and plan is None:
                raise Bad("计划编号", v["计划编号"], "该检查计划不存在（请先报送检查计划）")
            joint = linked.get(("联合行动", v["联合行动编号"])) if v["联合行动编号"] else None
            if v["联合行动编号"] and joint is None:
                raise Bad("联合行动编号", v["联合行动编号"], "该联合行动不存在（请先报送联合行动）")
            campaign = campaigns.get((unit.region_id, v["专项行动名称"])) if v["专项行动名称"] else None
            if v["专项行动名称"] and campaign is None:
                raise Bad("专项行动名称", v["专项行动名称"], "该专项行动不存在（请先报送专项行动）")
        except Bad as b:
            _reject(report, row, key, b.field, b.value, b.reason)
            continue
        except DomainError as e:
            _reject(report, row, key, rtype.unit_field, v["实施机构统一社会信用代码"], e.message)
            continue
        pkey = _party_key(unit.region_id, v["相对人性质"], v["检查对象名称"], idno)
        ok.append((row, key, v, digest, data, unit, power, officers, plan, joint, campaign, approver, pkey))
        raws[row] = raw
    if not ok:
        return []
    try:
        objs, fresh = _insert(rtype, ctx, ok)
    except DatabaseError:  # e.g. a row another writer inserted meanwhile: each record on its own instead
        return [(o[0], raws[o[0]]) for o in ok]
    facts = F.act_facts(objs, category=PowerCategory.INSPECTION)
    for o, obj, f in zip(ok, objs, facts, strict=True):
        breaches = _errors(R.run(R.ACT_RULES, f, ctx.reference(obj.region_id)))
        report.created += 1
        report.results.append({"row": o[0], "key": o[1], "status": "created", "breaches": [str(x) for x in breaches]})
        for x in breaches:
            report.breaches.append({"row": o[0], "key": o[1], "code": x.code, "message": str(x)})
    return []


def _insert(rtype, ctx, ok):
    with transaction.atomic():
        parties = _existing_parties({o[-1] for o in ok})
        fresh = {}
        by_label = {str(label): value for value, label in PartyType.choices}
        for o in ok:
            pkey, v = o[-1], o[2]
            if pkey in parties or pkey in fresh:
                continue
            person = v["相对人性质"] == "自然人"
            idno = v["相对人证件号码"] or ""
            from zhifa.core.validators import birth_date_from_id

            fresh[pkey] = Party(
                region_id=pkey[0],
                kind=PartyKind.PERSON if person else PartyKind.ORG,
                party_type=by_label.get(v["检查对象类别"] or "")
                or (PartyType.INDIVIDUAL if person else PartyType.OTHER),
                name=v["检查对象名称"],
                id_number=idno if person and idno else "",
                uscc=idno if idno and not person else "",
                birth_date=birth_date_from_id(idno) if person and idno else None,
            )
        if fresh:
            Party.objects.bulk_create(list(fresh.values()), batch_size=500)
            parties.update({k: p.pk for k, p in fresh.items()})
        objs = []
        for _row, _key, v, _digest, _data, unit, power, officers, plan, joint, campaign, approver, pkey in ok:
            objs.append(
                Inspection(
                    region_id=unit.region_id,
                    unit=unit,
                    power=power,
                    party_id=parties[pkey],
                    started_at=v["检查时间"],
                    mode=INSPECTION_MODE[v["检查形式"]],
                    kind=inspection_kind(v),
                    officer_a_id=officers[0],
                    officer_b_id=officers[1] if len(officers) > 1 else None,
                    plan_id=plan,
                    joint_action_id=joint,
                    campaign_id=campaign,
                    findings=v["发现问题"] or "",
                    approver_id=approver,
                    load_batch=ctx.batch[:40],
                    **inspection_columns(v),
                )
            )
        Inspection.objects.bulk_create(objs, batch_size=500)
        ExchangeRecord.objects.bulk_create(
            [
                ExchangeRecord(
                    record_type=rtype.name,
                    key=o[1],
                    region_id=obj.region_id,
                    unit_id=obj.unit_id,
                    object_id=obj.pk,
                    digest=o[3],
                    data=o[4],
                    batch=ctx.batch,
                )
                for o, obj in zip(ok, objs, strict=True)
            ],
            batch_size=500,
        )
        _queue_checks(objs)
        regions = sorted({o.region_id for o in objs})
        audit(
            actor=ctx.actor,
            action="exchange.bulk_create",
            object_type="enforcement.inspection",
            object_id=ctx.batch or "-",
            region_code=regions[0] if len(regions) == 1 else "",
            after={
                "record_type": rtype.name,
                "batch": ctx.batch,
                "rows": len(objs),
                "keys": [o[1] for o in ok],
                "ids": [obj.pk for obj in objs],
                "parties_registered": [p.pk for p in fresh.values()],
            },
            note=f"数据交换批量新增{rtype.name} {len(objs)} 条",
        )
    return objs, fresh


def _queue_checks(objs) -> None:
    """The supervision outbox, as post_save would have filled it (bulk_create sends no signal)."""
    from zhifa.supervision.hooks import enabled

    if not enabled() or not objs:
        return
    from zhifa.ops.models import PendingCheck
    from zhifa.ops.tasks import schedule_checks

    label = objs[0]._meta.label_lower
    PendingCheck.objects.bulk_create(
        [PendingCheck(label=label, object_pk=o.pk) for o in objs], ignore_conflicts=True, batch_size=500
    )
    schedule_checks()
