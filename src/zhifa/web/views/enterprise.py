"""An enterprise's year of inspections by every body (国办发〔2024〕54号), with 综合查一次 opportunities: separate
visits by different bodies within the window (the region's LawSetting ``joint_window_days``, else the
supervision policy's multi-body window). Reads through ``visible``: a unit sees its own visits only."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from zhifa.core.access import visible
from zhifa.enforcement.facts_inspection import caps_for
from zhifa.enforcement.models import Inspection, Party
from zhifa.metrics.inspection_frequency import joint_opportunities
from zhifa.supervision import policy as supervision_policy
from zhifa.supervision.law_settings import law_setting
from zhifa.supervision.models_law import LawSetting

from ..decorators import staff_view


@staff_view
def enterprise_inspections(request, pk: int):
    party = get_object_or_404(Party, pk=pk)
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    rows = list(
        visible(Inspection.objects.select_related("unit", "power"), request.user)
        .filter(party=party, started_at__year=year)
        .order_by("started_at", "pk")
    )
    setting = law_setting(party.region_id, LawSetting.Key.JOINT_WINDOW_DAYS)
    window, window_source = setting if setting else (supervision_policy.MULTI_UNIT_WINDOW_DAYS, "监督规则默认窗口（多头检查）")
    pairs = joint_opportunities(
        [(timezone.localtime(i.started_at).date(), i.unit_id, i.joint_action_id, i.pk) for i in rows], window
    )
    flagged = {p for a, b, _ in pairs for p in (a, b)}
    by_pk = {i.pk: i for i in rows}
    caps = caps_for(party.region_id, {(i.unit_id, year) for i in rows})
    per_unit = {}
    for i in rows:
        u = per_unit.setdefault(i.unit_id, {"unit": i.unit.name, "n": 0, "cap": caps.get((i.unit_id, year))})
        u["n"] += 1
    return render(
        request,
        "web/enterprise_inspections.html",
        {
            "party": party, "year": year, "rows": rows, "flagged": flagged, "per_unit": per_unit.values(),
            "pairs": [(by_pk[a], by_pk[b], d) for a, b, d in pairs], "window": window, "window_source": window_source,
        },
    )
