"""The staff workspace's calls into the other apps' services, in one place.

The web layer owns no rule: transitions, inspections, alerts and reports are the services' of
``zhifa.enforcement``, ``zhifa.supervision`` and ``zhifa.reports``. This module adapts their calls to
the views (form data in, model out) and nothing else.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from zhifa.core.errors import Violation
from zhifa.enforcement.choices import CaseStatus

FINAL_STATUSES = (CaseStatus.CLOSED, CaseStatus.NO_PENALTY, CaseStatus.TRANSFERRED, CaseStatus.WITHDRAWN)


def _module(name: str):
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


# ---- case workflow ------------------------------------------------------------------------------


@dataclass
class TransitionOption:
    to_status: str
    label: str
    allowed: bool
    violations: list[Violation] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)  # extra inputs the step needs (e.g. review opinion)


def workflow_available() -> bool:
    mod = _module("zhifa.enforcement.workflow")
    return mod is not None and hasattr(mod, "case_transition")


def transition_options(*, case, user) -> list[TransitionOption]:
    return []


def transition_perform(*, case, user, to_status: str, data) -> None:
    from zhifa.core.errors import DomainError

    raise DomainError("案件流转服务尚未上线", code="web.workflow_missing")


# ---- inspections --------------------------------------------------------------------------------


def inspection_record(*, user, unit_id: int, data: dict):
    from zhifa.core.errors import DomainError

    raise DomainError("行政检查登记服务尚未上线", code="web.inspection_missing")


# ---- supervision ------------------------------------------------------------------------------


def alert_monthly(*, user, year: int) -> list[dict]:
    return [{"name": "预警", "data": [0] * 12}]


def rectification_monthly(*, user, year: int) -> list[dict]:
    return []


def open_alert_count(*, user) -> int:
    return 0


def alert_actions(*, alert, user) -> list[dict]:
    return []


def alert_perform(*, alert, user, action: str, data) -> None:
    from zhifa.core.errors import DomainError

    raise DomainError("预警处理服务尚未上线", code="web.alerts_missing")


# ---- reports ---------------------------------------------------------------------------------------


def generate(*, job, progress):
    from zhifa.core.errors import DomainError

    raise DomainError("报告生成服务尚未上线", code="web.reports_missing")
