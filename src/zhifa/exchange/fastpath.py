"""The set-based path for high-volume act types (行政检查, 其他执法行为, 隐患, 超限超载): same per-record results,
set-based writes.

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

from collections.abc import Callable

from django.db import DatabaseError, connection, transaction
from django.db.models import signals
from django.db.models.base import ModelState

from zhifa.core.audit import audit
from zhifa.core.errors import DomainError
from zhifa.enforcement import facts as F
from zhifa.enforcement import rules as R
from zhifa.enforcement.choices import HazardCategory, PartyKind, PartyType
from zhifa.enforcement.models import Campaign, Hazard, Inspection, OtherAct, Party, PenaltyCase, VehicleOverload
from zhifa.org.models import Certificate, Person
from zhifa.powers.choices import PowerCategory
from zhifa.powers.models import Power

from .actors import authorize_record
from .fields import Bad, _checked
from .models import ExchangeRecord
from .rawinsert import JsonText, insert_rows, insert_values
from .writers_acts import (
    HAZARD_CATEGORY,
    HAZARD_SEVERITY,
    INSPECTION_MODE,
    OTHER_KIND,
    _errors,
    case_breaches,
    case_columns,
    case_steps,
    inspection_columns,
    inspection_kind,
)

MIN_FAST = 50  # below this many new records a chunk goes the per-record way (no gain)


def _party_key(region_id: str, nature: str, name: str, idno: str) -> tuple:
    if idno:
        return (region_id, "id" if nature == "自然人" else "uscc", idno)
    return (region_id, PartyKind.PERSON if nature == "自然人" else PartyKind.ORG, name)


def _existing_parties(ctx, keys: set[tuple]) -> dict[tuple, Party]:
    """The parties the keys name that exist. Those found (or registered) earlier in the same load are memoised in
    its context (``LoadContext.parties``); the others are looked up in one query per key kind."""
    known = ctx.parties
    out: dict[tuple, Party] = {k: known[k] for k in keys if k in known}
    keys = keys - out.keys()
    if not keys:
        return out
    by_id = {k[2] for k in keys if k[1] == "id"}
    by_uscc = {k[2] for k in keys if k[1] == "uscc"}
    names = {k[2] for k in keys if k[1] in (PartyKind.PERSON, PartyKind.ORG)}
    regions = {k[0] for k in keys}
    # No ORDER BY: SQLite would then walk the region's index instead of (区划, 证件号码); the earliest row wins.
    qs = Party.objects.filter(region_id__in=regions)
    found: dict[tuple, Party] = {}

    def keep(key, p):
        if key not in found or p.pk < found[key].pk:
            found[key] = p

    if by_id:
        for p in qs.filter(id_number__in=by_id):
            keep((p.region_id, "id", p.id_number), p)
    if by_uscc:
        for p in qs.filter(uscc__in=by_uscc):
            keep((p.region_id, "uscc", p.uscc), p)
    if names:
        for p in qs.filter(name__in=names, id_number="", uscc=""):
            keep((p.region_id, p.kind, p.name), p)
    known.update(found)
    out.update({k: p for k, p in found.items() if k in keys})
    return out


def load_chunk(rtype, writer, ctx, report, seen, chunk, ignore_extra, slow_one, prepared=None) -> None:
    """``prepared``: the chunk's ``prepare.prepare_chunk`` result if a worker made it, else it is made here."""
    from .loader import _reject
    from .prepare import PARSE_FAILED, READY, prepare_chunk

    if prepared is None:
        prepared = prepare_chunk(rtype.name, chunk, ignore_extra)
    parsed = []
    for (row, raw), (_row, key, stage, payload) in zip(chunk, prepared, strict=True):
        if stage == PARSE_FAILED:
            _reject(report, row, key, *payload)
            continue
        if key in seen:
            star = rtype.star_fields[-1].name
            _reject(report, row, key, star, key, f"主键与第{seen[key]}条重复（同一批次中一个主键只能出现一次）")
            continue
        seen[key] = row
        if stage != READY:
            _reject(report, row, key, *payload)
            continue
        parsed.append((row, raw, key, *payload))
    recs = (
        {}
        if ctx.empty_at_start(
            ("exchange", rtype.name), lambda: ExchangeRecord.objects.filter(record_type=rtype.name).exists()
        )
        else {  # key → (digest, deleted) of the records received before
            key: (digest, deleted)
            for key, digest, deleted in _select_in(
                ExchangeRecord, ("key", "digest", "deleted"), "key", [p[2] for p in parsed], record_type=rtype.name
            )
        }
    )
    new, slow = [], []
    for row, raw, key, values, digest, data in parsed:  # data: the record as stored, its canonical JSON text
        rec = recs.get(key)
        if values["操作"] == "删除" or (rec is not None and (rec[1] or rec[0] != digest)):
            slow.append((row, raw))
        elif rec is not None:
            report.unchanged += 1
            if report.per_record:
                report.results.append({"row": row, "key": key, "status": "unchanged"})
        else:
            new.append((row, raw, key, values, digest, data))
    if len(new) < MIN_FAST:
        position = {id(raw): i for i, (_row, raw) in enumerate(chunk)}  # the file's order (first name seen wins)
        slow = sorted(slow + [(n[0], n[1]) for n in new], key=lambda x: position[id(x[1])])
        new = []
    if new:
        slow += _write_new(rtype, ctx, report, new)
    for row, raw in slow:
        slow_one(row, raw)


