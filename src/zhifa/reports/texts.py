"""Narrative blocks of the annual report: defaults, per region-year overrides (ReportText), placeholders.

A block is text with ``{placeholder}`` fields; the report fills them from figures computed over records
(``figures.AnnualFigures.placeholders``). A region-year's ReportText rows override the defaults below,
which are written for any district (the 东丽区 scenario stores the seed's own wording).
"""

from __future__ import annotations

import string

from django.db import transaction

from zhifa.core.audit import audit, snapshot
from zhifa.core.errors import InvalidInput
from zhifa.core.policy import authorize

from .models import ReportText

# Every placeholder a text may use (filled by figures.AnnualFigures.placeholders()).
PLACEHOLDERS = {
    "region_name": "区县名称",
    "year": "年度",
    "units": "行政执法单位数",
    "officers": "行政执法人员数",
    "reviewers": "法制审核人员数",
    "reviewer_ratio": "法制审核人员占比",
    "inspections": "行政检查次数",
    "penalties": "行政处罚件数",
    "filing_phrase": "完成备案的单位（“各行政执法单位”或“N个行政执法单位”）",
    "key_campaign": "安全生产专项行动名称",
    "key_campaign_meetings": "专项行动专题部署次数",
    "safety_campaigns": "安全生产专项治理项数",
    "safety_campaigns_text": "安全生产专项治理项数（“10余项”式）",
    "safety_campaign_examples": "安全生产专项治理名称（前四项）",
    "gas_hazards_rectified": "燃气隐患整改数",
    "hazchem_enterprises": "消地联合检查的危化品重大危险源企业数",
    "hazchem_rounds": "消地联合检查轮次",
    "drug_officer_days": "药械检查出动执法人员人次",
    "drug_pharmacy": "零售药店检查家次",
    "drug_key_supply": "重点保供药店检查家次",
    "drug_online": "网络销售企业检查家次",
    "drug_medical": "医疗机构检查家次",
    "drug_vaccination": "疫苗接种单位检查家次",
    "prescription_cases": "不凭处方销售处方药立案数",
    "road_joint_actions": "路政联合整治行动次数",
    "source_enterprises": "检查源头企业数",
    "overloads": "查处超限超载车辆数",
    "overloads_100t": "百吨王车辆数",
    "unloaded_tonnage": "卸载倒运吨数",
    "first_remote_case": "非现场执法首例结案的表述",
    "waste_cases": "建筑垃圾案件数",
    "waste_night_cases": "其中夜查发现的案件数",
    "new_certificates": "新增取证人数",
    "revoked_certificates": "注销证件数（退休、调离）",
    "case_file_reviews": "评查案卷数",
    "bulletin_phrase": "通报频次（“每月”或“全年N次”）",
    "supervised_units": "接受监督检查的单位（前三个）",
}

