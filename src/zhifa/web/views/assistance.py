"""异地执法协助: a body records the 协助函 for a party registered outside its jurisdiction (enforcement.assistance);
the 司法局 sees the region's records beside the 违规异地执法 alerts."""

from __future__ import annotations

from django.urls import reverse

from zhifa.core.access import visible
from zhifa.enforcement.assistance import assistance_record
from zhifa.enforcement.models import AssistanceRecord
from zhifa.org.models import Unit

from .. import forms_desk as F
from ..decorators import staff_view
from ..desk import FormBox, Table, bound, handle, offered, page


@staff_view(actions=("assistance.record",))
def records(request):
    forms = []
    unit = Unit.objects.filter(pk=request.scope.unit_id).first() if request.scope.unit_id else None
    if offered(request, "record", "assistance.record", unit=unit) and unit is not None:
        f = bound(request, "record", F.AssistanceForm)
        done = handle(
            request,
            f,
            lambda d: assistance_record(actor=request.user, unit=unit, **d),
            success="异地执法协助记录已登记",
            next_url=reverse("web:assistance"),
        )
        if done:
            return done
        forms.append(
            FormBox(
                "record",
                "登记异地执法协助（协助函）",
                f,
                "登记",
                note="当事人登记地（统一社会信用代码第3—8位）不在本单位管辖区域的，执法前应向当地机关发函请求协助；"
                "无覆盖执法日期的协助记录，将列入违规异地执法预警。",
            )
        )
    qs = visible(AssistanceRecord.objects.select_related("unit", "party"), request.user).order_by(
        "-requested_on", "-id"
    )
    rows = [
        [
            r.letter_no,
            r.unit.name,
            r.party.name,
            f"{r.assisting_authority}（{r.assisting_region_code}）",
            r.matter[:40],
            f"{r.requested_on:%Y-%m-%d}至{r.covers_until:%Y-%m-%d}",
        ]
        for r in qs[:200]
    ]
    table = Table(
        "异地执法协助记录",
        ["协助函文号", "执法单位", "当事人", "协助机关", "协助事项", "协助期间"],
        rows,
        id="assistance",
    )
    return page(request, title="异地执法协助", tables=[table], forms=forms)