def _select_in(model, columns: tuple[str, ...], column: str, values, **equal) -> list[tuple]:
    """``model.objects.filter(**equal, <column>__in=values).values_list(*columns)`` of plain text columns, as one
    statement without the ORM's per-value preparation (a chunk asks for 1 000 keys at a time)."""
    values = list(values)
    if not values:
        return []
    qn = connection.ops.quote_name
    where = [f"{qn(c)} = %s" for c in equal] + [f"{qn(column)} IN ({', '.join(['%s'] * len(values))})"]
    sql = f"SELECT {', '.join(map(qn, columns))} FROM {qn(model._meta.db_table)} WHERE {' AND '.join(where)}"
    with connection.cursor() as cur:
        cur.execute(sql, [*equal.values(), *values])
        return cur.fetchall()


class Fast:
    """One act type's set-based resolution: the lookups of a chunk in one query per key kind, then per record."""

    model = None
    party_name = ""  # the field naming the 当事人 ("" = the type names none)
    party_category = ""  # the field carrying the party's category (检查对象类别)
    unit_field = "实施机构统一社会信用代码"

    def prefetch(self, ctx, values: list[dict], units: dict) -> dict:
        """The chunk's lookups; ``units``: 统一社会信用代码 → Unit of the records' units."""
        return {}

    def resolve(self, ctx, v: dict, unit, pre: dict) -> dict:
        """The model's columns (unit, region and party excepted); raises Bad naming the field."""
        raise NotImplementedError

    def after_insert(self, ctx, ok, objs, parties) -> None:
        """Rows that hang off the new rows (a case's steps)."""

    def breaches(self, ctx, objs) -> list[list]:
        return [[] for _ in objs]


class Redo(Exception):
    """The record names a row that exists without a key-index entry (entered in the workspace): per-record path."""