DEFAULTS: dict[str, str] = {
    "opening": "{year}年，{region_name}坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，"
    "全面贯彻落实《提升行政执法质量三年行动计划（2023—2025年）》，着力提升行政执法质量和效能，深入推进法治政府建设。",
    "overview": "{region_name}持续推进严格规范公正文明执法。全区现有行政执法单位{units}个，行政执法人员{officers}人，"
    "法制审核人员{reviewers}人。全年共开展行政检查{inspections}次，实施行政处罚{penalties}件。",
    "s1_title": "（一）领导重视，坚持高位推动",
    "s1": "区领导重视行政执法工作，要求执法单位严格落实行政执法“三项制度”，严密执法程序，坚持处罚与教育相结合的原则，"
    "积极落实行政处罚自由裁量基准，提升行政执法科学化和规范化水平。",
    "s2_title": "（二）建章立制，规范权力运行",
    "s2": "规范执法单位权责清单动态调整。{filing_phrase}制定完善重大执法决定法制审核事项清单和音像记录管理制度并向区司法局备案。",
    "s3_title": "（三）瞄准问题，开展专项整治",
    "s3": "坚持问题导向，围绕群众反映强烈的突出问题开展专项整治，相关单位认真落实工作职责，持续加大自查自纠力度。",
    "s4_title": "（四）聚焦重点，积极履职尽责",
    "s4_1": "1.重视安全生产领域执法。开展{key_campaign}，专题部署推动{key_campaign_meetings}次。开展{safety_campaign_examples}等"
    "{safety_campaigns_text}专项治理，解决{gas_hazards_rectified}个燃气方面安全隐患，对{hazchem_enterprises}家危险化学品重大危险源企业"
    "开展{hazchem_rounds}轮消地联合检查。",
    "s4_2": "2.持续加强药械安全监管。出动执法人员{drug_officer_days}人次，检查零售药店{drug_pharmacy}家次，其中重点保供药店{drug_key_supply}家次，"
    "网络销售企业{drug_online}家次，检查医疗机构{drug_medical}家次，疫苗接种单位{drug_vaccination}家次。"
    "对{prescription_cases}家涉嫌不凭处方销售处方药的零售药店立案查处。",
    "s4_3": "3.强化公路路政行政执法。共开展专项集中整治行动{road_joint_actions}次，检查源头企业{source_enterprises}家，"
    "查处超限超载车辆{overloads}部，其中“百吨王”车辆{overloads_100t}部，累计卸载、倒运超限超载货物{unloaded_tonnage}吨。{first_remote_case}。",
    "s4_4": "4.纵深推进建筑垃圾治理。共查处建筑（装修）垃圾违规处置及随意倾倒等相关案件{waste_cases}起，其中夜查发现{waste_night_cases}起。",
    "s5_title": "（五）多措并举，加强执法监督",
    "s5_1": "1.严格证件管理。组织{new_certificates}名新增执法人员通过考试取得执法证件，及时注销{revoked_certificates}名因退休、"
    "调离执法岗位人员的执法证件。",
    "s5_2": "2.加强教育培训。要求各执法单位年度内组织执法人员培训不少于2次，确保执法人员每年学习时间60学时以上。",
    "s5_3": "3.重视监督整改。{bulletin_phrase}通报平台数据统计分析情况。全年评查案卷{case_file_reviews}件。"
    "对{supervised_units}等单位进行监督检查。",
    "problems": "{year}年，{region_name}行政执法水平有所提升，但仍存在一些问题。下一步，将持续深入学习贯彻习近平法治思想，进一步提升行政执法工作效能。",
    "n1_title": "（一）提升执法人员素质",
    "n1": "研究制定年度培训计划，按计划开展全员培训，提高执法人员业务能力。",
    "n2_title": "（二）健全执法工作机制",
    "n2": "全面落实行政处罚法和行政执法“三项制度”及相关配套制度，着重加强法制审核力量建设。",
    "n3_title": "（三）提升执法监督效果",
    "n3": "综合运用监督平台、工作通报、统计分析、案卷评查、实地检查等方式，对行政执法工作开展经常性监督。",
}


def check_placeholders(text: str) -> list[str]:
    """Names in ``text`` that are not placeholders (or a malformed brace), as messages."""
    problems = []
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
    except ValueError as e:
        return [f"占位符格式错误：{e}"]
    for f in fields:
        if f not in PLACEHOLDERS:
            problems.append(f"未知的占位符“{{{f}}}”（可用：{'、'.join(PLACEHOLDERS)}）")
    return problems


def texts_for(region_code: str, year: int, report: str = "annual") -> dict[str, str]:
    out = dict(DEFAULTS)
    out.update(
        dict(ReportText.objects.filter(region_id=region_code, year=year, report=report).values_list("key", "text"))
    )
    return out


def fill(text: str, values: dict[str, object]) -> str:
    return text.format_map(values)


@transaction.atomic
def report_text_set(*, actor, region_code: str, year: int, key: str, text: str, report: str = "annual") -> ReportText:
    """Store (or replace) one narrative block of a region-year's report."""
    authorize(actor, "report_text.set", region=region_code)
    if key not in DEFAULTS:
        raise InvalidInput(f"段落“{key}”不存在（可用：{'、'.join(DEFAULTS)}）", field="key", code="report_text.key")
    problems = check_placeholders(text)
    if problems:
        raise InvalidInput("；".join(problems), field="text", code="report_text.placeholder")
    existing = (
        ReportText.objects.select_for_update().filter(region_id=region_code, year=year, report=report, key=key).first()
    )
    before = snapshot(existing)
    obj, _ = ReportText.objects.update_or_create(
        region_id=region_code, year=year, report=report, key=key, defaults={"text": text.strip()}
    )
    audit(actor=actor, action="report_text.set", obj=obj, before=before, after=snapshot(obj))
    return obj
