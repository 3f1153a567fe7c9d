from django.db import models
from django.utils.translation import gettext_lazy as _


class PowerCategory(models.TextChoices):
    PENALTY = "penalty", _("行政处罚")
    LICENSE = "license", _("行政许可")
    INSPECTION = "inspection", _("行政检查")
    COERCION = "coercion", _("行政强制")
    LEVY = "levy", _("行政征收")
    PAYMENT = "payment", _("行政给付")
    CONFIRMATION = "confirmation", _("行政确认")
    REWARD = "reward", _("行政奖励")
    ADJUDICATION = "adjudication", _("行政裁决")
    OTHER = "other", _("其他")


# 履职率 counts these categories (configuration, printed in the report's 数据口径).
ENFORCEMENT_CATEGORIES = (PowerCategory.PENALTY, PowerCategory.INSPECTION, PowerCategory.COERCION)


class ChangeKind(models.TextChoices):
    ADD = "add", _("新增")
    MODIFY = "modify", _("调整")
    REMOVE = "remove", _("取消")


class DelegationKind(models.TextChoices):
    AUTHORIZE = "authorize", _("授权")
    ENTRUST = "entrust", _("委托")


class DiscretionTier(models.TextChoices):
    MINOR = "minor", _("轻微")
    GENERAL = "general", _("一般")
    SERIOUS = "serious", _("较重")
    SEVERE = "severe", _("严重")


class FilingKind(models.TextChoices):
    LEGAL_REVIEW_LIST = "legal_review_list", _("重大执法决定法制审核事项清单")
    RECORDING_RULES = "recording_rules", _("音像记录管理制度")
    DISCRETION = "discretion", _("行政裁量基准")


class RequestKind(models.TextChoices):
    """权责清单动态调整: what a unit proposes."""

    ADD = "add", _("新增")
    MODIFY = "modify", _("调整")
    REMOVE = "remove", _("取消")
    DELEGATE = "delegate", _("下放街道（授权/委托）")


class RequestStatus(models.TextChoices):
    PROPOSED = "proposed", _("待审核")
    APPROVED = "approved", _("已批准")
    RETURNED = "returned", _("已退回")
