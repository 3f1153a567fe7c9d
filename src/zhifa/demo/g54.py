"""国办发〔2024〕54号 fields of the generator's inspections (published 2025-01-03): 检查类别, 个案来源, 审批人, 审批时间, 紧急.

An inspection dated on or after ``FROM`` is classed (日常检查 / 个案检查 with its trigger / 专项检查), approved by a
person of the inspecting body beforehand (between one and 72 hours ahead, within the minute at the latest),
or, in an emergency, marked 紧急 and approved afterwards. Scenarios of earlier years send none of this unless
the scenario asks for it (``[acts] inspection_approvals = true``).

The draws come from a random source of their own (seeded from the scenario's seed), so that switching the
fields on or off never changes any other record of the year.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

FROM = dt.date(2025, 1, 3)
CASE_SHARE = 0.08  # of the 日常 inspections: 个案检查 prompted by a complaint, a referral, data or the enterprise
CASE_SOURCES = ("投诉举报", "转办交办", "数据监测", "企业申请")
CASE_SOURCE_P = (0.5, 0.2, 0.2, 0.1)
URGENT_SHARE = 0.01


class Guoban54:
    def __init__(self, seed: int, *, always: bool = False):
        self.rng = np.random.default_rng([seed, 54])
        self.always = always
        self.approvers: dict[int, str] = {}  # unit id -> the approving person's 身份证号码

    def applies(self, started_at: dt.datetime) -> bool:
        return self.always or started_at.date() >= FROM

    def inspection(self, unit, row: dict, record: dict) -> dict:
        """The 54号 fields of one inspection record (empty before the date, unless the scenario asks)."""
        at = row["started_at"]
        if not self.applies(at):
            return {}
        r = self.rng
        out: dict = {}
        if record["检查类别"] == "日常检查" and not record["检查方式"] and r.random() < CASE_SHARE:
            out["检查类别"] = "个案检查"
            out["个案来源"] = CASE_SOURCES[int(r.choice(len(CASE_SOURCES), p=CASE_SOURCE_P))]
        out["审批人身份证号码"] = self.approvers[unit.unit.pk]
        if r.random() < URGENT_SHARE:
            out["紧急"] = True
            out["审批时间"] = at + dt.timedelta(minutes=int(r.integers(30, 48 * 60)))
        else:
            out["紧急"] = False
            out["审批时间"] = at - dt.timedelta(minutes=int(r.integers(0, 72 * 60)))
        return out