def _linked(pairs: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """(记录类型, key) → object id of records that came in through the exchange (计划, 联合行动, 检查, 案件, 设备)."""
    out: dict = {}
    by_type: dict[str, set] = {}
    for t, k in pairs:
        by_type.setdefault(t, set()).add(k)
    for t, keys in by_type.items():
        for key, oid in ExchangeRecord.objects.filter(record_type=t, key__in=keys, deleted=False).values_list(
            "key", "object_id"
        ):
            out[(t, key)] = oid
    return out


def _need(pre: dict, type_name: str, key: str, fname: str, value: str):
    oid = pre["linked"].get((type_name, key))
    if oid is None:
        raise Bad(fname, value, f"该{type_name}不存在（请先报送{type_name}）")
    return oid


def _officer_ids(v: dict, pre: dict, fname: str = "执法证号") -> list[int]:
    out: list[int] = []
    for n in v[fname]:
        if n not in pre["holders"]:
            raise Bad(fname, n, f"执法证号“{n}”不存在（请先报送执法证件）")
        if pre["holders"][n] not in out:
            out.append(pre["holders"][n])
    return out


def _common(ctx, values: list[dict], *, certificates: bool = True, powers: bool = True) -> dict:
    """执法证号 → holder and (区划, 事项编码) → power id for a chunk: the registry rows found are memoised in the load's
    context (as ``LoadContext.officers`` / ``power`` do), so that a year of acts asks for each once."""
    pre: dict = {"holders": {}, "powers": {}}
    if certificates:
        known = ctx._certs
        missing = {c for v in values for c in v["执法证号"]} - known.keys()
        if missing:
            known.update(Certificate.objects.filter(number__in=missing).values_list("number", "holder_id"))
        pre["holders"] = known
    if powers:
        known = ctx._powers
        codes = {v["事项编码"] for v in values if v.get("事项编码")}
        missing = codes - ctx._power_codes
        if missing:
            for p in Power.objects.filter(code__in=missing):
                known[(p.region_id, p.code)] = p
                ctx._power_codes.add(p.code)
        pre["powers"] = {k: p.pk for k, p in known.items() if k[1] in codes}
        pre["power_rows"] = {p.pk: p for k, p in known.items() if k[1] in codes}
    return pre


def _power(v: dict, unit, pre: dict):
    if not v.get("事项编码"):
        return None
    pk = pre["powers"].get((unit.region_id, v["事项编码"]))
    if pk is None:
        raise Bad("事项编码", v["事项编码"], "事项编码不在本行政区划的权责清单中（请先报送权责事项）")
    return pk


class InspectionFast(Fast):
    model = Inspection
    party_name = "检查对象名称"
    party_category = "检查对象类别"

    def prefetch(self, ctx, values, units):
        pre = _common(ctx, values)
        pairs = {("检查计划", v["计划编号"]) for v in values if v["计划编号"]}
        pairs |= {("联合行动", v["联合行动编号"]) for v in values if v["联合行动编号"]}
        pre["linked"] = _linked(pairs)
        names = {v["专项行动名称"] for v in values if v["专项行动名称"]}
        pre["campaigns"] = {(c.region_id, c.name): c.pk for c in Campaign.objects.filter(name__in=names).order_by("-id")}
        approvers = {v["审批人身份证号码"] for v in values if v["审批人身份证号码"]}
        pre["approvers"] = dict(Person.objects.filter(id_number__in=approvers).values_list("id_number", "pk"))
        return pre

    def resolve(self, ctx, v, unit, pre):
        officers = _officer_ids(v, pre)
        approver = None
        if v["审批人身份证号码"]:
            approver = pre["approvers"].get(v["审批人身份证号码"])
            if approver is None:
                raise Bad("审批人身份证号码", v["审批人身份证号码"], "该身份证号码没有对应的执法人员（请先报送执法人员）")
        plan = _need(pre, "检查计划", v["计划编号"], "计划编号", v["计划编号"]) if v["计划编号"] else None
        joint = (
            _need(pre, "联合行动", v["联合行动编号"], "联合行动编号", v["联合行动编号"]) if v["联合行动编号"] else None
        )
        campaign = pre["campaigns"].get((unit.region_id, v["专项行动名称"])) if v["专项行动名称"] else None
        if v["专项行动名称"] and campaign is None:
            raise Bad("专项行动名称", v["专项行动名称"], "该专项行动不存在（请先报送专项行动）")
        return dict(
            power_id=_power(v, unit, pre),
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

    def breaches(self, ctx, objs):
        facts = F.act_facts(objs, category=PowerCategory.INSPECTION)
        return [_errors(R.run(R.ACT_RULES, f, ctx.reference(o.region_id))) for o, f in zip(objs, facts, strict=True)]


class OtherActFast(Fast):
    model = OtherAct
    party_name = "对象名称"

    def prefetch(self, ctx, values, units):
        return _common(ctx, values)

    def resolve(self, ctx, v, unit, pre):
        officers = _officer_ids(v, pre)
        return dict(
            power_id=_power(v, unit, pre),
            kind=OTHER_KIND[v["类型"]],
            number=v["行为编号"],
            occurred_at=v["时间"],
            officer_a_id=officers[0],
            officer_b_id=officers[1] if len(officers) > 1 else None,
            note=v["内容"] or "",
            load_batch=ctx.batch[:40],
        )

    def breaches(self, ctx, objs):
        out = []
        for o, f in zip(objs, F.act_facts(objs), strict=True):
            ref = ctx.reference(o.region_id)
            out.append(_errors(R.officers_certified(f, ref) + (R.power_held(f, ref) if o.power_id else [])))
        return out


class HazardFast(Fast):
    model = Hazard
    party_name = "对象名称"

    def prefetch(self, ctx, values, units):
        pre = _common(ctx, values, certificates=False, powers=False)
        pre["linked"] = _linked({("行政检查", v["检查行为编号"]) for v in values if v["检查行为编号"]})
        pre["inspection_party"] = dict(
            Inspection.objects.filter(pk__in=set(pre["linked"].values())).values_list("pk", "party_id")
        )
        return pre

    def resolve(self, ctx, v, unit, pre):
        inspection = (
            _need(pre, "行政检查", v["检查行为编号"], "检查行为编号", v["检查行为编号"]) if v["检查行为编号"] else None
        )
        cols = dict(
            inspection_id=inspection,
            category=HAZARD_CATEGORY.get(v["隐患类别"], HazardCategory.OTHER),
            severity=HAZARD_SEVERITY.get(v["等级"] or "", ""),
            description=(v["隐患描述"] or v["隐患类别"])[:300],
            found_on=v["发现日期"],
            number=v["隐患编号"],
            deadline=v["整改期限"],
            rectified_on=v["整改完成日期"],
        )
        if not v["对象名称"]:
            cols["party_id"] = pre["inspection_party"][inspection]
        return cols


class OverloadFast(Fast):
    model = VehicleOverload

    def prefetch(self, ctx, values, units):
        pre = _common(ctx, values, certificates=False, powers=False)
        usccs = {v["源头企业统一社会信用代码"] for v in values if v["源头企业统一社会信用代码"]}
        pre["sources"] = {
            (r, u): pk
            for pk, r, u in Party.objects.filter(uscc__in=usccs, kind=PartyKind.ORG)
            .order_by("-id")
            .values_list("pk", "region_id", "uscc")
        }
        pairs = {("电子监控设备", v["电子监控设备编号"]) for v in values if v["电子监控设备编号"]}
        pairs |= {
            ("行政处罚", f"{v['实施机构统一社会信用代码']}|{v['关联案件编号']}") for v in values if v["关联案件编号"]
        }
        pre["linked"] = _linked(pairs)
        return pre

    def resolve(self, ctx, v, unit, pre):
        source = None
        if v["源头企业统一社会信用代码"]:
            source = pre["sources"].get((unit.region_id, v["源头企业统一社会信用代码"]))
            if source is None:
                raise Bad(
                    "源头企业统一社会信用代码", v["源头企业统一社会信用代码"], "源头企业不是本行政区划登记的当事人"
                )
        case = (
            _need(pre, "行政处罚", f"{unit.uscc}|{v['关联案件编号']}", "关联案件编号", v["关联案件编号"])
            if v["关联案件编号"]
            else None
        )
        device = (
            _need(pre, "电子监控设备", v["电子监控设备编号"], "电子监控设备编号", v["电子监控设备编号"])
            if v["电子监控设备编号"]
            else None
        )
        return dict(
            checked_at=v["检测时间"],
            plate=v["车牌号"].upper(),
            number=v["检测编号"],
            axles=v["轴数"],
            gross_weight=v["车货总重"],
            limit_weight=v["限值"],
            unloaded_tonnage=v["卸载吨数"],
            source_enterprise_id=source,
            case_id=case,
            device_id=device,
        )


class CaseFast(Fast):
    """行政处罚: the case row, then its step rows (法制审核, 听证, 集体讨论, 公示) in one insert per kind."""

    model = PenaltyCase
    party_name = "当事人名称"

    def prefetch(self, ctx, values, units):
        pre = _common(ctx, values)
        pairs = {("行政检查", v["关联检查行为编号"]) for v in values if v["关联检查行为编号"]}
        pairs |= {("电子监控设备", v["电子监控设备编号"]) for v in values if v["电子监控设备编号"]}
        pre["linked"] = _linked(pairs)
        # (区划, 案号) is the unique index: the chunk's regions first, so that the lookup is an index search
        pre["case_nos"] = {
            (r, n): u
            for region in {u.region_id for u in units.values()}
            if not ctx.empty_at_start(("cases", region), lambda r=region: PenaltyCase.objects.filter(region_id=r).exists())
            for r, n, u in _select_in(
                PenaltyCase, ("region_id", "case_no", "unit_id"), "case_no", {v["案件编号"] for v in values}, region_id=region
            )
        }
        names = {v["专项行动名称"] for v in values if v["专项行动名称"]}
        pre["campaigns"] = {(c.region_id, c.name): c.pk for c in Campaign.objects.filter(name__in=names).order_by("-id")}
        ids = {v["法制审核人身份证号码"] for v in values if v["法制审核人身份证号码"]}
        pre["people"] = dict(Person.objects.filter(id_number__in=ids).values_list("id_number", "pk"))
        return pre

    def resolve(self, ctx, v, unit, pre):
        power = pre["power_rows"].get(_power(v, unit, pre))
        owner = pre["case_nos"].get((unit.region_id, v["案件编号"]))
        if owner is not None:
            if owner == unit.pk:
                raise Redo  # the unit's own case, entered in the workspace: updated one by one
            raise Bad("案件编号", v["案件编号"], "本行政区划其他单位已使用该案件编号")
        officers = _officer_ids(v, pre)
        reviewer = None
        if v["法制审核人身份证号码"]:
            reviewer = pre["people"].get(v["法制审核人身份证号码"])
            if reviewer is None:
                raise Bad("法制审核人身份证号码", v["法制审核人身份证号码"], "该身份证号码没有对应的执法人员（请先报送执法人员）")
        inspection = (
            _need(pre, "行政检查", v["关联检查行为编号"], "关联检查行为编号", v["关联检查行为编号"])
            if v["关联检查行为编号"]
            else None
        )
        device = (
            _need(pre, "电子监控设备", v["电子监控设备编号"], "电子监控设备编号", v["电子监控设备编号"])
            if v["电子监控设备编号"]
            else None
        )
        campaign = pre["campaigns"].get((unit.region_id, v["专项行动名称"])) if v["专项行动名称"] else None
        if v["专项行动名称"] and campaign is None:
            raise Bad("专项行动名称", v["专项行动名称"], "该专项行动不存在（请先报送专项行动）")
        return dict(
            power=power,
            campaign_id=campaign,
            officer_a_id=officers[0],
            officer_b_id=officers[1] if len(officers) > 1 else None,
            inspection_id=inspection,
            device_id=device,
            load_batch=ctx.batch[:40],
            _reviewer=reviewer,
            **case_columns(v, ctx.reference(unit.region_id), power),
        )

    def after_insert(self, ctx, ok, objs, parties) -> None:
        steps: dict[type, list] = {}
        for o, case in zip(ok, objs, strict=True):
            for row in case_steps(ctx, o[2], case, o[5], case.party, o[6].get("_reviewer")):
                steps.setdefault(type(row), []).append(row)
        for model, rows in steps.items():
            insert_rows(model, rows)
            _queue_checks(rows)

    def breaches(self, ctx, objs):
        facts = F.case_facts(objs, on_date=objs[0].discovered_at.date())  # each step moves it to its own date
        return [case_breaches(c, ctx.reference(c.region_id), f) for c, f in zip(objs, facts, strict=True)]


FAST_TYPES: dict[str, Fast] = {
    "行政检查": InspectionFast(),
    "行政处罚": CaseFast(),
    "其他执法行为": OtherActFast(),
    "隐患": HazardFast(),
    "超限超载": OverloadFast(),
}


def _party_nature(v: dict) -> str:
    if v.get("相对人性质"):
        return v["相对人性质"]
    idno = v.get("相对人证件号码") or ""
    return "自然人" if idno and not _checked("id", idno)[1] else "法人或其他组织"


def _write_new(rtype, ctx, report, new) -> list:
    """Write the new records set-based; returns the (row, raw) to redo one by one if the write failed."""
    from .loader import _reject

    fast = FAST_TYPES[rtype.name]
    units = ctx.units({n[3][fast.unit_field] for n in new})
    pre = fast.prefetch(ctx, [n[3] for n in new], units)
    allowed: dict[int, DomainError | None] = {}
    ok, raws, redo = [], {}, []
    for row, raw, key, v, digest, data in new:
        try:
            unit = units.get(v[fast.unit_field])
            if unit is None:
                raise Bad(fast.unit_field, v[fast.unit_field], "该统一社会信用代码没有对应的执法主体（请先报送执法主体）")
            if unit.pk not in allowed:
                try:
                    authorize_record(ctx.actor, rtype.name, unit=unit)
                    allowed[unit.pk] = None
                except DomainError as e:
                    allowed[unit.pk] = e
            if allowed[unit.pk] is not None:
                raise allowed[unit.pk]
            pkey = None
            if fast.party_name and v[fast.party_name]:
                nature = _party_nature(v)
                idno = v["相对人证件号码"] or ""
                if nature == "自然人" and idno and not idno[:17].isdigit():
                    raise Bad("相对人证件号码", idno, "相对人性质为自然人时，证件号码应为身份证号码")
                pkey = _party_key(unit.region_id, nature, v[fast.party_name], idno)
            cols = fast.resolve(ctx, v, unit, pre)
        except Redo:
            redo.append((row, raw))
            continue
        except Bad as b:
            _reject(report, row, key, b.field, b.value, b.reason)
            continue
        except DomainError as e:
            _reject(report, row, key, fast.unit_field, v[fast.unit_field], e.message)
            continue
        ok.append((row, key, v, digest, data, unit, cols, pkey))
        raws[row] = raw
    if not ok:
        return redo
    try:
        objs = _insert(rtype, fast, ctx, ok)
    except DatabaseError:  # e.g. a row another writer inserted meanwhile: each record on its own instead
        return redo + [(o[0], raws[o[0]]) for o in ok]
    # (LoadContext.findings off: the rows are written, the findings left to the scans)
    findings = fast.breaches(ctx, objs) if ctx.findings else [None] * len(ok)
    report.created += len(ok)
    for o, found in zip(ok, findings, strict=True):
        if found is not None:
            for x in found:
                report.breaches.append({"row": o[0], "key": o[1], "code": x.code, "message": str(x)})
        if report.per_record:
            result = {"row": o[0], "key": o[1], "status": "created"}
            if found is not None:
                result["breaches"] = [str(x) for x in found]
            report.results.append(result)
    return redo


def _insert(rtype, fast: Fast, ctx, ok):
    from zhifa.core.validators import birth_date_from_id

    with transaction.atomic():
        parties = _existing_parties(ctx, {o[-1] for o in ok if o[-1] is not None})
        flagged = {o[-1] for o in ok if o[-1] is not None and o[2].get("重点保供")}  # named as 重点保供
        marked = []
        if flagged & parties.keys():
            known = {parties[k].pk: parties[k] for k in flagged if k in parties}
            marked = list(Party.objects.filter(pk__in=known, key_supply=False).values_list("pk", flat=True))
            Party.objects.filter(pk__in=marked).update(key_supply=True)
            for pk in marked:
                known[pk].key_supply = True
        fresh = {}
        by_label = {str(label): value for value, label in PartyType.choices}
        for o in ok:
            pkey, v = o[-1], o[2]
            if pkey is None or pkey in parties or pkey in fresh:
                continue
            person = _party_nature(v) == "自然人"
            idno = v["相对人证件号码"] or ""
            category = v.get(fast.party_category) or "" if fast.party_category else ""
            fresh[pkey] = Party(
                region_id=pkey[0],
                kind=PartyKind.PERSON if person else PartyKind.ORG,
                party_type=by_label.get(category) or (PartyType.INDIVIDUAL if person else PartyType.OTHER),
                name=v[fast.party_name],
                id_number=idno if person and idno else "",
                uscc=idno if idno and not person else "",
                birth_date=birth_date_from_id(idno) if person and idno else None,
                key_supply=pkey in flagged,
            )
        if fresh:
            insert_rows(Party, list(fresh.values()))
            parties.update(fresh)  # named in the chunk's audit row
        objs = []
        build = _builder(fast.model)
        for _row, _key, _v, _digest, _data, unit, cols, pkey in ok:
            cols = {**cols, "region_id": unit.region_id, "unit": unit}
            if pkey is not None:
                cols["party"] = parties[pkey]  # the instance: the facts builders read its kind and birth date
            objs.append(build(cols))
        insert_rows(fast.model, objs)
        fast.after_insert(ctx, ok, objs, parties)
        insert_values(
            ExchangeRecord,
            ["record_type", "key", "region_id", "unit_id", "object_id", "digest", "data", "deleted", "batch"],
            [
                (rtype.name, o[1], obj.region_id, obj.unit_id, obj.pk, o[3], JsonText(o[4]), False, ctx.batch)
                for o, obj in zip(ok, objs, strict=True)
            ],
        )
        _queue_checks(objs)
        regions = sorted({o.region_id for o in objs})
        audit(
            actor=ctx.actor,
            action="exchange.bulk_create",
            object_type=fast.model._meta.label_lower,
            object_id=ctx.batch or "-",
            region_code=regions[0] if len(regions) == 1 else "",
            after={
                "record_type": rtype.name,
                "batch": ctx.batch,
                "rows": len(objs),
                "keys": [o[1] for o in ok],
                "ids": [obj.pk for obj in objs],
                "parties_registered": [p.pk for p in fresh.values()],
                "parties_marked_key_supply": marked,
            },
            note=f"数据交换批量新增{rtype.name} {len(objs)} 条",
        )
    ctx.parties.update(fresh)  # committed to the chunk: later chunks of the load find them without a query
    return objs


_BUILDERS: dict[type, Callable[[dict], object]] = {}


def _builder(model) -> Callable[[dict], object]:
    """``cols`` → an unsaved instance as ``model(**cols)`` builds it (the defaults of the fields not given, a relation
    given by its instance cached on it), without the per-keyword work of ``Model.__init__``, which a chunk of
    1,000 rows of 50 columns pays 50,000 times. Keywords that are not concrete fields, and models with init
    signal receivers, go through ``model(**cols)``."""
    if signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model):
        return lambda cols: model(**cols)
    got = _BUILDERS.get(model)
    if got is not None:
        return got
    fixed: dict = {}
    fresh: list = []
    relations: dict[str, str] = {}
    known: set[str] = set()
    for f in model._meta.concrete_fields:
        known.update((f.name, f.attname))
        if f.is_relation:
            relations[f.name] = f.attname
        if f.has_default() and callable(f.default):
            fresh.append(f)
        else:
            fixed[f.attname] = f.get_default()

    relation_names = frozenset(n for n, a in relations.items() if n != a)
    plans: dict[tuple, tuple | None] = {}  # the keys of cols, in order → what to do with them (one layout per caller)

    def plan(keys: tuple):
        private = [k for k in keys if k not in known]  # keys of the caller's own ("_reviewer"), not columns
        if private and not all(k.startswith("_") for k in private):
            return None
        given = set(keys)
        missing = [f for f in fresh if f.name not in given and f.attname not in given]
        return missing, private, [(k, relations[k]) for k in keys if k in relation_names]

    def build(cols: dict):
        keys = tuple(cols)
        try:
            how = plans[keys]
        except KeyError:
            how = plan(keys)
            if len(plans) < 64:  # (bounded: a caller building dicts of varying keys)
                plans[keys] = how
        if how is None:
            return model(**{k: v for k, v in cols.items() if not k.startswith("_")})
        missing, private, related = how
        obj = model.__new__(model)
        obj._state = state = ModelState()
        d = obj.__dict__
        d.update(fixed)
        for f in missing:
            d[f.attname] = f.get_default()
        d.update(cols)
        for k in private:
            del d[k]
        for k, attname in related:  # an instance: its key, and the instance in the cache
            v = d.pop(k)
            d[attname] = None if v is None else v.pk
            state.fields_cache[k] = v
        return obj

    _BUILDERS[model] = build
    return build


def _queue_checks(objs) -> None:
    """The supervision outbox, as post_save would have filled it (bulk_create sends no signal): only for the
    models the supervision hook watches (supervision.hooks.connect)."""
    from zhifa.supervision.hooks import enabled

    if not enabled() or not objs:
        return
    from zhifa.ops.models import PendingCheck
    from zhifa.ops.tasks import schedule_checks

    hooked = {"enforcement.penaltycase", "enforcement.inspection", "enforcement.otheract"}
    hooked |= {"enforcement.legalreview", "enforcement.disclosure"}
    rows = [PendingCheck(label=o._meta.label_lower, object_pk=o.pk) for o in objs if o._meta.label_lower in hooked]
    if rows:
        PendingCheck.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
        schedule_checks()
