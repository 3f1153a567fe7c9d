"""河北区 2025, written by hand from shared/exchange.md alone: what a district's own systems would send.

Nothing here imports zhifa: the check characters are computed from GB 11643 / GB 11714 / GB 32100, and the
expected figures of the report are computed from these rows by the definitions printed in its 数据口径.
"""

from __future__ import annotations

import csv
from pathlib import Path

REGION = "120105"  # 天津市河北区
YEAR = 2025

_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
_ORG_W = [3, 7, 9, 10, 5, 8, 4, 2]


def id_number(birth: str, seq: int) -> str:
    """GB 11643: 6-digit region, YYYYMMDD, 3-digit sequence, ISO 7064 MOD 11-2 check."""
    body = f"{REGION}{birth}{seq:03d}"
    total = sum(int(c) * (2 ** (17 - i) % 11) for i, c in enumerate(body))
    return body + "10X98765432"[total % 11]


def uscc(prefix: str, serial: int) -> str:
    """GB 32100: 登记管理部门 + 机构类别 + region, a GB 11714 organisation code with its check, then the check."""
    org = f"{serial:08d}"
    c = 11 - sum(int(d) * w for d, w in zip(org, _ORG_W, strict=True)) % 11
    org += {10: "X", 11: "0"}.get(c, str(c))
    body = f"{prefix}{REGION}{org}"
    total = sum(_USCC_CHARS.index(ch) * w for ch, w in zip(body, _USCC_W, strict=True))
    return body + _USCC_CHARS[(31 - total % 31) % 31]


# ------------------------------------------------------------------ registry
MARKET = uscc("11", 40110001)  # 区市场监督管理局
CITY = uscc("11", 40110002)  # 区城市管理委员会
HEALTH = uscc("11", 40110003)  # 区卫生健康委员会
SAFETY = uscc("11", 40110004)  # 区应急管理局
STREET = uscc("11", 40110005)  # 望海楼街道办事处
UNITS = [
    (MARKET, "天津市河北区市场监督管理局", "区市场监管局", "区级部门", "市场监管"),
    (CITY, "天津市河北区城市管理委员会", "区城管委", "区级部门", "城市管理"),
    (HEALTH, "天津市河北区卫生健康委员会", "区卫健委", "区级部门", "卫生健康"),
    (SAFETY, "天津市河北区应急管理局", "区应急局", "区级部门", "应急管理"),
    (STREET, "天津市河北区望海楼街道办事处", "望海楼街道", "街道", "综合执法"),
]
_NAMES = {
    MARKET: ["郑晓东", "冯丽娟", "陈志刚", "褚婷婷", "卫海涛"],
    CITY: ["蒋国平", "沈玉梅", "韩立新", "杨秀英"],
    HEALTH: ["朱文斌", "秦淑华", "尤建军"],
    SAFETY: ["许振华", "何丽萍", "吕宏伟"],
    STREET: ["施永强", "张桂兰", "孔祥瑞"],
}
PEOPLE: dict[str, list[str]] = {}  # unit -> ID numbers, in the order of _NAMES
NAME: dict[str, str] = {}
_seq = 11
for _u, _ns in _NAMES.items():
    PEOPLE[_u] = []
    for _i, _n in enumerate(_ns):
        _pid = id_number(f"19{75 + _seq % 15}0{1 + _i % 9}{10 + _seq % 18}", _seq * 2 + 1)
        PEOPLE[_u].append(_pid)
        NAME[_pid] = _n
        _seq += 1
RETIRED = PEOPLE[MARKET][4]  # 卫海涛 retired 2025-06-30, certificate cancelled: not counted at year end
IDLE = PEOPLE[CITY][3]  # 杨秀英 holds a certificate and took part in no act
REVIEWERS = [PEOPLE[MARKET][3], PEOPLE[CITY][2]]  # 法制审核人员, also certificate holders
CERT = {pid: f"12010525{n:04d}" for n, pid in enumerate((p for ps in PEOPLE.values() for p in ps), start=1)}


def certs(unit: str, a: int, b: int) -> str:
    return f"{CERT[PEOPLE[unit][a]]}；{CERT[PEOPLE[unit][b]]}"


