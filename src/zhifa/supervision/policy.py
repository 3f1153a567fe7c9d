"""Supervision thresholds. Where a number comes from a text, the text is named; where it is the
platform's own setting (no binding text was found, see docs/legal-basis.md), it says so.
"""

from decimal import Decimal

# 《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》
# （国办发〔2018〕118号）第四部分第（十一）项: 法制审核人员原则上不少于本单位执法人员总数的5%.
REVIEWER_RATIO_PERCENT = 5

# The yearly training hours are a per-region setting with its source (supervision.law_settings.training_requirement:
# 东丽区 60 from the seed, 天津市 40 from 天津市行政执法监督规定第十条); this is only the platform default.
TRAINING_HOURS_PER_YEAR = Decimal("60")
# The pro-rata projection is too noisy in the first quarter (one session moves it by weeks): the rule
# starts on this day-of-year (1 April in a common year).
TRAINING_RULE_FROM_DAY = 91

# 零执法 / 参与率 grace periods (platform setting): a year-to-date figure says nothing in early January.
ZERO_UNIT_FROM_DAY = 31  # a unit with no act in the first month is flagged from February
ZERO_POWER_FROM_DAY = 182  # powers are exercised rarely: flagged from the second half-year
LOW_PARTICIPATION_FROM_DAY = 31
# 执法参与率 below this is "low" (platform setting; a published Tianjin district report shows 92 %).
LOW_PARTICIPATION_PERCENT = 80

# 多头检查: the same party inspected by this many different units within the window (issue 6).
MULTI_UNIT_MIN_UNITS = 3
MULTI_UNIT_WINDOW_DAYS = 30
# Repeated inspection of one party by one unit: this many inspections within the window (platform
# setting: an inspection and its 复查 are two; a third within 30 days needs a reason).
REPEAT_MIN_INSPECTIONS = 3
REPEAT_WINDOW_DAYS = 30
# Joint inspections (联合检查) are the remedy for 多头检查, so they do not count towards it.

# Threshold gaming: fines in [T·(1−w), T) against the neighbouring band [T·(1−2w), T·(1−w)).
# Under a smooth distribution of amounts both bands hold about as many fines, so the count in the
# upper band given the total is Binomial(n, ½); a unit is flagged when the one-sided p-value of the
# upper-band count is below GAMING_P_VALUE with at least GAMING_MIN_N fines in the two bands and
# at least GAMING_MIN_SHARE of them in the upper band. Fines exactly at T are legal and are
# standard amounts in several fields (e.g. 200 yuan in traffic), so they are in neither band.
GAMING_BAND = Decimal("0.10")
GAMING_MIN_N = 20
GAMING_P_VALUE = 0.001
GAMING_MIN_SHARE = 0.75

# 干预插手 records reported to the 区司法局 within this many working days of being recorded: the
# period is not in any text found (东丽区…记录、通报和责任追究制度 was not retrievable); platform setting.
INTERFERENCE_REPORT_WORKING_DAYS = 5

# Clues: 《市场监督管理行政处罚程序规定》第十八条 gives 15 working days from receipt to check a clue
# and decide whether to file a case; the platform uses it for every field as the response period.
CLUE_RESPONSE_WORKING_DAYS = 15

# Rectification notices: default period (platform setting; the notice may set another).
RECTIFICATION_WORKING_DAYS = 15

# 案卷评查 score sheet (items and points; platform setting modelled on common provincial sheets).
REVIEW_ITEMS: dict[str, int] = {
    "立案": 10,
    "调查取证": 20,
    "告知": 15,
    "审核": 10,
    "决定": 15,
    "送达": 10,
    "执行": 10,
    "归档": 10,
}
REVIEW_EXCELLENT = Decimal("90")
REVIEW_PASS = Decimal("60")  # below: 不合格 and flagged 典型差案

# 否决项 (veto items): one of them makes the file 不合格 whatever its points (platform setting modelled on
# provincial 行政执法案卷评查标准, which fail a file for a wrong 执法主体, an uncertified officer, missing
# evidence, a wrong characterisation, a procedural breach or a wrong legal basis).
REVIEW_VETO_ITEMS: dict[str, str] = {
    "主体": "执法主体不合法或超越职权",
    "资格": "执法人员无执法资格或不足两人",
    "证据": "主要证据不足或证据取得违法",
    "定性": "认定事实或定性错误",
    "程序": "违反法定程序（未告知、应听证未听证、应审核未审核等）",
    "法律适用": "适用法律依据错误",
}
