from django.db import models
from django.utils.translation import gettext_lazy as _


class PartyKind(models.TextChoices):
    PERSON = "person", _("自然人")
    ORG = "org", _("法人或其他组织")


class PartyType(models.TextChoices):
    INDIVIDUAL = "individual", _("个人")
    DRIVER = "driver", _("机动车驾驶人")
    BUSINESS = "business", _("生产经营单位")
    RETAIL_PHARMACY = "retail_pharmacy", _("零售药店")
    MEDICAL = "medical", _("医疗机构")
    VACCINATION = "vaccination", _("疫苗接种单位")
    ONLINE_SELLER = "online_seller", _("网络销售企业")
    HAZCHEM_MAJOR = "hazchem_major", _("危化品重大危险源企业")
    SOURCE_ENTERPRISE = "source_enterprise", _("源头企业")
    CONSTRUCTION_SITE = "construction_site", _("建筑工地")
    DISPOSAL_SITE = "disposal_site", _("建筑垃圾消纳场")
    GAS_USER = "gas_user", _("燃气经营使用单位")
    TRANSPORT = "transport", _("运输企业")
    OTHER = "other", _("其他")


class InspectionMode(models.TextChoices):
    ON_SITE = "on_site", _("现场")
    VIDEO = "video", _("视频")
    ONLINE = "online", _("网络")
    REMOTE = "remote", _("非现场")


class InspectionKind(models.TextChoices):
    ROUTINE = "routine", _("日常检查")
    SPECIAL = "special", _("专项检查")
    RANDOM = "random", _("双随机抽查")
    JOINT = "joint", _("联合检查")
    NIGHT = "night", _("夜查")


class InspectionClass(models.TextChoices):
    """国办发〔2024〕54号: the three classes of administrative inspection."""

    ROUTINE = "routine", _("日常检查")
    CASE = "case", _("个案检查")
    SPECIAL = "special", _("专项检查")


class CaseInspectionSource(models.TextChoices):
    COMPLAINT = "complaint", _("投诉举报")
    REFERRAL = "referral", _("转办交办")
    MONITORING = "monitoring", _("数据监测")
    REQUEST = "request", _("企业申请")


class InspectionResult(models.TextChoices):
    NONE_FOUND = "none", _("未发现问题")
    CORRECT = "correct", _("责令改正")
    CASE_FILED = "filed", _("立案查处")
    TRANSFERRED = "transfer", _("移送")
    OTHER = "other", _("其他")


class OtherActKind(models.TextChoices):
    PATROL = "patrol", _("巡查")
    ONSITE_CORRECTION = "onsite_correction", _("现场规范")
    EDUCATION = "education", _("教育改正")


class HazardSeverity(models.TextChoices):
    GENERAL = "general", _("一般隐患")
    MAJOR = "major", _("重大隐患")


class HazardCategory(models.TextChoices):
    GAS = "gas", _("燃气")
    HAZCHEM = "hazchem", _("危化品")
    FIRE = "fire", _("消防")
    CONSTRUCTION = "construction", _("建筑施工")
    TRAFFIC = "traffic", _("道路交通")
    FOOD_DRUG = "food_drug", _("食品药品")
    OTHER = "other", _("其他")


class Procedure(models.TextChoices):
    SIMPLE = "simple", _("简易程序")
    ORDINARY = "ordinary", _("普通程序")


class CaseStatus(models.TextChoices):
    CLUE = "clue", _("线索")
    FILED = "filed", _("立案")
    INVESTIGATING = "investigating", _("调查取证")
    NOTIFIED = "notified", _("告知")
    HEARING = "hearing", _("听证")
    LEGAL_REVIEW = "legal_review", _("法制审核")
    COLLECTIVE = "collective", _("集体讨论")
    DECIDED = "decided", _("决定")
    DELIVERED = "delivered", _("送达")
    EXECUTED = "executed", _("执行完毕")
    CLOSED = "closed", _("结案")
    NO_PENALTY = "no_penalty", _("不予处罚")
    TRANSFERRED = "transferred", _("移送")
    WITHDRAWN = "withdrawn", _("撤销立案")