def registry() -> dict[str, list[dict]]:
    units = [
        {
            "统一社会信用代码": u,
            "单位名称": n,
            "简称": s,
            "行政区划代码": REGION,
            "单位类型": t,
            "执法领域": d,
            "具有执法主体资格": "是",
            "设立日期": "2019-03-01",
        }
        for u, n, s, t, d in UNITS
    ]
    people, certificates = [], []
    for u, pids in PEOPLE.items():
        for i, pid in enumerate(pids):
            row = {
                "身份证号码": pid,
                "姓名": NAME[pid],
                "单位统一社会信用代码": u,
                "编制类型": "行政编制" if i < 2 else "参公事业编制",
                "手机号码": f"1382201{len(people):04d}",
                "法律职业资格": "是" if pid in REVIEWERS else "否",
                "人员状态": "在岗",
            }
            cert = {
                "执法证号": CERT[pid],
                "持证人身份证号码": pid,
                "发证机关": "天津市人民政府",
                "发证日期": "2022-06-15",
                "有效期至": "2028-06-14",
                "取得方式": "考试",
                "考试日期": "2022-05-20",
                "考试成绩": str(70 + i * 5),
                "证件状态": "有效",
            }
            if pid == RETIRED:
                row.update(人员状态="退休", 状态变更日期="2025-06-30")
                cert.update(证件状态="注销", 注销日期="2025-07-05", 注销原因="退休")
            people.append(row)
            certificates.append(cert)
    reviewers = [
        {"身份证号码": p, "单位统一社会信用代码": u, "起始日期": "2024-01-01"}
        for p, u in zip(REVIEWERS, [MARKET, CITY], strict=True)
    ]
    trainings = [
        {
            "培训编号": "HBPX2025-01",
            "身份证号码": pid,
            "培训名称": "2025年度河北区行政执法人员公共法律知识培训",
            "组织单位统一社会信用代码": MARKET,
            "培训日期": "2025-04-18",
            "学时": "16",
        }
        for ps in PEOPLE.values()
        for pid in ps
        if pid != RETIRED
    ] + [
        {
            "培训编号": "HBPX2025-02",
            "身份证号码": pid,
            "培训名称": "涉企行政检查规范化专题培训",
            "组织单位统一社会信用代码": SAFETY,
            "培训日期": "2025-09-10",
            "学时": "24",
        }
        for pid in PEOPLE[MARKET][:3] + PEOPLE[SAFETY]
    ]
    return {
        "执法主体": units,
        "执法人员": people,
        "执法证件": certificates,
        "法制审核人员": reviewers,
        "培训记录": trainings,
        "权责事项": powers(),
    }


