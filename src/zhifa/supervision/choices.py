from django.db import models
from django.utils.translation import gettext_lazy as _


class Severity(models.TextChoices):
    HIGH = "high", _("严重")
    MEDIUM = "medium", _("一般")
    LOW = "low", _("提示")


class RuleKind(models.TextChoices):
    RECORD = "record", _("单条记录")
    AGGREGATE = "aggregate", _("单位/区域汇总")
    CROSS = "cross", _("跨记录")


class AlertStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    ACKNOWLEDGED = "acknowledged", _("已签收")
    RECTIFICATION_REQUESTED = "rect_requested", _("已通知整改")
    RECTIFIED = "rectified", _("已整改待核验")
    CLOSED = "closed", _("已关闭")


# Statuses in which the (object, rule) fingerprint must be unique: everything except closed.
LIVE_STATUSES = (
    AlertStatus.OPEN,
    AlertStatus.ACKNOWLEDGED,
    AlertStatus.RECTIFICATION_REQUESTED,
    AlertStatus.RECTIFIED,
)


class AlertResolution(models.TextChoices):
    VERIFIED = "verified", _("整改核验通过")
    DISMISSED = "dismissed", _("核实不构成问题")


class AlertSource(models.TextChoices):
    SCAN = "scan", _("全量/增量扫描")
    HOOK = "hook", _("业务写入即时检查")


class RectificationStatus(models.TextChoices):
    NOTICE = "notice", _("已下发整改通知")
    RESPONDED = "responded", _("单位已反馈")
    VERIFIED = "verified", _("整改已核验")
    REJECTED = "rejected", _("核验未通过")


class ReviewStatus(models.TextChoices):
    SAMPLED = "sampled", _("已抽取")
    SCORED = "scored", _("已评查")


class ReviewGrade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class ClueSource(models.TextChoices):
    PUBLIC = "public", _("群众举报投诉")
    UNIT = "unit", _("单位移送")
    PLATFORM = "platform", _("平台监测")


class ClueStatus(models.TextChoices):
    RECEIVED = "received", _("已接收")
    ASSIGNED = "assigned", _("已交办")
    RESPONDED = "responded", _("已回复")
    CLOSED = "closed", _("已办结")


class ClueOutcome(models.TextChoices):
    """The unit's finding on checking a clue (查证结果): a substantiated clue should become a case."""

    SUBSTANTIATED = "substantiated", _("查证属实")
    UNFOUNDED = "unfounded", _("查证不属实")
