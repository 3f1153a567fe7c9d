"""The record types of shared/exchange.md, declared: Chinese names, English keys, ★ keys, * required, codes.

Each type's writer (``writers_registry`` / ``writers_acts``) resolves its natural keys and writes the
domain rows; this module is data only, so that the file templates, the OpenAPI schema, the parsers and
the export all read the same declaration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .fields import F, render

OP = F("操作", "operation", "code", codes=("新增或更新", "删除"), note="空为新增或更新")
DELETE_REASON = F("删除原因", "delete_reason", note="操作为删除时必填")

PENALTY_KINDS = (
    "警告",
    "通报批评",
    "罚款",
    "没收违法所得",
    "没收非法财物",
    "暂扣许可证件",
    "降低资质等级",
    "吊销许可证件",
    "限制开展生产经营活动",
    "责令停产停业",
    "责令关闭",
    "限制从业",
    "行政拘留",
    "其他",
)
PARTY_NATURE = ("自然人", "法人或其他组织")
LIFT_REASONS = (
    "当事人没有违法行为",
    "与违法行为无关",
    "已对违法行为作出处理决定，不再需要",
    "期限已经届满",
    "其他不再需要采取措施的情形",
)
POWER_CATEGORIES = (
    "行政处罚",
    "行政许可",
    "行政检查",
    "行政强制",
    "行政征收",
    "行政给付",
    "行政确认",
    "行政奖励",
    "行政裁决",
    "其他",
)


@dataclass(frozen=True)
class RecordType:
    name: str  # Chinese, also the file name
    slug: str  # English, API paths and --type
    fields: tuple[F, ...]
    order: int  # dependency order: registry first, then acts
    unit_field: str = ""  # the field naming the unit that owns the record (authorization, scoping)
    model: str = ""  # app_label.Model the record is written to ("" = kept in the exchange store only)
    description: str = ""
    by_name: dict = field(default_factory=dict, compare=False, repr=False)
    by_key: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        self.by_name.update({f.name: f for f in self.all_fields})
        self.by_key.update({f.key: f for f in self.all_fields})

    @cached_property
    def all_fields(self) -> tuple[F, ...]:
        return (*self.fields, OP, DELETE_REASON)

    @cached_property
    def star_fields(self) -> tuple[F, ...]:
        return tuple(f for f in self.fields if f.star)

    def key_of(self, values: dict) -> str:
        return "|".join(render(f, values.get(f.name)) for f in self.star_fields)


def _review_items() -> dict[str, int]:
    """The standard 评查 sheet (supervision.policy): item → full marks."""
    from zhifa.supervision.policy import REVIEW_ITEMS

    return REVIEW_ITEMS


def _review_vetoes() -> tuple[str, ...]:
    from zhifa.supervision.policy import REVIEW_VETO_ITEMS

    return tuple(REVIEW_VETO_ITEMS)


def _t(name, slug, order, fields, unit_field="", model="", description="") -> RecordType:
    return RecordType(name, slug, tuple(fields), order, unit_field, model, description)


UNIT = _t(
    "执法主体",
    "units",
    10,
    [
        F("统一社会信用代码", "uscc", "uscc", required=True, star=True),
        F("单位名称", "name", required=True, max_length=100),
        F("简称", "short_name", max_length=40),
        F("行政区划代码", "region_code", "region", required=True),
        F("单位类型", "kind", "code", required=True, codes=("区级部门", "街道", "垂直管理", "受委托组织")),
        F("上级单位统一社会信用代码", "parent_uscc", "uscc"),
        F("执法领域", "domain", max_length=30),
        F("具有执法主体资格", "is_enforcement_body", "bool", note="空为“是”"),
        F("设立日期", "active_from", "date", required=True),
        F("撤销日期", "active_to", "date"),
    ],
    unit_field="统一社会信用代码",
    model="org.Unit",
)
PERSON = _t(
    "执法人员",
    "people",
    20,
    [
        F("身份证号码", "id_number", "id", required=True, star=True),
        F("姓名", "name", required=True, max_length=50),
        F("单位统一社会信用代码", "unit_uscc", "uscc", required=True),
        F(
            "编制类型",
            "staffing_type",
            "code",
            required=True,
            codes=("行政编制", "参公事业编制", "事业编制", "工勤", "劳务派遣", "协管员"),
        ),
        F("手机号码", "phone", max_length=20),
        F("法律职业资格", "has_legal_qualification", "bool"),
        F("人员状态", "status", "code", codes=("在岗", "退休", "调离"), note="空为“在岗”"),
        F("状态变更日期", "status_changed_on", "date"),
    ],
    unit_field="单位统一社会信用代码",
    model="org.Person",
)
CERTIFICATE = _t(
    "执法证件",
    "certificates",
    30,
    [
        F("执法证号", "number", required=True, star=True, max_length=30),
        F("持证人身份证号码", "holder_id_number", "id", required=True),
        F("发证机关", "issuing_authority", required=True, max_length=100),
        F("发证日期", "issued_on", "date", required=True),
        F("有效期至", "valid_until", "date", future_ok=True, note="未填写的证件不能证明在有效期内"),
        F("取得方式", "obtained_by", "code", codes=("考试", "换发", "其他")),
        F("考试日期", "exam_on", "date"),
        F("考试成绩", "exam_score", "int"),
        F("证件状态", "status", "code", codes=("有效", "注销", "暂扣"), note="空为“有效”"),
        F("注销日期", "revoked_on", "date"),
        F("注销原因", "revocation_reason", "code", codes=("退休", "调离执法岗位", "违纪", "其他")),
    ],
    model="org.Certificate",
)
REVIEWER = _t(
    "法制审核人员",
    "legal-reviewers",
    40,
    [
        F("身份证号码", "id_number", "id", required=True, star=True),
        F("单位统一社会信用代码", "unit_uscc", "uscc", required=True),
        F("起始日期", "designated_on", "date", required=True),
        F("终止日期", "ended_on", "date"),
        F(
            "初次从事法制审核",
            "first_time",
            "bool",
            note="《行政处罚法》第五十八条第二款：初次从事的应当取得法律职业资格；未填写的按未证明合规报告",
        ),
    ],
    unit_field="单位统一社会信用代码",
    model="org.LegalReviewerDesignation",
)
TRAINING = _t(
    "培训记录",
    "trainings",
    50,
    [
        F("培训编号", "training_no", required=True, star=True, max_length=60),
        F("身份证号码", "id_number", "id", required=True, star=True),
        F("培训名称", "title", required=True, max_length=200),
        F("组织单位统一社会信用代码", "organizer_uscc", "uscc"),
        F("培训日期", "held_on", "date", required=True),
        F("学时", "hours", "decimal", required=True),
        F(
            "培训类型",
            "kind",
            "code",
            codes=(
                "通用法律知识培训",
                "专业法律知识培训",
                "授权事项专题培训",
                "法制审核人员培训",
                "习近平法治思想专题培训",
            ),
            note="未填写则不计入分类学时",
        ),
    ],
    model="org.TrainingAttendance",
)
POWER = _t(
    "权责事项",
    "powers",
    60,
    [
        F("事项编码", "code", required=True, star=True, max_length=40),
        F("事项名称", "name", required=True, max_length=300),
        F("职权类别", "category", "code", required=True, codes=POWER_CATEGORIES),
        F("实施主体统一社会信用代码", "owner_uscc", "uscc", required=True),
        F("实施依据", "legal_basis", required=True),
        F("执法领域", "domain", max_length=30),
        F("须法制审核", "requires_legal_review", "bool"),
        F("须全程音像记录", "requires_recording", "bool"),
        F("生效日期", "effective_from", "date", required=True),
        F("取消日期", "effective_to", "date"),
        F("调整文号", "document_no", max_length=100),
        F("承接单位统一社会信用代码", "delegate_uscc", "list", note="多个承接单位以“；”分隔"),
        F("承接方式", "delegation_kind", "list", note="授权/委托；一个值适用于全部承接单位，或与承接单位逐一对应"),
        F("承接起始日期", "delegated_on", "list", note="一个日期适用于全部承接单位，或与承接单位逐一对应"),
        F("一人执法的法律依据", "single_officer_basis", max_length=200, note="法律允许一人执法时填写"),
    ],
    unit_field="实施主体统一社会信用代码",
    model="powers.Power",
)
CAMPAIGN = _t(
    "专项行动",
    "campaigns",
    70,
    [
        F("行动名称", "name", required=True, star=True, max_length=200),
        F("执法领域", "domain", max_length=30),
        F("类型", "kind", "code", codes=("专项行动", "专项治理", "专项整治")),
        F("牵头单位统一社会信用代码", "lead_uscc", "uscc", required=True),
        F("参与单位统一社会信用代码", "unit_usccs", "list"),
        F("开始日期", "start_on", "date", required=True),
        F("结束日期", "end_on", "date", future_ok=True),
        F("部署会议日期", "meeting_dates", "list"),
    ],
    unit_field="牵头单位统一社会信用代码",
    model="enforcement.Campaign",
)
JOINT = _t(
    "联合行动",
    "joint-actions",
    80,
    [
        F("联合行动编号", "number", required=True, star=True, max_length=60),
        F("名称", "title", max_length=200),
        F("日期", "held_on", "date", required=True),
        F("参与单位统一社会信用代码", "unit_usccs", "list", required=True, note="第一个为牵头单位"),
        F("专项行动名称", "campaign", max_length=200),
    ],
    unit_field="参与单位统一社会信用代码",
    model="enforcement.JointAction",
)
PLAN = _t(
    "检查计划",
    "inspection-plans",
    90,
    [
        F("计划编号", "number", required=True, star=True, max_length=60),
        F("实施机构统一社会信用代码", "unit_uscc", "uscc", required=True),
        F("年度", "year", "int", required=True),
        F("计划类型", "kind", "code", codes=("双随机", "专项", "联合", "上级交办")),
        F("任务数", "tasks", "int", required=True),
        F("审批人身份证号码", "approver_id_number", "id", note="批准计划的行政执法主体负责人；与审批时间同填"),
        F(
            "审批时间",
            "approved_at",
            "datetime",
            note="精确到分钟；专项检查不得早于其计划的审批时间开始（同一分钟内视为事先批准）",
        ),
        F("备案日期", "filed_on", "date", note="专项检查计划履行批准、备案、公布程序（津司发〔2025〕8号）"),
        F("公布日期", "published_on", "date"),
        F("上级部署", "superior_deployed", "bool", note="上级部署的专项检查计划；是否计入检查频次上限按本区设置"),
    ],
    unit_field="实施机构统一社会信用代码",
    model="enforcement.InspectionPlan",
    description="单位年度检查计划（双随机、专项等）及其任务数；专项检查计划另报审批人、审批时间、备案和公布日期",
)
DEVICE = _t(
    "电子监控设备",
    "devices",
    95,
    [
        F("设备编号", "number", required=True, star=True, max_length=60),
        F("实施机构统一社会信用代码", "unit_uscc", "uscc", required=True),
        F("设置地点", "location", required=True, max_length=200),
        F("审核日期", "approved_on", "date"),
        F("公布日期", "published_on", "date"),
    ],
    unit_field="实施机构统一社会信用代码",
    model="enforcement.Device",
)
FILING = _t(
    "制度备案",
    "filings",
    97,
    [
        F("实施机构统一社会信用代码", "unit_uscc", "uscc", required=True, star=True),
        F(
            "备案类型",
            "kind",
            "code",
            required=True,
            star=True,
            codes=("重大执法决定法制审核事项清单", "音像记录管理制度", "行政裁量基准"),
        ),
        F("备案日期", "filed_on", "date", required=True, star=True),
        F("文件名称", "title", required=True, max_length=200),
        F("文号", "document_no", max_length=100),
    ],
    unit_field="实施机构统一社会信用代码",
    model="powers.Filing",
    description="单位向区司法局备案的重大执法决定法制审核事项清单、音像记录管理制度、行政裁量基准",
)
PARTY_FIELDS = [
    F("相对人性质", "party_nature", "code", required=True, codes=PARTY_NATURE),
    F("相对人证件号码", "party_id_number", "party_id"),
]
INSPECTION = _t(
    "行政检查",
    "inspections",
    100,
    [
        F("检查行为编号", "number", required=True, star=True, max_length=60),
        F("实施机构统一社会信用代码", "unit_uscc", "uscc", required=True),
        F("事项编码", "power_code", required=True),
        F("检查对象名称", "party_name", required=True, max_length=200),
        *PARTY_FIELDS,
        F("检查对象类别", "party_category", max_length=30),
        F("重点保供", "key_supply", "bool", note="检查对象是否为重点保供单位（如重点保供药店）；填“是”时登记于当事人"),
        F("检查时间", "started_at", "datetime", required=True),
        F("检查形式", "mode", "code", required=True, codes=("现场", "视频", "网络", "非现场")),
        F("检查类别", "kind", "code", required=True, codes=("日常检查", "个案检查", "专项检查")),
        F("个案来源", "case_source", "code", codes=("投诉举报", "转办交办", "数据监测", "企业申请")),
        F("检查方式", "methods", "codes", codes=("双随机", "联合", "夜查", "其他")),
        F("审批人身份证号码", "approver_id_number", "id"),
        F("审批时间", "approved_at", "datetime"),
        F("紧急", "urgent", "bool"),
        F("执法证号", "certificates", "list", required=True, note="两人以上，法律允许一人执法的除外"),
        F("检查结果", "result", "code", codes=("未发现问题", "责令改正", "立案查处", "移送", "其他")),
        F("发现问题", "findings"),
        F("计划编号", "plan_number", max_length=60),
        F("专项行动名称", "campaign", max_length=200),
        F("联合行动编号", "joint_action_number", max_length=60),
        F("报送时间", "reported_at", "datetime"),
    ],
    unit_field="实施机构统一社会信用代码",
    model="enforcement.Inspection",
)
CASE = _t(
    "行政处罚",
    "penalty-cases",
    110,
    [
        F("实施机构统一社会信用代码", "unit_uscc", "uscc", required=True, star=True),
        F("案件编号", "case_no", required=True, star=True, max_length=60),
        F("事项编码", "power_code", required=True),
        F("程序", "procedure", "code", required=True, codes=("简易程序", "普通程序")),
        F("当事人名称", "party_name", required=True, max_length=200),
        *PARTY_FIELDS,
        F("法定代表人", "legal_representative", max_length=50),
        F("案件来源", "source", "code", codes=("检查发现", "投诉举报", "上级交办", "移送", "其他")),
        F("关联检查行为编号", "inspection_number", max_length=60),
        F("重大执法决定", "is_major", "bool", note="情节复杂或者重大违法行为（《行政处罚法》第五十七条第二款，须集体讨论）；不填视为未报送，不作推定"),
        F("违法行为类型", "violation", required=True, max_length=200),
        F("违法事实", "facts"),
        F("处罚依据", "basis"),
        F("违法行为发生日期", "act_date", "date"),
        F("发现时间", "discovered_at", "datetime", required=True),
        F("立案日期", "filed_on", "date", note="普通程序必填"),
        F("告知日期", "notified_on", "date"),
        F("听证申请日期", "hearing_requested_on", "date"),
        F("听证日期", "hearing_held_on", "date"),
        F("法制审核日期", "reviewed_on", "date"),
        F("法制审核人身份证号码", "reviewer_id_number", "id"),
        F("审核意见", "review_opinion"),
        F("审核结论", "review_result", "code", codes=("同意", "修改后同意", "不同意")),
        F("集体讨论日期", "discussed_on", "date"),
        F("集体讨论参加人员", "discussion_attendees", note="多人以“；”分隔"),
        F("集体讨论结论", "discussion_conclusion"),
        F("延期批准日期", "extension_approved_on", "date"),
        F("延期天数", "extension_days", "int"),
        F("决定日期", "decided_on", "date"),
        F("处罚决定书文号", "decision_no", max_length=80),
        F("处理结果", "outcome", "code", codes=("给予处罚", "不予处罚", "移送", "撤销立案")),
        F("处罚种类", "penalty_kinds", "codes", codes=PENALTY_KINDS),
        F("罚款金额", "fine_amount", "amount"),
        F("没收金额", "confiscation_amount", "amount"),
        F("裁量档次", "discretion_tier", "code", codes=("轻微", "一般", "较重", "严重")),
        F("裁量说明", "discretion_reason"),
        F("首次违法", "first_offence", "bool"),
        F("危害后果轻微", "harm_minor", "bool"),
        F("及时改正", "corrected", "bool"),
        F("送达日期", "delivered_on", "date"),
        F("当事人不在场", "party_absent", "bool", note="《行政处罚法》第六十一条：在场的当场交付，不在场的七日内送达"),
        F("缴款日期", "paid_on", "date"),
        F("实缴金额", "paid_amount", "amount"),
        F("结案日期", "closed_on", "date"),
        F("执法证号", "certificates", "list", required=True),
        F("公示日期", "disclosed_on", "date"),
        F("移送机关", "transferred_to", max_length=100),
        F("移送日期", "transferred_on", "date"),
        F("电子监控设备编号", "device_number", max_length=60),
        F("专项行动名称", "campaign", max_length=200),
    ],
    unit_field="实施机构统一社会信用代码",
    model="enforcement.PenaltyCase",
)
OTHER = _t(
    "其他执法行为",
    "other-acts",
    120,
    [
        F("行为编号", "number", required=True, star=True, max_length=60),
        F("类型", "kind", "code", required=True, codes=("巡查", "现场规范", "教育改正")),
        F("实施机构统一社会信用代码", "unit_uscc", "uscc", required=True),
        F("事项编码", "power_code"),
        F("对象名称", "party_name", max_length=200),
        F("相对人证件号码", "party_id_number", "party_id"),
        F("时间", "occurred_at", "datetime", required=True),
        F("执法证号", "certificates", "list", required=True),
        F("内容", "note"),
    ],
    unit_field="实施机构统一社会信用代码",
    model="enforcement.OtherAct",
)
COERCION = _t(
    "行政强制",
    "coercive-measures",
    130,
    [
        F("实施机构统一社会信用代码", "unit_uscc", "uscc", required=True, star=True),
        F("措施编号", "number", required=True, star=True, max_length=60),
        F("事项编码", "power_code", required=True),
        F(
            "措施种类",
            "kind",
            "code",
            required=True,
            codes=("查封场所设施或者财物", "扣押财物", "冻结存款汇款", "其他"),
        ),
        F("当事人名称", "party_name", required=True, max_length=200),
        *PARTY_FIELDS,
        F("决定日期", "decided_on", "date", required=True),
        F("期限天数", "term_days", "int"),
        F("延长批准日期", "extended_on", "date"),
        F("延长天数", "extension_days", "int"),
        F("解除日期", "lifted_on", "date"),
        F(
            "解除原因",
            "lift_reason",
            "code",
            codes=LIFT_REASONS,
            note="《行政强制法》第二十八条的情形；解除而未填写的，监督检查报告未载明解除情形",
        ),
        F("处理结果", "result"),
        F("执法证号", "certificates", "list", required=True),
        F("全程音像记录", "recorded", "bool"),
        F("关联案件编号", "case_no", max_length=60),
    ],
    unit_field="实施机构统一社会信用代码",
    model="enforcement.CoerciveMeasure",
)
LICENCE = _t(
    "行政许可",
    "licences",
    140,
    [
        F("实施机构统一社会信用代码", "unit_uscc", "uscc", required=True, star=True),
        F("许可决定书文号", "decision_no", required=True, star=True, max_length=80),
        F("事项编码", "power_code", required=True),
        F("申请人名称", "party_name", required=True, max_length=200),
        *PARTY_FIELDS,
        F("受理日期", "accepted_on", "date", required=True),
        F("决定日期", "decided_on", "date"),
        F("决定", "decision", "code", codes=("准予", "不予")),
        F("延期天数", "extension_days", "int"),
        F("延期批准日期", "extension_approved_on", "date", note="延期经本行政机关负责人批准的日期"),
        F("公示日期", "disclosed_on", "date"),
        F("承办人执法证号", "officer_certificates", "list", note="填写后写入行政许可决定表（承办人）"),
    ],
    unit_field="实施机构统一社会信用代码",
    model="enforcement.LicenceDecision",
)
HAZARD = _t(
    "隐患",
    "hazards",
    150,
    [
        F("隐患编号", "number", required=True, star=True, max_length=60),
        F("实施机构统一社会信用代码", "unit_uscc", "uscc", required=True),
        F("检查行为编号", "inspection_number", max_length=60),
        F("对象名称", "party_name", max_length=200, note="无检查行为编号时必填"),
        F("相对人证件号码", "party_id_number", "party_id"),
        F("隐患类别", "category", required=True, max_length=30),
        F("隐患描述", "description", max_length=300, note="空为隐患类别"),
        F("等级", "severity", "code", codes=("一般", "重大")),
        F("发现日期", "found_on", "date", required=True),
        F("整改期限", "deadline", "date", future_ok=True),
        F("整改完成日期", "rectified_on", "date"),
    ],
    unit_field="实施机构统一社会信用代码",
    model="enforcement.Hazard",
)
OVERLOAD = _t(
    "超限超载",
    "overloads",
    160,
    [
        F("检测编号", "number", required=True, star=True, max_length=60),
        F("实施机构统一社会信用代码", "unit_uscc", "uscc", required=True),
        F("车牌号", "plate", required=True, max_length=12),
        F("轴数", "axles", "int"),
        F("车货总重", "gross_weight", "decimal", required=True, note="吨"),
        F("限值", "limit_weight", "decimal", required=True, note="吨"),
        F("卸载吨数", "unloaded_tonnage", "decimal"),
        F("检测时间", "checked_at", "datetime", required=True),
        F("源头企业统一社会信用代码", "source_uscc", "uscc"),
        F("关联案件编号", "case_no", max_length=60),
        F("电子监控设备编号", "device_number", max_length=60),
    ],
    unit_field="实施机构统一社会信用代码",
    model="enforcement.VehicleOverload",
)
ASSISTANCE = _t(
    "异地执法协助",
    "assistance",
    170,
    [
        F("实施机构统一社会信用代码", "unit_uscc", "uscc", required=True, star=True),
        F("协助函文号", "letter_no", required=True, star=True, max_length=80),
        F("当事人名称", "party_name", required=True, max_length=200),
        F("当事人统一社会信用代码", "party_uscc", "uscc", required=True, note="登记地（第3—8位）须在本单位管辖区域外"),
        F("协助机关", "assisting_authority", required=True, max_length=100),
        F("协助机关行政区划代码", "assisting_region_code", required=True, max_length=6, note="6位，GB/T 2260"),
        F("协助事项", "matter", required=True, max_length=2000),
        F("发函日期", "requested_on", "date", required=True),
        F("协助期限至", "covers_until", "date", required=True, future_ok=True),
        F("协助机关复函", "reply", max_length=2000),
    ],
    unit_field="实施机构统一社会信用代码",
    model="enforcement.AssistanceRecord",
    description="执法单位对登记地在管辖区域外的当事人实施执法时，向当地机关发出的协助函（违规异地执法预警据此判断）",
)

# The 司法局's own records (supervision): a district moving its data keeps them too. They are written by the
# 司法局 only (exchange.actors.TYPE_ACTIONS: its policy actions), never by a unit's token.
REVIEW_SCORE_KEYS = {
    "立案": "filing",
    "调查取证": "investigation",
    "告知": "notice",
    "审核": "review",
    "决定": "decision",
    "送达": "service",
    "执行": "execution",
    "归档": "archive",
}
REVIEW = _t(
    "案卷评查",
    "case-file-reviews",
    180,
    [
        F("案件办理机构统一社会信用代码", "unit_uscc", "uscc", required=True, star=True),
        F("案件编号", "case_no", required=True, star=True, max_length=60),
        F("年度", "year", "int", required=True),
        F("季度", "quarter", "int", required=True, note="1—4，抽样所属季度"),
        F("评查日期", "reviewed_on", "date", required=True),
        F("评查人员", "reviewer_name", max_length=100),
        *(
            F(f"{item}得分", f"score_{REVIEW_SCORE_KEYS[item]}", "decimal", required=True, note=f"0—{full}分")
            for item, full in _review_items().items()
        ),
        F("否决项", "vetoes", "codes", codes=_review_vetoes(), note="有否决项的案卷为不合格"),
        F("典型差案", "typical_bad", "bool", note="空为“否”；总分低于60分的案卷总是典型差案"),
        F("评查意见", "comments", max_length=2000),
    ],
    unit_field="案件办理机构统一社会信用代码",
    model="supervision.CaseFileReview",
    description="区司法局对执法案卷的评查结果（评分表各项得分；总分和等次由本系统计算）",
)
SUPERVISION_INSPECTION = _t(
    "执法监督检查",
    "supervision-inspections",
    185,
    [
        F("被检查单位统一社会信用代码", "unit_uscc", "uscc", required=True, star=True),
        F("检查日期", "inspected_on", "date", required=True, star=True),
        F("检查人员", "inspectors", required=True, max_length=200),
        F("检查内容", "scope", required=True, max_length=2000),
        F("抽查案卷数", "files_checked", "int"),
        F("抽查案卷案号", "files_drawn", max_length=2000),
        F("发现问题", "findings", max_length=2000),
        F("执法装备情况", "equipment", max_length=2000),
        F("音像记录管理情况", "recording_management", max_length=2000),
    ],
    unit_field="被检查单位统一社会信用代码",
    model="supervision.SupervisionInspection",
    description="区司法局对执法单位的监督检查（随机抽查案卷、查看执法装备和音像记录管理）",
)
BULLETIN = _t(
    "月度通报",
    "bulletins",
    190,
    [
        F("行政区划代码", "region_code", "region", required=True, star=True),
        F("月份", "month", required=True, star=True, max_length=7, note="YYYY-MM"),
    ],
    model="supervision.Bulletin",
    description="区司法局已发出的月度通报：载入时按本系统的记录重新生成该月通报（DOCX、XLSX）",
)

TYPES: tuple[RecordType, ...] = tuple(
    sorted(
        (
            UNIT,
            PERSON,
            CERTIFICATE,
            REVIEWER,
            TRAINING,
            POWER,
            CAMPAIGN,
            JOINT,
            PLAN,
            DEVICE,
            FILING,
            INSPECTION,
            CASE,
            OTHER,
            COERCION,
            LICENCE,
            HAZARD,
            OVERLOAD,
            ASSISTANCE,
            REVIEW,
            SUPERVISION_INSPECTION,
            BULLETIN,
        ),
        key=lambda t: t.order,
    )
)
BY_NAME = {t.name: t for t in TYPES}
BY_SLUG = {t.slug: t for t in TYPES}


def record_type(name_or_slug: str) -> RecordType:
    from zhifa.core.errors import InvalidInput

    t = BY_NAME.get(name_or_slug) or BY_SLUG.get(name_or_slug)
    if t is None:
        raise InvalidInput(
            f"未知的记录类型“{name_or_slug}”，应为：" + "、".join(BY_NAME), field="记录类型", code="exchange.type"
        )
    return t
