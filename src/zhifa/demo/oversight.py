"""Supervision of the year (案卷评查, 执法检查, 月度通报) and the report texts, through the supervision and reports services."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from zhifa.metrics.base import months_shared
from zhifa.reports.texts import report_text_set
from zhifa.supervision import policy
from zhifa.supervision import services as sv

from .base import (
    _allocate,
)


class OversightMixin:
    # ------------------------------------------------------------------ supervision
    def make_supervision(self):
        sup = self.sc.supervision
        if not sup:
            return
        r = self.rng
        y = self.year
        total = sup.get("case_file_reviews", 0)
        per_q = _allocate([1, 1, 1, 1], total)
        items = policy.REVIEW_ITEMS  # the standard 评查 sheet: item -> full marks
        for q, size in enumerate(per_q, start=1):
            if not size:
                continue
            drawn = sv.review_sample(
                actor=self.actor, region_code=self.code, year=y, quarter=q, size=int(size), seed=self.sc.seed
            )
            reviewed_on = sv.quarter_bounds(y, q)[1] + dt.timedelta(days=10)
            if reviewed_on.year > y:
                reviewed_on = dt.date(y, 12, 28)
            for rv in drawn:
                scores = {
                    k: max(0, int(m) - int(r.integers(0, 3)) * (1 if r.random() < 0.4 else 0)) for k, m in items.items()
                }
                sv.review_score(
                    actor=self.actor,
                    review=rv,
                    scores=scores,
                    reviewed_on=reviewed_on,
                    reviewer_name="区司法局执法监督科",
                )
        justice = "区司法局执法监督科"
        for k, short in enumerate(sup.get("inspected_units", [])):
            u = self.units[short]
            sv.supervision_inspection_record(
                actor=self.actor,
                unit=u.unit,
                inspected_on=dt.date(y, 6 + k, 6 + 3 * k),
                inspectors=justice,
                scope="随机抽查执法案卷，实地查看执法装备和执法音像管理情况",
                files_checked=int(r.integers(8, 20)),
                findings="个别案卷文书填写不规范，音像记录归档不及时",
            )
        out = settings.REPORT_ROOT / "bulletins" / self.code
        with months_shared():  # the bulletins write no acts: each month's acts are grouped once for the year
            for m in range(1, sup.get("bulletins", 0) + 1):
                sv.bulletin_issue(actor=self.actor, region_code=self.code, month=dt.date(y, m, 1), out_dir=out)

    # ------------------------------------------------------------------ texts
    def make_texts(self):
        for key, text in self.sc.texts.items():
            report_text_set(actor=self.actor, region_code=self.code, year=self.year, key=key, text=text)
