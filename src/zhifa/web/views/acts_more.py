"""行政强制 measures, 行政许可 and the disclosure queue: lists, forms and detail pages.

Each view parses its form, calls one enforcement service with the logged-in user as the actor and
renders the result; the services (and core.policy inside them) decide. Reads go through
``zhifa.core.access.visible``, so another unit's record is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from zhifa.core import policy
from zhifa.core.access import visible
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.enforcement import disclosure as DS
from zhifa.enforcement import services_coercion as SC
from zhifa.enforcement import services_licensing as SL
from zhifa.enforcement.assistance import measure_remote_notice
from zhifa.enforcement.choices import CoerciveKind, DisclosureKind, DisclosureStatus, PartyKind
from zhifa.enforcement.models import CoerciveMeasure, Disclosure, LicenceDecision, Party, UnitDisclosureSetting
from zhifa.enforcement.services import party_register
from zhifa.org.models import Unit

from ..decorators import staff_view
from ..forms_acts import (
    LicenceAcceptForm,
    LicenceDecideForm,
    LicenceExtendForm,
    MeasureExtendForm,
    MeasureForm,
    MeasureLiftForm,
    PublishForm,
    WithdrawForm,
    put_errors,
)
from ..listing import Filter, apply_listing
from .common import render_list, unit_choices


def _own_unit(request) -> Unit:
    if request.scope.unit_id is None:
        raise PermissionDenied("监督人员不代替执法单位登记执法行为，请以执法单位账号登录", code="auth.unit_only")
    return Unit.objects.get(pk=request.scope.unit_id)


def _party(*, user, unit, data) -> Party:
    """The party by its 身份证号码 / 统一社会信用代码 in the region, else registered (party_register)."""
    code = data["party_code"].strip().upper()
    kind = data["party_kind"]
    key = {"id_number": code} if kind == PartyKind.PERSON else {"uscc": code}
    found = Party.objects.filter(region_id=unit.region_id, kind=kind, **key).first()
    return found or party_register(actor=user, region=unit.region, kind=kind, name=data["party_name"], **key)


def _today_initial(form, *names):
    if not form.is_bound:
        for n in names:
            form.initial.setdefault(n, timezone.localdate())
    return form


def _submit(request, form, call, *, success, detail: str):
    """Validate ``form``; call ``call(cleaned_data)`` (one service) in a transaction, a refusal put at its field.

    On success: ``success(record)`` as the message, the warnings the service returned with the record, and a
    redirect to the record's page ``detail``. None when the form now carries its errors."""
    if not form.is_valid():
        return None
    try:
        with transaction.atomic():
            result = call(form.cleaned_data)
    except PermissionDenied:
        raise
    except DomainError as exc:
        put_errors(form, exc)
        return None
    obj, warnings = result if isinstance(result, tuple) else (result, ())
    messages.success(request, success(obj))
    for w in warnings:
        messages.warning(request, str(w))
    return redirect(detail, pk=obj.pk)


def act_new(request, *, action: str, form_class, date_field: str, call, success, detail: str, **ctx):
    """A new act of the user's own unit: the form (dated today), then one service ``call(unit, cleaned_data)``."""
    unit = _own_unit(request)
    policy.authorize(request.user, action, unit=unit, conditions=False)
    form = _today_initial(form_class(request.POST or None, request.FILES or None, unit_id=unit.pk), date_field)
    if request.method == "POST":
        done = _submit(request, form, lambda d: call(unit, d), success=success, detail=detail)
        if done:
            return done
    return render(request, "web/act_form.html", {"form": form, **ctx}, status=422 if form.errors else 200)


def _act_step(request, obj, *, action: str, form_class, prefix: str, call, success, detail: str, page):
    """A step on a record's page (extend, lift, decide): POST only, one service, the page again with the errors."""
    policy.authorize(request.user, action, unit=obj.unit_id, conditions=False)
    if request.method != "POST":
        return redirect(detail, pk=obj.pk)
    form = form_class(request.POST, prefix=prefix)
    return _submit(request, form, call, success=success, detail=detail) or page(form)