# (code, name, category, unit, basis, domain); 履职率 counts 处罚/检查/强制 only
POWERS = [
    (
        "HB-SJ-JC-001",
        "对食品经营者的监督检查",
        "行政检查",
        MARKET,
        "《中华人民共和国食品安全法》第一百一十条",
        "市场监管",
    ),
    (
        "HB-SJ-JC-002",
        "对药品零售企业的监督检查",
        "行政检查",
        MARKET,
        "《中华人民共和国药品管理法》第九十九条",
        "市场监管",
    ),
    (
        "HB-SJ-CF-001",
        "对经营超过保质期食品的处罚",
        "行政处罚",
        MARKET,
        "《中华人民共和国食品安全法》第一百二十四条",
        "市场监管",
    ),
    ("HB-SJ-CF-002", "对未明码标价的处罚", "行政处罚", MARKET, "《中华人民共和国价格法》第四十二条", "市场监管"),
    (
        "HB-SJ-QZ-001",
        "查封、扣押不符合食品安全标准的食品",
        "行政强制",
        MARKET,
        "《中华人民共和国食品安全法》第一百一十条",
        "市场监管",
    ),
    ("HB-SJ-XK-001", "食品经营许可", "行政许可", MARKET, "《中华人民共和国食品安全法》第三十五条", "市场监管"),
    (
        "HB-CG-JC-001",
        "对建筑工地扬尘污染防治的监督检查",
        "行政检查",
        CITY,
        "《天津市大气污染防治条例》第四十一条",
        "城市管理",
    ),
    (
        "HB-CG-CF-001",
        "对施工工地未采取扬尘防治措施的处罚",
        "行政处罚",
        CITY,
        "《中华人民共和国大气污染防治法》第一百一十五条",
        "城市管理",
    ),
    ("HB-CG-CF-002", "对擅自占用城市道路的处罚", "行政处罚", CITY, "《城市道路管理条例》第四十二条", "城市管理"),
    ("HB-WJ-JC-001", "对医疗机构执业活动的监督检查", "行政检查", HEALTH, "《医疗机构管理条例》第四十条", "卫生健康"),
    (
        "HB-WJ-CF-001",
        "对公共场所未取得卫生许可证经营的处罚",
        "行政处罚",
        HEALTH,
        "《公共场所卫生管理条例》第十四条",
        "卫生健康",
    ),
    # held and never exercised in 2025: 履职率 below 100%
    (
        "HB-WJ-CF-002",
        "对医疗机构使用非卫生技术人员从事医疗卫生技术工作的处罚",
        "行政处罚",
        HEALTH,
        "《医疗机构管理条例》第四十七条",
        "卫生健康",
    ),
    (
        "HB-YJ-JC-001",
        "对生产经营单位安全生产的监督检查",
        "行政检查",
        SAFETY,
        "《中华人民共和国安全生产法》第六十五条",
        "应急管理",
    ),
    (
        "HB-YJ-CF-001",
        "对未按规定进行安全生产教育培训的处罚",
        "行政处罚",
        SAFETY,
        "《中华人民共和国安全生产法》第九十七条",
        "应急管理",
    ),
    (
        "HB-YJ-QZ-001",
        "查封、扣押不符合安全生产标准的设施设备",
        "行政强制",
        SAFETY,
        "《中华人民共和国安全生产法》第六十五条",
        "应急管理",
    ),
    (
        "HB-JD-JC-001",
        "对沿街商户门前责任区的检查",
        "行政检查",
        STREET,
        "《天津市市容和环境卫生管理条例》第十二条",
        "综合执法",
    ),
    (
        "HB-JD-CF-001",
        "对在门前责任区乱堆乱放的处罚",
        "行政处罚",
        STREET,
        "《天津市市容和环境卫生管理条例》第六十条",
        "综合执法",
    ),
]


def powers() -> list[dict]:
    return [
        {
            "事项编码": c,
            "事项名称": n,
            "职权类别": k,
            "实施主体统一社会信用代码": u,
            "实施依据": b,
            "执法领域": d,
            "须法制审核": "是" if k == "行政处罚" else "否",
            "生效日期": "2024-01-01",
        }
        for c, n, k, u, b, d in POWERS
    ]


# ------------------------------------------------------------------ parties
SHOPS = [  # (USCC, name, 类别)
    (uscc("92", 60000001 + i), n, k)
    for i, (n, k) in enumerate(
        [
            ("天津市河北区鑫源便利店", "食品经营者"),
            ("天津市河北区仁和堂大药房", "零售药店"),
            ("天津市河北区老味道餐馆", "餐饮服务"),
            ("天津市河北区惠民超市", "食品经营者"),
            ("天津市河北区康宁诊所", "医疗机构"),
            ("天津市河北区金钥匙建材店", "零售商户"),
        ]
    )
] + [
    (uscc("91", 70000001 + i), n, k)
    for i, (n, k) in enumerate(
        [
            ("天津海河建设工程有限公司", "建筑工地"),
            ("天津北宁化工贸易有限公司", "危化品经营企业"),
            ("天津意风区文化旅游有限公司", "公共场所"),
            ("天津宁园物业服务有限公司", "物业企业"),
        ]
    )
]
CITIZEN = id_number("19880712", 451)  # a 自然人 fined on the spot


# ------------------------------------------------------------------ acts
def _insp(
    n,
    unit,
    power,
    shop,
    when,
    cls,
    a,
    b,
    *,
    case_from="",
    urgent="否",
    result="未发现问题",
    plan="",
    campaign="",
    joint="",
    form="现场",
    approved=None,
):
    uid, name, kind = SHOPS[shop]
    return {
        "检查行为编号": f"HBJC2025{n:04d}",
        "实施机构统一社会信用代码": unit,
        "事项编码": power,
        "检查对象名称": name,
        "相对人性质": "法人或其他组织",
        "相对人证件号码": uid,
        "检查对象类别": kind,
        "检查时间": f"{when} 09:30",
        "检查形式": form,
        "检查类别": cls,
        "个案来源": case_from,
        "检查方式": "双随机" if plan else "其他",
        "审批人身份证号码": PEOPLE[unit][0],
        "审批时间": approved or f"{when} 08:40",
        "紧急": urgent,
        "执法证号": certs(unit, a, b),
        "检查结果": result,
        "发现问题": "" if result == "未发现问题" else "现场发现问题，已责令限期改正",
        "计划编号": plan,
        "专项行动名称": campaign,
        "联合行动编号": joint,
    }


