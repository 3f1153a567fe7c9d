from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    DISTRICT = "district", _("区县级")


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", _("区级部门")
    STREET = "street", _("街道")
    VERTICAL = "vertical", _("垂直管理")
    ENTRUSTED = "entrusted", _("受委托组织")


class StaffingType(models.TextChoices):
    ADMIN = "admin", _("行政编制")
    CIVIL_SERVICE_LIKE = "cs_like", _("参公事业编制")
    INSTITUTION = "institution", _("事业编制")
    WORKER = "worker", _("工勤人员")
    DISPATCHED = "dispatched", _("劳务派遣")
    AUXILIARY = "auxiliary", _("协管员/辅助人员")


# Staffing types that may hold a 行政执法证件. See docs/legal-basis.md (天津市持证执法管理办法 and
# 国办发〔2018〕118号): only staff on 行政编制 or 参照公务员法管理 事业编制 may be certified;
# 工勤、劳务派遣、协管/辅助人员 may not.
CERTIFIABLE_STAFFING = frozenset({StaffingType.ADMIN, StaffingType.CIVIL_SERVICE_LIKE})


class PersonStatus(models.TextChoices):
    ACTIVE = "active", _("在岗")
    RETIRED = "retired", _("退休")
    TRANSFERRED = "transferred", _("调离")


class CertificateStatus(models.TextChoices):
    ACTIVE = "active", _("有效")
    SUSPENDED = "suspended", _("暂扣")
    REVOKED = "revoked", _("注销")
    EXPIRED = "expired", _("过期")


class RevocationReason(models.TextChoices):
    RETIRED = "retired", _("退休")
    TRANSFERRED = "transferred", _("调离执法岗位")
    DISCIPLINE = "discipline", _("违纪违法")
    EXPIRED = "expired", _("有效期届满未换证")
    RENEWED = "renewed", _("换发新证")
    OTHER = "other", _("其他")


class TrainingKind(models.TextChoices):
    GENERAL = "general", _("通用法律知识培训")
    SPECIALIZED = "specialized", _("专业法律知识培训")
    DELEGATED = "delegated", _("授权事项专题培训")
    LEGAL_REVIEW = "legal_review", _("法制审核人员培训")
    THEORY = "theory", _("习近平法治思想专题培训")


class ApplicationStatus(models.TextChoices):
    """申领行政执法证件: applied → approved/returned → passed (证件已发) / failed (考试未通过)."""

    APPLIED = "applied", _("待审核")
    RETURNED = "returned", _("已退回")
    APPROVED = "approved", _("已审核待考试")
    ISSUED = "issued", _("考试合格已发证")
    FAILED = "failed", _("考试不合格")