# ---- 查封 / 扣押 / 冻结 ------------------------------------------------------------------------------
@staff_view
def measures(request):
    qs = visible(CoerciveMeasure.objects.select_related("unit", "party", "power"), request.user)
    listing = apply_listing(
        request,
        qs,
        filters=[
            Filter("unit", "单位", "unit_id", unit_choices(request)),
            Filter("kind", "措施种类", "kind", list(CoerciveKind.choices)),
            Filter("from", "决定日期起", "decided_on__gte", kind="date_from"),
            Filter("to", "决定日期止", "decided_on__lte", kind="date_to"),
        ],
        search=["decision_no", "party__name", "items"],
        order=["-decided_on", "-id"],
    )
    new_url = "" if request.scope.unit_id is None else "web:measure_new"
    return render_list(
        request, template="web/partials/measures_table.html", title="行政强制措施", listing=listing, new_url=new_url
    )


@staff_view(actions=("coercive_measure.decide",))
def measure_new(request):
    def decide(unit, d):
        uploads = []
        if d.get("recording"):
            uploads.append(
                SC.RecordingUpload(
                    stream=d["recording"],
                    original_name=d["recording"].name,
                    device_name=d.get("recording_device") or "执法记录仪",
                    recorded_at=timezone.now(),
                    officer=d["officer_a"],
                )
            )
        return SC.coercive_measure_decide(
            actor=request.user,
            unit=unit,
            power=d["power"],
            party=_party(user=request.user, unit=unit, data=d),
            kind=d["kind"],
            decided_on=d["decided_on"],
            term_days=d["term_days"],
            officers=[d["officer_a"], d.get("officer_b")],
            decision_no=d["decision_no"],
            approved_by=d.get("approved_by", ""),
            reason=d.get("reason", ""),
            items=d.get("items", ""),
            onsite_record=d.get("onsite_record", False),
            recordings=uploads,
            testing_days=d.get("testing_days") or 0,
            testing_notified_on=d.get("testing_notified_on"),
        )

    return act_new(
        request,
        action="coercive_measure.decide",
        form_class=MeasureForm,
        date_field="decided_on",
        call=decide,
        success=lambda m: f"{m.get_kind_display()}决定已登记，期限至{m.due_on:%Y-%m-%d}",
        detail="web:measure_detail",
        title="登记行政强制措施",
        back="web:measures",
        multipart=True,
    )


def _measure_page(request, m, *, extend=None, lift=None, status=200):
    ctx = {
        "m": m,
        "extend": extend or _today_initial(MeasureExtendForm(prefix="ext"), "extension_on"),
        "lift": lift or _today_initial(MeasureLiftForm(prefix="lift"), "lifted_on"),
        "recordings": m.recordings.order_by("recorded_at"),
        "disclosure": Disclosure.objects.filter(measure=m).first(),
        "remote": measure_remote_notice(m),
    }
    return render(request, "web/measure_detail.html", ctx, status=status)


def _visible_measure(request, pk):
    qs = visible(
        CoerciveMeasure.objects.select_related("unit", "party", "power", "officer_a", "officer_b"), request.user
    )
    return get_object_or_404(qs, pk=pk)


@staff_view
def measure_detail(request, pk: int):
    return _measure_page(request, _visible_measure(request, pk))


@staff_view(actions=("coercive_measure.extend",))
def measure_extend(request, pk: int):
    m = _visible_measure(request, pk)
    return _act_step(
        request,
        m,
        action="coercive_measure.extend",
        form_class=MeasureExtendForm,
        prefix="ext",
        call=lambda d: SC.coercive_measure_extend(
            actor=request.user,
            measure=m,
            days=d["extension_days"],
            approved_by=d.get("extension_approved_by", ""),
            on=d["extension_on"],
            reason=d.get("extension_reason", ""),
        ),
        success=lambda m: f"已延长{m.extension_days}日，期限至{m.due_on:%Y-%m-%d}",
        detail="web:measure_detail",
        page=lambda form: _measure_page(request, m, extend=form, status=422),
    )


