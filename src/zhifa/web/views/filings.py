"""备案 (法制审核事项清单, 音像记录管理制度, 裁量基准) and training (sessions, attendance, hours against the
yearly requirement)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone

from zhifa.core import policy
from zhifa.core.access import person_of, visible
from zhifa.org import services as org
from zhifa.org import training as T
from zhifa.org.models import Person, TrainingSession, Unit
from zhifa.powers import services as ps
from zhifa.powers.models import Filing
from zhifa.supervision.law_settings import training_requirement
from zhifa.supervision.models_law import LawSetting
from zhifa.supervision.services_law import law_setting_set

from .. import forms_desk as F
from ..decorators import staff_view
from ..desk import Cell, FormBox, Table, badge, bound, handle, offered, page


def _own_unit(request):
    return Unit.objects.filter(pk=request.scope.unit_id).first() if request.scope.unit_id else None


@staff_view(actions=("filing.record",))
def filings(request):
    unit = _own_unit(request)
    forms = []
    if offered(request, "filing", "filing.record", unit=unit) and unit is not None:
        f = bound(request, "filing", F.FilingForm)
        done = handle(
            request,
            f,
            lambda d: ps.filing_record(actor=request.user, unit=unit, **d),
            success="已报送备案",
            next_url=reverse("web:filings"),
        )
        if done:
            return done
        forms.append(FormBox("filing", "报送备案", f, "报送", multipart=True))
    may_ack = policy.can(request.user, "filing.acknowledge", region=request.scope.region_code)
    rows = []
    for x in visible(Filing.objects.select_related("unit"), request.user).order_by("-filed_on", "-id")[:200]:
        ack = (
            badge(f"{x.acknowledged_on:%Y-%m-%d} {x.acknowledged_by}签收", "ok")
            if x.acknowledged_on
            else Cell("签收", reverse("web:filing_ack", args=[x.pk]))
            if may_ack
            else badge("待签收", "warn")
        )
        rows.append(
            [
                x.unit.name,
                x.get_kind_display(),
                x.title,
                x.document_no,
                f"{x.filed_on:%Y-%m-%d}",
                Cell("下载", x.document.url) if x.document else "—",
                ack,
            ]
        )
    return page(
        request,
        title="备案",
        tables=[Table("备案文件", ["单位", "类型", "文件", "文号", "日期", "文件", "签收"], rows, id="filings")],
        forms=forms,
    )


@staff_view(actions=("filing.acknowledge",))
def filing_ack(request, pk: int):
    x = get_object_or_404(visible(Filing.objects.all(), request.user), pk=pk)
    if request.method == "POST":
        from django.contrib import messages

        from zhifa.core.errors import DomainError

        try:
            ps.filing_acknowledge(actor=request.user, filing=x, on=timezone.localdate())
            messages.success(request, "已签收")
        except DomainError as exc:
            if exc.code.startswith("auth"):
                raise
            messages.error(request, str(exc))
        return redirect("web:filings")
    from django.shortcuts import render

    return render(request, "web/confirm.html", {"title": f"签收备案：{x.unit.name} {x.title}", "submit": "确认签收"})


@staff_view(actions=("training.record", "law_setting.set"))
def trainings(request):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    person = person_of(request.user)
    unit = _own_unit(request) or (Unit.objects.filter(pk=person.unit_id).first() if person else None)
    people = visible(Person.objects.filter(status="active"), request.user).order_by("unit_id", "id")
    forms = []
    here = f"{reverse('web:trainings')}?year={year}"
    may_record = all([offered(request, key, "training.record", unit=unit) for key in ("entry", "import")])
    if may_record and unit is not None:
        f = bound(request, "entry", F.TrainingEntryForm, people=people)
        done = handle(
            request,
            f,
            lambda d: org.training_record(actor=request.user, organizer=unit, **d),
            success="培训已登记",
            next_url=here,
        )
        if done:
            return done
        forms.append(FormBox("entry", "登记培训", f, "登记"))
        g = bound(request, "import", F.TrainingImportForm)
        done = handle(
            request,
            g,
            lambda d: T.training_import(
                actor=request.user,
                organizer=unit,
                title=d["title"],
                kind=d["kind"],
                held_on=d["held_on"],
                hours=d["hours"],
                data=d["file"].read(),
            ),
            success="培训名单已导入",
            next_url=here,
        )
        if done:
            return done
        forms.append(FormBox("import", "导入培训名单（XLSX）", g, "导入", multipart=True))
    region = request.scope.region_code
    if offered(request, "requirement", "law_setting.set", region=region) and region:
        need = training_requirement(region)
        initial = {"value": int(need.hours), "source_document": need.source} if need.region_code == region else {}
        h = bound(request, "requirement", F.TrainingRequirementForm, initial=initial)
        done = handle(
            request,
            h,
            lambda d: law_setting_set(
                actor=request.user,
                region_code=region,
                key=LawSetting.Key.TRAINING_HOURS,
                value=d["value"],
                source_document=d["source_document"],
            ),
            success="年度培训学时要求已保存",
            next_url=here,
        )
        if done:
            return done
        forms.append(
            FormBox(
                "requirement",
                "本地区年度培训学时要求",
                h,
                "保存",
                note="按所填依据文件设置；下级区划未设置的沿用本设置。",
            )
        )
    need = training_requirement(region)
    sessions = visible(TrainingSession.objects.all(), request.user, unit_field="organizer").filter(held_on__year=year)
    s_rows = [
        [s.title, s.get_kind_display(), f"{s.held_on:%Y-%m-%d}", s.hours, s.attendances.count()]
        for s in sessions.order_by("-held_on")[:100]
    ]
    h_rows = [
        [
            r["person"].name,
            r["person"].unit.name,
            r["hours"],
            r["required"],
            badge("达标" if r["met"] else f"差{r['required'] - r['hours']}学时", "ok" if r["met"] else "danger"),
        ]
        for r in T.hours_by_person(people, year)
    ]
    return page(
        request,
        title=f"{year}年培训",
        facts=[("年度培训学时要求", need.text)],
        tables=[
            Table("培训场次", ["名称", "类型", "日期", "学时", "参训人数"], s_rows, id="sessions"),
            Table(
                f"个人学时（每人每年不少于{need.hours}学时）",
                ["姓名", "单位", "本年学时", "要求", "情况"],
                h_rows,
                id="hours",
            ),
        ],
        forms=forms,
    )
