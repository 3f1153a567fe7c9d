"""The catalogue of supervision alert rules (预警规则目录), a package by kind.

- ``record``: rules the case workflow also guards (办案超期, 应审未审, 音像记录, 持证, 一人执法, 简易程序限额,
  裁量基准, 电子监控设备): candidates found by query, verdict from ``enforcement.rules``;
- ``record_files``: 公示 on time and recording files intact;
- ``acts``: 行政强制 terms, 行政许可 deadlines and the disclosure of both (rules_coercion, rules_licensing);
- ``aggregate``: unit and region ratios (法制审核人员, 培训, 零执法, 参与率);
- ``cross``: patterns across records (多头检查, repeated inspection, threshold gaming);
- ``process``: interference reports, clues, rectification notices, holiday years.

Importing the package registers every rule in ``REGISTRY`` (codes are stable: alerts reference them).
"""

from . import acts, aggregate, certificates, cross, law, process, record, record_files  # noqa: F401  (registration)
from .acts import ActDisclosureLate, CoercionOverdue, LicenceLate
from .aggregate import (
    LowParticipation,
    ReviewersUnder5,
    TrainingProjectedLow,
    ZeroEnforcementPower,
    ZeroEnforcementUnit,
)
from .base import REGISTRY, Ctx, Finding, Rule, Scope, catalogue, key, register
from .certificates import CertificateExpiring
from .cross import MultiUnitInspection, RepeatedInspection, ThresholdGaming, binomial_upper_tail
from .process import CalendarYearUnknown, ClueOverdue, InterferenceUnreported, RectificationOverdue
from .record import (
    CaseOverdue,
    DeviceUnapproved,
    DiscretionOutside,
    LegalReviewMissing,
    OfficerUncertified,
    OnSpotOverLimit,
    RecordingMissing,
    SingleOfficer,
    WorkflowRule,
)
from .record_files import DisclosureLate, RecordingHashMismatch, file_sha256, recording_path

__all__ = [
    "REGISTRY",
    "ActDisclosureLate",
    "CoercionOverdue",
    "LicenceLate",
    "CalendarYearUnknown",
    "CertificateExpiring",
    "CaseOverdue",
    "ClueOverdue",
    "Ctx",
    "DeviceUnapproved",
    "DisclosureLate",
    "DiscretionOutside",
    "Finding",
    "InterferenceUnreported",
    "LegalReviewMissing",
    "LowParticipation",
    "MultiUnitInspection",
    "OfficerUncertified",
    "OnSpotOverLimit",
    "RecordingHashMismatch",
    "RecordingMissing",
    "RectificationOverdue",
    "RepeatedInspection",
    "ReviewersUnder5",
    "Rule",
    "Scope",
    "SingleOfficer",
    "ThresholdGaming",
    "TrainingProjectedLow",
    "WorkflowRule",
    "ZeroEnforcementPower",
    "ZeroEnforcementUnit",
    "binomial_upper_tail",
    "catalogue",
    "file_sha256",
    "key",
    "recording_path",
    "register",
]