CAMPAIGN = "2025年河北区燃气安全专项整治"
JOINT = "HBLH2025-001"


def inspections() -> list[dict]:
    r = [
        # 鑫源便利店: inspected 4 times by the market bureau (the year's maximum), one 个案 from a complaint
        _insp(1, MARKET, "HB-SJ-JC-001", 0, "2025-02-11", "日常检查", 0, 1, plan="HBJH2025-SJ"),
        _insp(2, MARKET, "HB-SJ-JC-001", 0, "2025-04-08", "个案检查", 1, 2, case_from="投诉举报", result="立案查处"),
        _insp(3, MARKET, "HB-SJ-JC-001", 0, "2025-07-15", "专项检查", 0, 2, campaign=CAMPAIGN),
        _insp(4, MARKET, "HB-SJ-JC-001", 0, "2025-10-21", "日常检查", 2, 0, result="责令改正"),
        _insp(5, MARKET, "HB-SJ-JC-002", 1, "2025-03-05", "日常检查", 0, 1, plan="HBJH2025-SJ"),
        _insp(6, MARKET, "HB-SJ-JC-002", 1, "2025-09-17", "个案检查", 1, 2, case_from="数据监测", result="立案查处"),
        _insp(7, MARKET, "HB-SJ-JC-001", 2, "2025-05-20", "日常检查", 0, 1, result="立案查处"),
        _insp(8, MARKET, "HB-SJ-JC-001", 3, "2025-06-12", "日常检查", 1, 0, plan="HBJH2025-SJ"),
        _insp(9, MARKET, "HB-SJ-JC-001", 3, "2025-11-03", "个案检查", 2, 1, case_from="企业申请", form="视频"),
        _insp(10, CITY, "HB-CG-JC-001", 6, "2025-03-18", "日常检查", 0, 1, result="责令改正"),
        _insp(11, CITY, "HB-CG-JC-001", 6, "2025-05-06", "个案检查", 1, 2, case_from="投诉举报", result="立案查处"),
        _insp(12, CITY, "HB-CG-JC-001", 6, "2025-08-26", "专项检查", 0, 2, campaign=CAMPAIGN, joint=JOINT),
        _insp(13, CITY, "HB-CG-JC-001", 9, "2025-06-30", "日常检查", 2, 0),
        _insp(14, HEALTH, "HB-WJ-JC-001", 4, "2025-04-22", "日常检查", 0, 1, plan="HBJH2025-WJ"),
        _insp(15, HEALTH, "HB-WJ-JC-001", 4, "2025-10-09", "个案检查", 1, 2, case_from="转办交办", result="责令改正"),
        _insp(16, HEALTH, "HB-WJ-JC-001", 8, "2025-07-02", "日常检查", 0, 2, result="立案查处"),
        _insp(
            17,
            SAFETY,
            "HB-YJ-JC-001",
            7,
            "2025-03-27",
            "专项检查",
            0,
            1,
            campaign=CAMPAIGN,
            joint=JOINT,
            result="责令改正",
        ),
        _insp(18, SAFETY, "HB-YJ-JC-001", 7, "2025-08-26", "专项检查", 1, 2, campaign=CAMPAIGN, joint=JOINT),
        # an emergency: a gas leak reported at night, approved the next morning
        _insp(
            19,
            SAFETY,
            "HB-YJ-JC-001",
            2,
            "2025-12-04",
            "个案检查",
            0,
            2,
            case_from="投诉举报",
            urgent="是",
            approved="2025-12-05 09:00",
            result="责令改正",
        ),
        _insp(20, SAFETY, "HB-YJ-JC-001", 9, "2025-09-09", "日常检查", 2, 1),
        _insp(21, STREET, "HB-JD-JC-001", 5, "2025-05-14", "日常检查", 0, 1, result="责令改正"),
        _insp(22, STREET, "HB-JD-JC-001", 5, "2025-11-19", "日常检查", 1, 2),
        _insp(23, STREET, "HB-JD-JC-001", 0, "2025-06-03", "日常检查", 2, 0),
    ]
    return r


