"""行政强制执行 in the workspace: 催告 (第三十五条), 陈述申辩 (第三十六条), 强制执行决定 (第三十七条) and the
execution itself with its audio-video recording (第四十三条 on holidays and nights is a warning).

Each view parses its form and calls one ``enforcement.services_coercion`` service with the logged-in user as the
actor; the services run the rules of ``enforcement.rules_coercion`` and ask core.policy, and their refusals come
back at the field they name. Reads go through ``core.access.visible``: another unit's record is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from zhifa.core.access import visible
from zhifa.enforcement import services_coercion as SC
from zhifa.enforcement.choices import ExecutionMethod
from zhifa.enforcement.models import Disclosure, EnforcementExecution

from ..decorators import staff_view
from ..desk import FormBox, Table, badge, bound, handle, offered, page
from ..forms_acts import ExecutionDecideForm, ExecutionDemandForm, ExecutionDoneForm, ExecutionStatementForm
from ..listing import Filter, apply_listing
from .acts_more import _party, act_new
from .common import render_list, unit_choices


def _stage(e: EnforcementExecution) -> tuple[str, str]:
    if e.executed_on:
        return "已执行", "ok"
    if e.decided_on:
        return "已决定待执行", "warn"
    if e.statement_on:
        return "已听取陈述申辩", "warn"
    return "已催告", "warn"


@staff_view
def executions(request):
    qs = visible(EnforcementExecution.objects.select_related("unit", "party", "power"), request.user)
    listing = apply_listing(
        request,
        qs,
        filters=[
            Filter("unit", "单位", "unit_id", unit_choices(request)),
            Filter("method", "执行方式", "method", list(ExecutionMethod.choices)),
            Filter("from", "催告日期起", "demand_on__gte", kind="date_from"),
            Filter("to", "催告日期止", "demand_on__lte", kind="date_to"),
        ],
        search=["decision_no", "party__name", "obligation"],
        order=["-demand_on", "-id"],
    )
    for e in listing.page.object_list:
        e.stage, e.stage_kind = _stage(e)
    new_url = "" if request.scope.unit_id is None else "web:execution_new"
    return render_list(
        request, template="web/partials/executions_table.html", title="行政强制执行", listing=listing, new_url=new_url
    )


@staff_view(actions=("enforcement_execution.demand",))
def execution_new(request):
    return act_new(
        request,
        action="enforcement_execution.demand",
        form_class=ExecutionDemandForm,
        date_field="demand_on",
        call=lambda unit, d: SC.enforcement_execution_demand(
            actor=request.user,
            unit=unit,
            power=d["power"],
            party=_party(user=request.user, unit=unit, data=d),
            method=d["method"],
            obligation=d["obligation"],
            demand_on=d["demand_on"],
            demand_due=d["demand_due"],
            officers=[d["officer_a"], d.get("officer_b")],
        ),
        success=lambda e: f"催告已登记，履行期限至{e.demand_due:%Y-%m-%d}",
        detail="web:execution_detail",
        title="催告（行政强制执行）",
        back="web:executions",
        submit_label="登记催告",
    )


def _with_warnings(request, result):
    e, warnings = result
    for w in warnings:
        messages.warning(request, str(w))
    return e


@staff_view(
    actions=("enforcement_execution.statement", "enforcement_execution.decide", "enforcement_execution.execute")
)
def execution_detail(request, pk: int):
    e = get_object_or_404(
        visible(
            EnforcementExecution.objects.select_related("unit", "party", "power", "officer_a", "officer_b"),
            request.user,
        ),
        pk=pk,
    )
    here = reverse("web:execution_detail", args=[pk])
    forms = []
    unit = e.unit_id
    if offered(request, "statement", "enforcement_execution.statement", unit=unit) and e.decided_on is None:
        f = bound(request, "statement", ExecutionStatementForm)
        done = handle(
            request,
            f,
            lambda d: SC.enforcement_execution_statement(
                actor=request.user, execution=e, on=d["statement_on"], note=d["statement_note"]
            ),
            success="陈述申辩已记录",
            next_url=here,
        )
        if done:
            return done
        forms.append(
            FormBox("statement", "陈述申辩（第三十六条）", f, "记录", note="当事人有权陈述和申辩；应当记录、复核。")
        )
    if offered(request, "decide", "enforcement_execution.decide", unit=unit) and e.decided_on is None:
        f = bound(request, "decide", ExecutionDecideForm)
        done = handle(
            request,
            f,
            lambda d: SC.enforcement_execution_decide(
                actor=request.user,
                execution=e,
                decided_on=d["decided_on"],
                decision_no=d["decision_no"],
                immediate=d["immediate"],
                immediate_reason=d["immediate_reason"],
            ),
            success="强制执行决定已作出，已生成待公示记录",
            next_url=here,
        )
        if done:
            return done
        forms.append(
            FormBox(
                "decide",
                "强制执行决定（第三十七条）",
                f,
                "作出决定",
                note="催告期间届满仍不履行的，方可作出强制执行决定；听取陈述申辩后作出。",
            )
        )
    if (
        offered(request, "execute", "enforcement_execution.execute", unit=unit)
        and e.decided_on is not None
        and e.executed_on is None
    ):
        f = bound(request, "execute", ExecutionDoneForm)

        def execute(d):
            uploads = []
            if d.get("recording"):
                uploads.append(
                    SC.RecordingUpload(
                        stream=d["recording"],
                        original_name=d["recording"].name,
                        device_name=d.get("recording_device") or "执法记录仪",
                        recorded_at=timezone.now(),
                        officer=e.officer_a,
                    )
                )
            return _with_warnings(
                request,
                SC.enforcement_execution_execute(
                    actor=request.user, execution=e, on=d["executed_on"], recordings=uploads
                ),
            )

        done = handle(request, f, execute, success="已登记执行完毕", next_url=here)
        if done:
            return done
        forms.append(
            FormBox(
                "execute",
                "执行（全过程音像记录）",
                f,
                "登记执行",
                multipart=True,
                note="不得在夜间或者法定节假日实施，情况紧急的除外（第四十三条）。",
            )
        )
    stage, kind = _stage(e)
    officers = "、".join(p.name for p in (e.officer_a, e.officer_b) if p)
    facts = [
        ("执行机关", e.unit.name),
        ("当事人", e.party.name),
        ("职权", f"{e.power.code} {e.power.name}"),
        ("执行方式", e.get_method_display()),
        ("所执行的决定及义务", e.obligation),
        ("执法人员", officers),
        ("催告", f"{e.demand_on:%Y-%m-%d}催告，履行期限至{e.demand_due:%Y-%m-%d}"),
        ("陈述申辩", f"{e.statement_on:%Y-%m-%d}：{e.statement_note}" if e.statement_on else "未记录"),
        (
            "强制执行决定",
            f"{e.decided_on:%Y-%m-%d} {e.decision_no}"
            + ("（立即执行：" + e.immediate_reason + "）" if e.immediate else "")
            if e.decided_on
            else "未作出",
        ),
        ("执行", f"{e.executed_on:%Y-%m-%d}执行完毕" if e.executed_on else "未执行"),
    ]
    disclosure = Disclosure.objects.filter(execution=e).first()
    if disclosure is not None:
        facts.append(("公示", f"{disclosure.get_status_display()}，应于{disclosure.due_on:%Y-%m-%d}前公示"))
    recs = [
        [r.original_name, r.device_name, f"{timezone.localtime(r.recorded_at):%Y-%m-%d %H:%M}", r.sha256[:16]]
        for r in e.recordings.order_by("recorded_at")
    ]
    return page(
        request,
        title=f"行政强制执行：{e.party.name}",
        status=badge(stage, kind),
        facts=facts,
        tables=[Table("音像记录", ["文件", "设备", "记录时间", "SHA-256"], recs, id="recordings")],
        forms=forms,
        links=[("返回强制执行", reverse("web:executions"))],
    )