@staff_view(actions=("coercive_measure.lift",))
def measure_lift(request, pk: int):
    m = _visible_measure(request, pk)
    return _act_step(
        request,
        m,
        action="coercive_measure.lift",
        form_class=MeasureLiftForm,
        prefix="lift",
        call=lambda d: SC.coercive_measure_lift(
            actor=request.user, measure=m, on=d["lifted_on"], reason=d["lift_reason"], note=d.get("lift_note", "")
        ),
        success=lambda m: f"已于{m.lifted_on:%Y-%m-%d}解除",
        detail="web:measure_detail",
        page=lambda form: _measure_page(request, m, lift=form, status=422),
    )


# ---- 行政许可 ---------------------------------------------------------------------------------------
@staff_view
def licences(request):
    qs = visible(LicenceDecision.objects.select_related("unit", "applicant", "power"), request.user)
    listing = apply_listing(
        request,
        qs,
        filters=[
            Filter("unit", "单位", "unit_id", unit_choices(request)),
            Filter("from", "受理日期起", "accepted_on__gte", kind="date_from"),
            Filter("to", "受理日期止", "accepted_on__lte", kind="date_to"),
        ],
        search=["application_no", "decision_no", "subject", "applicant__name"],
        order=["-accepted_on", "-id"],
    )
    new_url = "" if request.scope.unit_id is None else "web:licence_new"
    return render_list(
        request, template="web/partials/licences_table.html", title="行政许可", listing=listing, new_url=new_url
    )


@staff_view(actions=("licence.accept",))
def licence_new(request):
    return act_new(
        request,
        action="licence.accept",
        form_class=LicenceAcceptForm,
        date_field="accepted_on",
        call=lambda unit, d: SL.licence_accept(
            actor=request.user,
            unit=unit,
            power=d["power"],
            applicant=_party(user=request.user, unit=unit, data=d),
            application_no=d["application_no"],
            subject=d["subject"],
            accepted_on=d["accepted_on"],
            officers=[d["officer_a"], d.get("officer_b")],
            excluded_days=d.get("excluded_days") or 0,
            excluded_reason=d.get("excluded_reason", ""),
        ),
        success=lambda x: f"已受理，应于{x.due_on:%Y-%m-%d}前作出决定",
        detail="web:licence_detail",
        title="受理行政许可申请",
        back="web:licences",
    )


def _visible_licence(request, pk):
    qs = visible(LicenceDecision.objects.select_related("unit", "applicant", "power", "officer_a"), request.user)
    return get_object_or_404(qs, pk=pk)


def _licence_page(request, x, *, extend=None, decide=None, status=200):
    ctx = {
        "x": x,
        "extend": extend or _today_initial(LicenceExtendForm(prefix="ext"), "extension_on"),
        "decide": decide or _today_initial(LicenceDecideForm(prefix="dec"), "decided_on"),
        "disclosure": Disclosure.objects.filter(licence=x).first(),
    }
    return render(request, "web/licence_detail.html", ctx, status=status)


@staff_view
def licence_detail(request, pk: int):
    return _licence_page(request, _visible_licence(request, pk))


@staff_view(actions=("licence.extend",))
def licence_extend(request, pk: int):
    x = _visible_licence(request, pk)
    return _act_step(
        request,
        x,
        action="licence.extend",
        form_class=LicenceExtendForm,
        prefix="ext",
        call=lambda d: SL.licence_extend(
            actor=request.user,
            licence=x,
            days=d["extension_days"],
            approved_by=d.get("extension_approved_by", ""),
            on=d["extension_on"],
            reason=d.get("extension_reason", ""),
        ),
        success=lambda x: f"已延长{x.extension_days}个工作日，应于{x.due_on:%Y-%m-%d}前作出决定",
        detail="web:licence_detail",
        page=lambda form: _licence_page(request, x, extend=form, status=422),
    )