def _case(
    unit,
    no,
    power,
    party,
    vtype,
    found,
    a,
    b,
    *,
    simple=False,
    filed="",
    decided="",
    fine="",
    kinds="罚款",
    outcome="给予处罚",
    inspection="",
    review=None,
    published="",
    closed="",
):
    if party is None:
        pname, pkind, pid = "刘某某", "自然人", CITIZEN
    else:
        pid, pname, _ = SHOPS[party]
        pkind = "法人或其他组织"
    row = {
        "实施机构统一社会信用代码": unit,
        "案件编号": no,
        "事项编码": power,
        "程序": "简易程序" if simple else "普通程序",
        "当事人名称": pname,
        "相对人性质": pkind,
        "相对人证件号码": pid,
        "案件来源": "检查发现" if inspection else "投诉举报",
        "关联检查行为编号": inspection,
        "违法行为类型": vtype,
        "违法事实": f"当事人{vtype}，经调查属实",
        "处罚依据": dict((p[0], p[4]) for p in POWERS)[power],
        "违法行为发生日期": found,
        "发现时间": f"{found} 10:00",
        "立案日期": filed,
        "决定日期": decided,
        "处罚决定书文号": f"津河{no[-4:]}罚〔2025〕{no[-3:]}号" if decided else "",
        "处理结果": outcome if decided else "",
        "处罚种类": kinds if decided and outcome == "给予处罚" else "",
        "罚款金额": fine if decided else "",
        "执法证号": certs(unit, a, b),
        "公示日期": published,
        "结案日期": closed,
    }
    if review:
        row.update(
            告知日期=review[0],
            法制审核日期=review[1],
            法制审核人身份证号码=review[2],
            审核意见="事实清楚，证据确凿，同意处罚",
        )
    if decided:
        row.update(送达日期=decided)
    return row


def cases() -> list[dict]:
    m, c = REVIEWERS
    return [
        _case(
            MARKET,
            "HBSJ2025-0001",
            "HB-SJ-CF-001",
            0,
            "经营超过保质期的食品",
            "2025-04-08",
            1,
            2,
            filed="2025-04-10",
            decided="2025-05-16",
            fine="5000.00",
            inspection="HBJC20250002",
            review=("2025-05-06", "2025-05-12", m),
            published="2025-05-20",
            closed="2025-06-10",
        ),
        _case(
            MARKET,
            "HBSJ2025-0002",
            "HB-SJ-CF-001",
            1,
            "经营超过保质期的食品",
            "2025-09-17",
            1,
            2,
            filed="2025-09-19",
            decided="2025-10-28",
            fine="8000.00",
            inspection="HBJC20250006",
            review=("2025-10-20", "2025-10-24", m),
            published="2025-10-30",
        ),
        _case(
            MARKET,
            "HBSJ2025-0003",
            "HB-SJ-CF-002",
            2,
            "未明码标价",
            "2025-05-20",
            0,
            1,
            filed="2025-05-22",
            decided="2025-06-18",
            fine="",
            kinds="警告",
            inspection="HBJC20250007",
            review=("2025-06-09", "2025-06-13", m),
            published="2025-06-20",
            closed="2025-06-25",
        ),
        # overdue: filed in March, still undecided at year end (more than 90 days)
        _case(MARKET, "HBSJ2025-0004", "HB-SJ-CF-002", 3, "未明码标价", "2025-03-01", 0, 2, filed="2025-03-03"),
        _case(
            MARKET,
            "HBSJ2025-0005",
            "HB-SJ-CF-002",
            None,
            "未明码标价",
            "2025-08-08",
            0,
            1,
            simple=True,
            decided="2025-08-08",
            fine="200.00",
            closed="2025-08-08",
        ),
        _case(
            CITY,
            "HBCG2025-0001",
            "HB-CG-CF-001",
            6,
            "施工工地未采取扬尘防治措施",
            "2025-05-06",
            1,
            2,
            filed="2025-05-08",
            decided="2025-06-30",
            fine="20000.00",
            inspection="HBJC20250011",
            review=("2025-06-20", "2025-06-25", c),
            published="2025-07-03",
            closed="2025-07-20",
        ),
        # decided 150 days after 立案: loads, and is a breach to supervise
        _case(
            CITY,
            "HBCG2025-0002",
            "HB-CG-CF-002",
            9,
            "擅自占用城市道路",
            "2025-02-10",
            0,
            1,
            filed="2025-02-12",
            decided="2025-07-12",
            fine="3000.00",
            review=("2025-07-01", "2025-07-05", c),
            published="2025-07-15",
        ),
        _case(
            HEALTH,
            "HBWJ2025-0001",
            "HB-WJ-CF-001",
            8,
            "未取得卫生许可证经营公共场所",
            "2025-07-02",
            0,
            2,
            filed="2025-07-04",
            decided="2025-08-15",
            fine="",
            kinds="警告",
            inspection="HBJC20250016",
            published="2025-08-19",
        ),
        _case(
            SAFETY,
            "HBYJ2025-0001",
            "HB-YJ-CF-001",
            7,
            "未按规定对从业人员进行安全生产教育培训",
            "2025-03-27",
            0,
            1,
            filed="2025-03-31",
            decided="2025-05-09",
            fine="30000.00",
            inspection="HBJC20250017",
            published="2025-05-13",
        ),
        _case(
            STREET,
            "HBJD2025-0001",
            "HB-JD-CF-001",
            None,
            "在门前责任区乱堆乱放",
            "2025-05-14",
            0,
            1,
            simple=True,
            decided="2025-05-14",
            fine="50.00",
            closed="2025-05-14",
        ),
        _case(
            STREET,
            "HBJD2025-0002",
            "HB-JD-CF-001",
            5,
            "在门前责任区乱堆乱放",
            "2025-11-19",
            1,
            2,
            simple=True,
            decided="2025-11-19",
            fine="",
            kinds="警告",
            closed="2025-11-19",
        ),
    ]


