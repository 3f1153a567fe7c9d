"""The bulk path: load many enforcement acts at once, with the same legal rules as the services.

    loader = BulkLoader(region_code="120110", actor=SYSTEM, batch="demo-2023")
    loader.load_inspections(rows); loader.load_penalty_cases(rows); loader.load_other_acts(rows)
    loader.load_hazards(rows); loader.load_overloads(rows)

Each ``load_*`` call runs in one transaction. Rows (dicts keyed by model attnames; any iterable, a
generator is fine) are validated one by one in chunks, with the rule functions of ``rules.py`` over
reference data preloaded once (``Reference.preload``): no query per row, only one query per chunk for
the rows' parties / linked records. Valid chunks are written with ``bulk_create``; once any row is bad,
nothing more is written, every further row is still checked, and ``BulkRejected`` lists every bad row —
and the transaction rolls back whatever was written, so a rejected load leaves nothing behind.

Penalty-case rows: besides the keys of PenaltyCase (``CASE_KEYS``), a row may carry what the rules need
to see for a legal historical case — ``notified_on`` / ``hearing_waived`` / ``hearing_requested_on`` /
``hearing_notice_on`` / ``hearing_held_on`` (第六十三、六十四条), ``reviewer_id`` / ``reviewed_on`` /
``review_result`` / ``review_opinion`` (第五十八条, writes a LegalReview), ``discussed_on`` (第五十七条,
writes a CollectiveDiscussion), ``extension_days`` + ``extension_approved_by`` (第六十条),
``party_absent`` (第六十一条: else delivery is on the decision day), ``discretion_tier`` /
``discretion_reason`` (第三十四条, 第三十条), ``recordings`` (a count, for powers that require 音像记录),
``previous_case_id`` (第二十九条), and ``disclosed_on`` (a published Disclosure with its computed due_on).
An unknown key is a row error (typos do not pass silently). A missing ``penalty_kinds`` with a fine
means ``["fine"]``.

Historical cases loaded here reach their final status in one step: they carry ``load_batch`` and no
CaseTransition rows. The load's audit row (action ``bulk.load``, with the batch and counts) and the
batch name stand in for the per-step trail; every step's rules on the road to that status were run
(``workflow.path_to``) with that step's own date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from zhifa.core.audit import audit
from zhifa.core.errors import CalendarUnknown, DomainError, RowError, Violation
from zhifa.core.policy import authorize
from zhifa.org.models import Region, Unit
from zhifa.powers.choices import PowerCategory

from . import disclosure as disclosure_mod
from . import rules as R
from . import workflow as W
from .bulk_rows import (
    CASE_KEYS,
    HAZARD_KEYS,
    INSPECTION_KEYS,
    OTHER_KEYS,
    OVERLOAD_KEYS,
    _Bad,
    _choice,
    _chunks,
    _date,
    _datetime,
    _ids,
    _int,
    _money,
    _padded_ids,
    _padded_strings,
    _s,
)
from .choices import (
    CaseStatus,
    DisclosureStatus,
    HazardCategory,
    HazardSeverity,
    InspectionKind,
    InspectionMode,
    OtherActKind,
    Outcome,
    PartyKind,
    PenaltyKind,
    Procedure,
    ReviewResult,
)
from .models import (
    CollectiveDiscussion,
    Disclosure,
    Hazard,
    Hearing,
    Inspection,
    LegalReview,
    OtherAct,
    Party,
    PenaltyCase,
    VehicleOverload,
)
from .reference import Reference

CHUNK = 2000
MAX_ERRORS = 10000  # after this many, the rejection lists the first ones and the count


class BulkRejected(DomainError):
    """A load refused as a whole: ``errors`` names every bad row, nothing was written."""

    code = "bulk.rejected"

    def __init__(self, errors: list[RowError], *, kind: str = "", total_errors: int | None = None):
        self.errors = list(errors)
        self.total_errors = total_errors if total_errors is not None else len(self.errors)
        rows = len({e.row for e in self.errors})
        super().__init__(f"批量导入{kind}被整体拒绝：{rows}行共{self.total_errors}处错误，未写入任何记录")

    def __str__(self) -> str:
        head = "\n".join(str(e) for e in self.errors[:50])
        more = f"\n……另有{len(self.errors) - 50}处" if len(self.errors) > 50 else ""
        return f"{self.message}\n{head}{more}"


class BulkLoader:
    def __init__(self, *, region_code: str, actor, batch: str = "", chunk_size: int = CHUNK):
        authorize(actor, "acts.import", region=region_code)
        if not Region.objects.filter(code=region_code).exists():
            raise DomainError(f"行政区划“{region_code}”不存在", field="region_code", code="bulk.region")
        if len(batch) > 40:
            raise DomainError("批次名称不超过40个字符", field="batch", code="bulk.batch")
        self.region_code = region_code
        self.actor = actor
        self.batch = batch
        self.chunk_size = chunk_size
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.ref = Reference(region_code).preload()
        self._keysets: dict[frozenset, list[str]] = {}

    # ---- the frame shared by every load --------------------------------------------------------------
    def _load(
        self,
        kind: str,
        model,
        allowed: frozenset,
        rows: Iterable[dict],
        prefetch: Callable[[list], dict],
        build: Callable[[int, dict, dict], object],
        after_chunk: Callable[[list, dict], dict] | None = None,
    ) -> int:
        errors: list[RowError] = []
        total_errors = 0
        written = 0
        extra_counts: dict[str, int] = {}
        with transaction.atomic():
            for chunk in _chunks(rows, self.chunk_size):
                ctx = prefetch(chunk)
                objs = []
                for i, row in chunk:
                    row_errors = self._unknown_keys(i, row, allowed)
                    if not row_errors:
                        try:
                            result = build(i, row, ctx)
                        except _Bad as b:
                            row_errors = [RowError(i, b.column, _s(b.value), b.reason)]
                        except CalendarUnknown as e:
                            row_errors = [RowError(i, e.field or "date", "", e.message)]
                        else:
                            if isinstance(result, list):
                                row_errors = result
                            elif not errors:
                                objs.append(result)
                    if row_errors:
                        total_errors += len(row_errors)
                        if len(errors) < MAX_ERRORS:
                            errors.extend(row_errors[: MAX_ERRORS - len(errors)])
                if errors:
                    continue  # keep checking, write nothing more
                instances = [o[0] if isinstance(o, tuple) else o for o in objs]
                model.objects.bulk_create(instances, batch_size=500)
                written += len(instances)
                if after_chunk is not None:
                    for k, v in after_chunk(objs, ctx).items():
                        extra_counts[k] = extra_counts.get(k, 0) + v
            if errors:
                raise BulkRejected(errors, kind=str(model._meta.verbose_name), total_errors=total_errors)
            audit(
                actor=self.actor,
                action="bulk.load",
                object_type=model._meta.label_lower,
                object_id=self.batch or "-",
                region_code=self.region_code,
                after={"kind": kind, "batch": self.batch, "rows": written, **extra_counts},
                note=f"批量导入{model._meta.verbose_name} {written} 条",
            )
        return written

    def _unknown_keys(self, i: int, row: dict, allowed: frozenset) -> list[RowError]:
        keys = frozenset(row)
        bad = self._keysets.get(keys)
        if bad is None:
            bad = sorted(keys - allowed)
            self._keysets[keys] = bad
        return [RowError(i, k, _s(row[k]), "未知的列") for k in bad]

    def _violations(self, i: int, row: dict, violations: list[Violation]) -> list[RowError]:
        out = []
        for v in violations:
            if v.severity != "error":
                continue
            column = v.field or "-"
            if column not in row and f"{column}_id" in row:  # rules name fields, rows carry attnames
                column = f"{column}_id"
            out.append(RowError(i, column, _s(row.get(column, "")), str(v)))
        return out

    def _parties(self, ids: set[int]) -> dict[int, tuple]:
        if not ids:
            return {}
        return {
            p[0]: p
            for p in Party.objects.filter(region_id=self.region_code, id__in=_padded_ids(ids)).values_list(
                "id", "kind", "birth_date", "name", "id_number"
            )
        }

    def _existing(self, model, ids: set[int]) -> set[int]:
        if not ids:
            return set()
        return set(
            model.objects.filter(region_id=self.region_code, id__in=_padded_ids(ids)).values_list("id", flat=True)
        )

    def _fk(self, row, key, known: Callable[[int], bool], label: str) -> int | None:
        v = _int(row, key)
        if v is not None and not known(v):
            raise _Bad(key, v, f"{label}不存在或不属于本行政区划")
        return v

    # ---- 行政检查 ----------------------------------------------------------------------------------------
    def load_inspections(self, rows: Iterable[dict]) -> int:
        def prefetch(chunk):
            return {"parties": self._parties(_ids(chunk, "party_id"))}

        def build(i, row, ctx):
            started_at = _datetime(row, "started_at", self.tz)
            party_id = _int(row, "party_id", required=True)
            if party_id not in ctx["parties"]:
                raise _Bad("party_id", party_id, "当事人不存在或不属于本行政区划")
            unit_id = _int(row, "unit_id", required=True)
            power_id = _int(row, "power_id", required=True)
            a, b = _int(row, "officer_a_id", required=True), _int(row, "officer_b_id")
            facts = R.ActFacts(
                unit_id, power_id, started_at.astimezone(self.tz).date(), (a, b), category=PowerCategory.INSPECTION
            )
            bad = self._violations(i, row, R.run(R.ACT_RULES, facts, self.ref))
            if bad:
                return bad
            return Inspection(
                region_id=self.region_code,
                unit_id=unit_id,
                power_id=power_id,
                party_id=party_id,
                started_at=started_at,
                mode=_choice(row, "mode", InspectionMode, InspectionMode.ON_SITE),
                kind=_choice(row, "kind", InspectionKind, InspectionKind.ROUTINE),
                officer_a_id=a,
                officer_b_id=b,
                campaign_id=self._fk(row, "campaign_id", self.ref.campaign_exists, "专项行动"),
                joint_action_id=self._fk(row, "joint_action_id", self.ref.joint_action_exists, "联合行动"),
                plan_id=self._fk(row, "plan_id", self.ref.plan_exists, "检查计划"),
                findings=row.get("findings") or "",
                load_batch=self.batch,
            )

        return self._load("inspections", Inspection, INSPECTION_KEYS, rows, prefetch, build)

    # ---- 巡查 / 现场规范 / 教育改正 -------------------------------------------------------------------------
    def load_other_acts(self, rows: Iterable[dict]) -> int:
        def prefetch(chunk):
            return {"parties": self._parties(_ids(chunk, "party_id"))}

        def build(i, row, ctx):
            occurred_at = _datetime(row, "occurred_at", self.tz)
            party_id = _int(row, "party_id")
            if party_id is not None and party_id not in ctx["parties"]:
                raise _Bad("party_id", party_id, "当事人不存在或不属于本行政区划")
            unit_id = _int(row, "unit_id", required=True)
            power_id = _int(row, "power_id")
            a, b = _int(row, "officer_a_id", required=True), _int(row, "officer_b_id")
            day = occurred_at.astimezone(self.tz).date()
            facts = R.ActFacts(unit_id, power_id, day, (a, b))
            found = R.officers_certified(facts, self.ref)
            if power_id is not None:
                found += R.power_held(facts, self.ref)
            else:
                unit = self.ref.unit(unit_id)
                if unit is None or not unit.active_on(day):
                    raise _Bad("unit_id", unit_id, "单位不存在、不属于本行政区划或当日未设立")
            bad = self._violations(i, row, found)
            if bad:
                return bad
            return OtherAct(
                region_id=self.region_code,
                unit_id=unit_id,
                power_id=power_id,
                party_id=party_id,
                kind=_choice(row, "kind", OtherActKind),
                occurred_at=occurred_at,
                officer_a_id=a,
                officer_b_id=b,
                note=row.get("note") or "",
                load_batch=self.batch,
            )

        return self._load("other_acts", OtherAct, OTHER_KEYS, rows, prefetch, build)

    # ---- 隐患 ------------------------------------------------------------------------------------------
    def load_hazards(self, rows: Iterable[dict]) -> int:
        def prefetch(chunk):
            return {
                "parties": self._parties(_ids(chunk, "party_id")),
                "inspections": self._existing(Inspection, _ids(chunk, "inspection_id")),
            }

        def build(i, row, ctx):
            unit_id = _int(row, "unit_id", required=True)
            party_id = _int(row, "party_id", required=True)
            if party_id not in ctx["parties"]:
                raise _Bad("party_id", party_id, "当事人不存在或不属于本行政区划")
            inspection_id = _int(row, "inspection_id")
            if inspection_id is not None and inspection_id not in ctx["inspections"]:
                raise _Bad("inspection_id", inspection_id, "检查记录不存在或不属于本行政区划")
            found_on = _date(row, "found_on", required=True)
            deadline = _date(row, "deadline", required=True)
            rectified_on = _date(row, "rectified_on")
            unit = self.ref.unit(unit_id)
            if unit is None or not unit.active_on(found_on):
                raise _Bad("unit_id", unit_id, "单位不存在、不属于本行政区划或当日未设立")
            if deadline < found_on:
                raise _Bad("deadline", deadline, "整改期限不能早于发现日期")
            if rectified_on is not None and rectified_on < found_on:
                raise _Bad("rectified_on", rectified_on, "整改完成日期不能早于发现日期")
            return Hazard(
                region_id=self.region_code,
                unit_id=unit_id,
                inspection_id=inspection_id,
                party_id=party_id,
                category=_choice(row, "category", HazardCategory),
                severity=_choice(row, "severity", HazardSeverity, HazardSeverity.GENERAL),
                description=(row.get("description") or "")[:300],
                found_on=found_on,
                deadline=deadline,
                rectified_on=rectified_on,
            )

        return self._load("hazards", Hazard, HAZARD_KEYS, rows, prefetch, build)

    # ---- 超限超载 ---------------------------------------------------------------------------------------
    def load_overloads(self, rows: Iterable[dict]) -> int:
        def prefetch(chunk):
            return {
                "parties": self._parties(_ids(chunk, "source_enterprise_id")),
                "cases": self._existing(PenaltyCase, _ids(chunk, "case_id")),
            }

        def build(i, row, ctx):
            unit_id = _int(row, "unit_id", required=True)
            checked_at = _datetime(row, "checked_at", self.tz)
            day = checked_at.astimezone(self.tz).date()
            unit = self.ref.unit(unit_id)
            if unit is None or not unit.active_on(day):
                raise _Bad("unit_id", unit_id, "单位不存在、不属于本行政区划或当日未设立")
            plate = str(row.get("plate") or "").strip().upper()
            if not plate or len(plate) > 12:
                raise _Bad("plate", plate, "车牌号必填，且不超过12个字符")
            axles = _int(row, "axles", required=True)
            if not 2 <= axles <= 12:
                raise _Bad("axles", axles, "轴数应在2–12之间")
            gross, limit = _money(row, "gross_weight"), _money(row, "limit_weight")
            unloaded = _money(row, "unloaded_tonnage")
            if limit <= 0:
                raise _Bad("limit_weight", row.get("limit_weight"), "限值应大于0")
            if gross <= limit:
                raise _Bad(
                    "gross_weight", row.get("gross_weight"), f"车货总重{gross}吨未超过限值{limit}吨，不是超限超载"
                )
            if unloaded > gross:
                raise _Bad("unloaded_tonnage", row.get("unloaded_tonnage"), "卸载吨数不能超过车货总重")
            source = _int(row, "source_enterprise_id")
            if source is not None:
                p = ctx["parties"].get(source)
                if p is None or p[1] != PartyKind.ORG:
                    raise _Bad("source_enterprise_id", source, "源头企业应为本行政区划登记的单位当事人")
            case_id = _int(row, "case_id")
            if case_id is not None and case_id not in ctx["cases"]:
                raise _Bad("case_id", case_id, "案件不存在或不属于本行政区划")
            device_id = _int(row, "device_id")
            if device_id is not None and self.ref.device(device_id) is None:
                raise _Bad("device_id", device_id, "检测设备不存在或不属于本行政区划")
            return VehicleOverload(
                region_id=self.region_code,
                unit_id=unit_id,
                checked_at=checked_at,
                plate=plate,
                axles=axles,
                gross_weight=gross,
                limit_weight=limit,
                unloaded_tonnage=unloaded,
                source_enterprise_id=source,
                case_id=case_id,
                joint_action_id=self._fk(row, "joint_action_id", self.ref.joint_action_exists, "联合行动"),
                device_id=device_id,
            )

        return self._load("overloads", VehicleOverload, OVERLOAD_KEYS, rows, prefetch, build)

    # ---- 行政处罚案件 -------------------------------------------------------------------------------------
    def load_penalty_cases(self, rows: Iterable[dict]) -> int:
        # Duplicate case numbers: rows already written in this load are found by the per-chunk query
        # ("taken", same transaction); ``pending`` holds hashes of valid rows not yet written (the current
        # chunk, or every chunk after a first bad row), so memory stays flat while a load is good.
        pending: set[int] = set()
        ref = self.ref
        power_names = {pid: p.name for pid, p in ref._powers.items() if p is not None}
        unit_names = dict(Unit.objects.filter(region_id=self.region_code).values_list("id", "name"))

        def prefetch(chunk):
            case_nos = {str(r.get("case_no") or "") for _, r in chunk}
            return {
                "parties": self._parties(_ids(chunk, "party_id")),
                "inspections": self._existing(Inspection, _ids(chunk, "inspection_id")),
                "previous": dict(
                    PenaltyCase.objects.filter(
                        region_id=self.region_code, id__in=_padded_ids(_ids(chunk, "previous_case_id"))
                    ).values_list("id", "fine_amount")
                ),
                "taken": set(
                    PenaltyCase.objects.filter(
                        region_id=self.region_code, case_no__in=_padded_strings(case_nos)
                    ).values_list("case_no", flat=True)
                ),
            }

        def build(i, row, ctx):
            procedure = _choice(row, "procedure", Procedure)
            status = _choice(row, "status", CaseStatus)
            path = W.path_to(procedure, status)
            if not path:
                raise _Bad("status", status, f"{Procedure(procedure).label}的历史案件不能以此状态导入")
            reached = {t.to_status for t in path}
            case_no = str(row.get("case_no") or "").strip()
            if not case_no or len(case_no) > 60:
                raise _Bad("case_no", case_no, "案号必填，且不超过60个字符")
            h = hash(case_no)
            if h in pending or case_no in ctx["taken"]:
                raise _Bad("case_no", case_no, "案号在本行政区划重复")
            party_id = _int(row, "party_id", required=True)
            party = ctx["parties"].get(party_id)
            if party is None:
                raise _Bad("party_id", party_id, "当事人不存在或不属于本行政区划")
            discovered_at = _datetime(row, "discovered_at", self.tz)
            act_date = _date(row, "act_date", required=True)
            filed_on = _date(row, "filed_on", required=procedure == Procedure.ORDINARY)
            decided_on = _date(
                row, "decided_on", required=CaseStatus.DECIDED in reached or status == CaseStatus.NO_PENALTY
            )
            delivered_on = _date(row, "delivered_on", required=CaseStatus.DELIVERED in reached)
            fine = _money(row, "fine_amount")
            paid_on = _date(row, "paid_on", required=CaseStatus.EXECUTED in reached and fine > 0)
            closed_on = _date(row, "closed_on", required=status == CaseStatus.CLOSED)
            notified_on = _date(row, "notified_on")
            default_outcome = Outcome.PENALTY if CaseStatus.DECIDED in reached else ""
            outcome = _choice(row, "outcome", Outcome, default_outcome, required=False)
            kinds = row.get("penalty_kinds") or []
            if isinstance(kinds, str):
                kinds = [kinds]
            if not kinds and fine > 0:
                kinds = [PenaltyKind.FINE]  # a fine amount is a 罚款 (第九条第（二）项); nothing else is guessed
            for k in kinds:
                if k not in R.values_of(PenaltyKind):
                    raise _Bad("penalty_kinds", k, "处罚种类无效（《行政处罚法》第九条）")
            prev_id = _int(row, "previous_case_id")
            if prev_id is not None and prev_id not in ctx["previous"]:
                raise _Bad("previous_case_id", prev_id, "前案不存在或不属于本行政区划")
            inspection_id = _int(row, "inspection_id")
            if inspection_id is not None and inspection_id not in ctx["inspections"]:
                raise _Bad("inspection_id", inspection_id, "检查记录不存在或不属于本行政区划")
            reviewer_id = _int(row, "reviewer_id")
            reviews = ()
            if reviewer_id is not None:
                reviews = (
                    R.ReviewFacts(
                        reviewer_id,
                        _date(row, "reviewed_on", required=True),
                        _choice(row, "review_result", ReviewResult, ReviewResult.APPROVE),
                    ),
                )
            discussed_on = _date(row, "discussed_on")
            a, b = _int(row, "officer_a_id", required=True), _int(row, "officer_b_id")
            unit_id, power_id = _int(row, "unit_id", required=True), _int(row, "power_id", required=True)
            facts = R.CaseFacts(
                unit_id=unit_id,
                power_id=power_id,
                procedure=procedure,
                on_date=act_date,
                officer_ids=(a, b),
                party_kind=party[1],
                party_birth_date=party[2],
                act_date=act_date,
                discovered_on=discovered_at.astimezone(self.tz).date(),
                outcome=outcome,
                penalty_kinds=tuple(kinds),
                fine_amount=fine,
                filed_on=filed_on,
                extension_days=_int(row, "extension_days") or 0,
                extension_approved_by=row.get("extension_approved_by") or "",
                notified_on=notified_on,
                hearing_waived=bool(row.get("hearing_waived")),
                hearing_requested_on=_date(row, "hearing_requested_on"),
                hearing_notice_on=_date(row, "hearing_notice_on"),
                hearing_held_on=_date(row, "hearing_held_on"),
                reviews=reviews,
                discussions=1 if discussed_on else 0,
                decided_on=decided_on,
                discretion_tier=row.get("discretion_tier") or "",
                discretion_reason=row.get("discretion_reason") or "",
                is_major=bool(row.get("is_major")),
                first_offence=bool(row.get("first_offence")),
                harm_minor=bool(row.get("harm_minor")),
                corrected=bool(row.get("corrected")),
                harms_life_or_finance=bool(row.get("harms_life_or_finance")),
                party_absent=bool(row.get("party_absent")),
                delivered_on=delivered_on,
                paid_on=paid_on,
                paid_amount=_money(row, "paid_amount"),
                device_id=_int(row, "device_id"),
                previous_case_fined=bool(prev_id is not None and ctx["previous"][prev_id] > 0),
                recordings=_int(row, "recordings") or 0,
            )
            step_dates = {
                "filed_on": filed_on,
                "notified_on": notified_on or decided_on or filed_on,
                "decided_on": decided_on,
                "delivered_on": delivered_on,
                "paid_on": paid_on or delivered_on,
                "closed_on": closed_on,
            }
            found: list[Violation] = []
            done: set = set()
            for t in path:
                day = step_dates.get(t.date_field) or facts.on_date
                if t.to_status == CaseStatus.INVESTIGATING:
                    day = filed_on
                facts.on_date = day
                for rule in t.rules:
                    key = (rule, day)
                    if key in done:
                        continue
                    done.add(key)
                    found.extend(rule(facts, ref))
            last_step = paid_on or delivered_on or decided_on
            if closed_on and last_step and closed_on < last_step:
                found.append(Violation("close.order", "结案日期不能早于此前各环节日期", "", "closed_on"))
            bad = self._violations(i, row, found)
            if bad:
                return bad
            pending.add(h)
            decision_due = ref.calendar_days(filed_on, R.DECISION_DAYS + facts.extension_days) if filed_on else None
            payment_due = ref.calendar_days(delivered_on, R.PAYMENT_DAYS) if delivered_on and fine > 0 else None
            case = W.historical_case(
                status=status,
                region_id=self.region_code,
                unit_id=unit_id,
                power_id=power_id,
                party_id=party_id,
                procedure=procedure,
                case_no=case_no,
                violation=str(row.get("violation") or "")[:200],
                act_date=act_date,
                discovered_at=discovered_at,
                filed_on=filed_on,
                decision_due=decision_due,
                extension_days=facts.extension_days,
                extension_approved_by=facts.extension_approved_by,
                notified_on=notified_on,
                hearing_request_due=ref.working_days(notified_on, R.HEARING_REQUEST_WORKING_DAYS)
                if notified_on
                else None,
                decided_on=decided_on,
                decision_no=str(row.get("decision_no") or ""),
                outcome=outcome,
                penalty_kinds=list(kinds),
                fine_amount=fine,
                confiscation_amount=_money(row, "confiscation_amount"),
                discretion_tier=facts.discretion_tier,
                discretion_reason=facts.discretion_reason,
                officer_a_id=a,
                officer_b_id=b,
                is_major=facts.is_major,
                first_offence=facts.first_offence,
                harm_minor=facts.harm_minor,
                corrected=facts.corrected,
                harms_life_or_finance=facts.harms_life_or_finance,
                party_absent=facts.party_absent,
                delivered_on=delivered_on,
                payment_due=payment_due,
                paid_on=paid_on,
                paid_amount=facts.paid_amount,
                surcharge=R.late_surcharge(fine, payment_due, paid_on),
                closed_on=closed_on,
                campaign_id=self._fk(row, "campaign_id", ref.campaign_exists, "专项行动"),
                inspection_id=inspection_id,
                device_id=facts.device_id,
                previous_case_id=prev_id,
                load_batch=self.batch,
            )
            extra = {
                "disclosed_on": _date(row, "disclosed_on"),
                "party": party,
                "review": (reviews, row.get("review_opinion") or "同意"),
                "hearing": (facts.hearing_requested_on, facts.hearing_notice_on, facts.hearing_held_on, row),
                "discussed_on": discussed_on,
                "discussion_attendees": row.get("discussion_attendees") or "",
            }
            if extra["disclosed_on"] and not (
                procedure == Procedure.ORDINARY and decided_on and outcome == Outcome.PENALTY
            ):
                raise _Bad("disclosed_on", extra["disclosed_on"], "只有普通程序的处罚决定写入公示记录")
            if extra["disclosed_on"] and decided_on and extra["disclosed_on"] < decided_on:
                raise _Bad("disclosed_on", extra["disclosed_on"], "公示日期不能早于决定日期")
            return (case, extra)

        def after_chunk(objs, ctx):
            pending.clear()
            disclosures, reviews, hearings, discussions = [], [], [], []
            for case, extra in objs:
                if extra["disclosed_on"]:
                    party = extra["party"]
                    disclosures.append(
                        Disclosure(
                            region_id=self.region_code,
                            unit_id=case.unit_id,
                            case_id=case.pk,
                            status=DisclosureStatus.PUBLISHED,
                            due_on=ref.working_days(case.decided_on, R.DISCLOSURE_WORKING_DAYS),
                            published_on=extra["disclosed_on"],
                            public_text=disclosure_mod.public_text_from(
                                case=case,
                                party_kind=party[1],
                                party_name=party[3],
                                party_id_number=party[4],
                                unit_name=unit_names.get(case.unit_id, ""),
                                power_name=power_names.get(case.power_id, ""),
                            ),
                        )
                    )
                for r in extra["review"][0]:
                    reviews.append(
                        LegalReview(
                            case_id=case.pk,
                            region_id=self.region_code,
                            reviewer_id=r.reviewer_id,
                            reviewed_on=r.reviewed_on,
                            result=r.result,
                            opinion=extra["review"][1],
                        )
                    )
                requested, notice, held, row = extra["hearing"]
                if requested:
                    hearings.append(
                        Hearing(
                            case_id=case.pk,
                            region_id=self.region_code,
                            requested_on=requested,
                            notice_on=notice,
                            held_on=held,
                            host=row.get("hearing_host") or "",
                        )
                    )
                if extra["discussed_on"]:
                    discussions.append(
                        CollectiveDiscussion(
                            case_id=case.pk,
                            region_id=self.region_code,
                            held_on=extra["discussed_on"],
                            attendees=extra["discussion_attendees"] or "机关负责人",
                            conclusion="同意",
                        )
                    )
            for model, items in ((Disclosure, disclosures), (LegalReview, reviews), (Hearing, hearings)):
                if items:
                    model.objects.bulk_create(items, batch_size=500)
            if discussions:
                CollectiveDiscussion.objects.bulk_create(discussions, batch_size=500)
            return {
                "disclosures": len(disclosures),
                "legal_reviews": len(reviews),
                "hearings": len(hearings),
                "collective_discussions": len(discussions),
            }

        return self._load("penalty_cases", PenaltyCase, CASE_KEYS, rows, prefetch, build, after_chunk)