@staff_view(actions=("licence.decide",))
def licence_decide(request, pk: int):
    x = _visible_licence(request, pk)
    return _act_step(
        request,
        x,
        action="licence.decide",
        form_class=LicenceDecideForm,
        prefix="dec",
        call=lambda d: SL.licence_decide(
            actor=request.user,
            licence=x,
            decided_on=d["decided_on"],
            result=d["result"],
            decision_no=d["decision_no"],
            refusal_reason=d.get("refusal_reason", ""),
        ),
        success=lambda x: f"已作出{x.get_result_display()}决定",
        detail="web:licence_detail",
        page=lambda form: _licence_page(request, x, decide=form, status=422),
    )


# ---- 公示 queue -------------------------------------------------------------------------------------
@staff_view
def disclosures(request):
    qs = visible(Disclosure.objects.select_related("unit", "case", "measure", "licence", "execution"), request.user)
    listing = apply_listing(
        request,
        qs,
        filters=[
            Filter("unit", "单位", "unit_id", unit_choices(request)),
            Filter("status", "状态", "status", list(DisclosureStatus.choices)),
            Filter("kind", "决定类别", "kind", list(DisclosureKind.choices)),
        ],
        search=["public_text"],
        order=["status", "due_on", "id"],  # 待公示 ("due") sorts first
    )
    setting = None
    if request.scope.unit_id is not None:
        setting = UnitDisclosureSetting.objects.filter(unit_id=request.scope.unit_id).first()
    extra = {"setting": setting, "unit_scope": request.scope.unit_id is not None, "today": timezone.localdate()}
    return render_list(
        request, template="web/partials/disclosures_table.html", title="执法决定公示", listing=listing, extra=extra
    )


@staff_view(actions=("disclosure.publish",))
def disclosure_publish(request, pk: int):
    d = get_object_or_404(visible(Disclosure.objects.all(), request.user), pk=pk)
    policy.authorize(request.user, "disclosure.publish", unit=d.unit_id, conditions=False)
    if request.method != "POST":
        return redirect("web:disclosures")
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "公示日期无效")
        return redirect("web:disclosures")
    try:
        DS.disclosure_publish(actor=request.user, disclosure=d, on=form.cleaned_data["published_on"])
    except PermissionDenied:
        raise
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已公示")
    return redirect("web:disclosures")


@staff_view(actions=("disclosure.withdraw",))
def disclosure_withdraw(request, pk: int):
    """《行政处罚法》第四十八条第二款: a changed or revoked decision is withdrawn within 3 working days."""
    d = get_object_or_404(visible(Disclosure.objects.all(), request.user), pk=pk)
    policy.authorize(request.user, "disclosure.withdraw", unit=d.unit_id, conditions=False)
    if request.method != "POST":
        return redirect("web:disclosures")
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(f"{form.fields[k].label}：{v[0]}" for k, v in form.errors.items()))
        return redirect("web:disclosures")
    c = form.cleaned_data
    try:
        d = DS.disclosure_withdraw(
            actor=request.user, disclosure=d, changed_on=c["changed_on"], on=c["withdrawn_on"], reason=c["reason"]
        )
    except PermissionDenied:
        raise
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        if d.withdrawn_on > d.withdraw_due_on:
            messages.warning(request, f"已撤回，但晚于撤回期限{d.withdraw_due_on:%Y-%m-%d}（三个工作日）")
        else:
            messages.success(request, "已撤回并公开撤回理由")
    return redirect("web:disclosures")


@staff_view(actions=("disclosure.setting",))
def disclosure_setting(request):
    unit = _own_unit(request)
    policy.authorize(request.user, "disclosure.setting", unit=unit, conditions=False)
    if request.method == "POST":
        DS.disclosure_setting_set(actor=request.user, unit=unit, auto_publish=request.POST.get("auto_publish") == "1")
        messages.success(request, "公示设置已保存")
    return redirect("web:disclosures")