def other_acts() -> list[dict]:
    rows = [
        ("巡查", CITY, "HB-CG-JC-001", "2025-04-15 20:30", 0, 1, "夜间渣土运输车辆巡查"),
        ("巡查", STREET, "HB-JD-JC-001", "2025-06-20 10:00", 0, 2, "意式风情区沿街商户巡查"),
        ("现场规范", STREET, "HB-JD-JC-001", "2025-07-08 15:00", 1, 2, "规范沿街店外经营"),
        ("教育改正", MARKET, "HB-SJ-JC-001", "2025-09-02 11:00", 0, 1, "首次未明码标价，教育后当场改正"),
    ]
    return [
        {
            "行为编号": f"HBQT2025{i:03d}",
            "类型": t,
            "实施机构统一社会信用代码": u,
            "事项编码": p,
            "对象名称": "",
            "时间": when,
            "执法证号": certs(u, a, b),
            "内容": what,
        }
        for i, (t, u, p, when, a, b, what) in enumerate(rows, start=1)
    ]


def measures() -> list[dict]:
    return [
        {
            "实施机构统一社会信用代码": MARKET,
            "措施编号": "HBSJQZ2025-001",
            "事项编码": "HB-SJ-QZ-001",
            "措施种类": "扣押财物",
            "当事人名称": SHOPS[1][1],
            "相对人性质": "法人或其他组织",
            "相对人证件号码": SHOPS[1][0],
            "决定日期": "2025-09-18",
            "期限天数": "30",
            "解除日期": "2025-10-15",
            "处理结果": "解除扣押，依法处理",
            "执法证号": certs(MARKET, 1, 2),
            "全程音像记录": "是",
            "关联案件编号": "HBSJ2025-0002",
        },
        {
            "实施机构统一社会信用代码": SAFETY,
            "措施编号": "HBYJQZ2025-001",
            "事项编码": "HB-YJ-QZ-001",
            "措施种类": "查封场所设施或者财物",
            "当事人名称": SHOPS[7][1],
            "相对人性质": "法人或其他组织",
            "相对人证件号码": SHOPS[7][0],
            "决定日期": "2025-03-28",
            "期限天数": "30",
            "解除日期": "2025-04-20",
            "处理结果": "整改完毕解除查封",
            "执法证号": certs(SAFETY, 0, 1),
            "全程音像记录": "是",
            "关联案件编号": "HBYJ2025-0001",
        },
    ]