class PenaltyKind(models.TextChoices):
    """行政处罚法第九条."""

    WARNING = "warning", _("警告")
    CRITICISM = "criticism", _("通报批评")
    FINE = "fine", _("罚款")
    CONFISCATE_GAINS = "confiscate_gains", _("没收违法所得")
    CONFISCATE_PROPERTY = "confiscate_property", _("没收非法财物")
    SUSPEND_LICENSE = "suspend_license", _("暂扣许可证件")
    DOWNGRADE = "downgrade", _("降低资质等级")
    REVOKE_LICENSE = "revoke_license", _("吊销许可证件")
    RESTRICT_BUSINESS = "restrict_business", _("限制开展生产经营活动")
    STOP_BUSINESS = "stop_business", _("责令停产停业")
    CLOSE = "close", _("责令关闭")
    RESTRICT_PRACTICE = "restrict_practice", _("限制从业")
    DETENTION = "detention", _("行政拘留")
    OTHER = "other", _("法律、行政法规规定的其他行政处罚")


class Outcome(models.TextChoices):
    PENALTY = "penalty", _("给予处罚")
    NO_PENALTY_MINOR = "no_penalty_minor", _("不予处罚（不满十四周岁）")
    FIRST_OFFENCE = "first_offence", _("首违不罚")
    NO_PENALTY_MINOR_HARM = "no_penalty_minor_harm", _("不予处罚（轻微并及时改正）")
    NO_PENALTY_NO_FAULT = "no_penalty_no_fault", _("不予处罚（无主观过错）")
    TRANSFERRED = "transferred", _("移送")


class DisclosureStatus(models.TextChoices):
    DUE = "due", _("待公示")
    PUBLISHED = "published", _("已公示")
    WITHDRAWN = "withdrawn", _("已撤回")
    NOT_REQUIRED = "not_required", _("无需公示")


class EvidenceKind(models.TextChoices):
    """《行政处罚法》第四十六条第一款: the kinds of evidence."""

    DOCUMENT = "document", _("书证")
    PHYSICAL = "physical", _("物证")
    AUDIOVISUAL = "audiovisual", _("视听资料")
    ELECTRONIC = "electronic", _("电子数据")
    WITNESS = "witness", _("证人证言")
    STATEMENT = "statement", _("当事人的陈述")
    EXPERT = "expert", _("鉴定意见")
    RECORD = "record", _("勘验笔录、现场笔录")


class ReviewResult(models.TextChoices):
    APPROVE = "approve", _("同意")
    AMEND = "amend", _("修改后同意")
    REJECT = "reject", _("不同意")


class InterfererRole(models.TextChoices):
    INTERNAL = "internal", _("机关内部人员")
    LEADER = "leader", _("领导干部")


class CampaignKind(models.TextChoices):
    ACTION = "action", _("专项行动")
    GOVERNANCE = "governance", _("专项治理")
    RECTIFICATION = "rectification", _("专项整治")


class DisclosureKind(models.TextChoices):
    """Which decision a disclosure publishes (国办发〔2018〕118号 第二部分第（六）项 sets the period by kind)."""

    PENALTY = "penalty", _("行政处罚决定")
    LICENCE = "licence", _("行政许可决定")
    COERCION = "coercion", _("行政强制措施决定")
    EXECUTION = "execution", _("行政强制执行决定")


class CoerciveKind(models.TextChoices):
    """《行政强制法》第九条第（二）（三）（四）项."""

    SEAL = "seal", _("查封")
    SEIZE = "seize", _("扣押")
    FREEZE = "freeze", _("冻结")


class LiftReason(models.TextChoices):
    """《行政强制法》第二十八条第一款 (查封、扣押); 第三十三条 (冻结) has the same grounds."""

    NO_VIOLATION = "no_violation", _("当事人没有违法行为")
    UNRELATED = "unrelated", _("与违法行为无关")
    DECIDED = "decided", _("已对违法行为作出处理决定，不再需要")
    EXPIRED = "expired", _("期限已经届满")
    OTHER = "other", _("其他不再需要采取措施的情形")


class ExecutionMethod(models.TextChoices):
    """《行政强制法》第十二条: 行政强制执行的方式."""

    SURCHARGE = "surcharge", _("加处罚款或者滞纳金")
    TRANSFER = "transfer", _("划拨存款、汇款")
    AUCTION = "auction", _("拍卖或者依法处理查封、扣押的场所、设施或者财物")
    RESTORE = "restore", _("排除妨碍、恢复原状")
    SUBSTITUTE = "substitute", _("代履行")
    DEMOLISH = "demolish", _("强制拆除")
    OTHER = "other", _("其他强制执行方式")


class LicenceResult(models.TextChoices):
    """《行政许可法》第三十八条: 准予 or 不予 (the latter with reasons and remedies)."""

    GRANT = "grant", _("准予行政许可")
    REFUSE = "refuse", _("不予行政许可")