def licences() -> list[dict]:
    return [
        {
            "实施机构统一社会信用代码": MARKET,
            "许可决定书文号": f"JY21201052025{n:04d}",
            "事项编码": "HB-SJ-XK-001",
            "申请人名称": SHOPS[s][1],
            "相对人性质": "法人或其他组织",
            "相对人证件号码": SHOPS[s][0],
            "受理日期": acc,
            "决定日期": dec,
            "决定": d,
            "公示日期": dec,
        }
        for n, (s, acc, dec, d) in enumerate(
            [
                (0, "2025-01-06", "2025-01-10", "准予"),
                (2, "2025-03-03", "2025-03-12", "准予"),
                (3, "2025-08-04", "2025-08-15", "不予"),
            ],
            start=1,
        )
    ]


def hazards() -> list[dict]:
    return [
        {
            "隐患编号": f"HBYH2025{n:03d}",
            "实施机构统一社会信用代码": u,
            "检查行为编号": f"HBJC2025{i:04d}",
            "隐患类别": k,
            "等级": g,
            "发现日期": day,
            "整改期限": due,
            "整改完成日期": done,
        }
        for n, (u, i, k, g, day, due, done) in enumerate(
            [
                (SAFETY, 17, "危化品", "一般", "2025-03-27", "2025-04-10", "2025-04-08"),
                (SAFETY, 19, "燃气", "重大", "2025-12-04", "2025-12-20", ""),
                (CITY, 12, "燃气", "一般", "2025-08-26", "2025-09-10", "2025-09-05"),
                (MARKET, 3, "燃气", "一般", "2025-07-15", "2025-07-30", "2025-07-28"),
            ],
            start=1,
        )
    ]


def registry_plus() -> dict[str, list[dict]]:
    return {
        "专项行动": [
            {
                "行动名称": CAMPAIGN,
                "执法领域": "燃气安全",
                "类型": "专项整治",
                "牵头单位统一社会信用代码": SAFETY,
                "参与单位统一社会信用代码": f"{MARKET}；{CITY}",
                "开始日期": "2025-03-01",
                "结束日期": "2025-11-30",
                "部署会议日期": "2025-02-26；2025-06-18",
            }
        ],
        "联合行动": [
            {
                "联合行动编号": JOINT,
                "名称": "城镇燃气安全联合检查",
                "日期": "2025-08-26",
                "参与单位统一社会信用代码": f"{CITY}；{SAFETY}",
                "专项行动名称": CAMPAIGN,
            }
        ],
        "检查计划": [
            {
                "计划编号": "HBJH2025-SJ",
                "实施机构统一社会信用代码": MARKET,
                "年度": "2025",
                "计划类型": "双随机",
                "任务数": "5",
            },
            {
                "计划编号": "HBJH2025-WJ",
                "实施机构统一社会信用代码": HEALTH,
                "年度": "2025",
                "计划类型": "双随机",
                "任务数": "2",
            },
        ],
        "电子监控设备": [
            {
                "设备编号": "HBJK-001",
                "实施机构统一社会信用代码": CITY,
                "设置地点": "河北区金纬路与五马路交口",
                "审核日期": "2024-11-20",
                "公布日期": "2024-12-01",
            }
        ],
    }


def overloads() -> list[dict]:
    return [
        {
            "检测编号": "HBCX2025-001",
            "实施机构统一社会信用代码": CITY,
            "车牌号": "津A·7K3M2",
            "轴数": "6",
            "车货总重": "58.40",
            "限值": "49.00",
            "卸载吨数": "9.40",
            "检测时间": "2025-04-15 21:10",
            "源头企业统一社会信用代码": SHOPS[6][0],
        }
    ]


def everything() -> dict[str, list[dict]]:
    return {
        **registry(),
        **registry_plus(),
        "行政检查": inspections(),
        "行政处罚": cases(),
        "其他执法行为": other_acts(),
        "行政强制": measures(),
        "行政许可": licences(),
        "隐患": hazards(),
        "超限超载": overloads(),
    }


def write(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for kind, rows in everything().items():
        headers = list(dict.fromkeys(k for r in rows for k in r))
        with (folder / f"{kind}.csv").open("w", encoding="utf-8-sig", newline="") as f:
            w = csv.DictWriter(f, fieldnames=headers)
            w.writeheader()
            w.writerows(rows)
    return folder
