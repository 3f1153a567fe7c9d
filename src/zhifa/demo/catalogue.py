"""What the demo generator knows about enforcement domains: 权责清单 items, violations, party pools.

The generator builds each unit's 权责清单 from the domains listed for it in the scenario file. An item
is ``(tag, name, category, legal basis, flags)``; ``tag`` names the item inside the generator (the
programmes of the scenario pick their power by tag), it is not stored. The report never reads this
module: it counts records by their stored fields (power domain, party type, violation).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Violation names the report counts by (shared with ``zhifa.reports.figures``).
VIOLATION_PRESCRIPTION = "不凭处方销售处方药"
VIOLATIONS_CONSTRUCTION_WASTE = ("未按规定处置建筑垃圾", "随意倾倒建筑垃圾", "装修垃圾未按规定处置")
VIOLATION_OVERLOAD = "车辆超限运输"

# Power domains the report counts by.
DOMAIN_DRUGS = "药品医疗器械"
DOMAIN_GAS = "燃气"
DOMAIN_SAFETY = "安全生产"


# 检查对象类别 the generator's party pools are sent with (the workspace's labels of the 当事人类别).
PARTY_LABELS = {
    "individual": "个人",
    "driver": "机动车驾驶人",
    "business": "生产经营单位",
    "retail_pharmacy": "零售药店",
    "medical": "医疗机构",
    "vaccination": "疫苗接种单位",
    "online_seller": "网络销售企业",
    "hazchem_major": "危化品重大危险源企业",
    "source_enterprise": "源头企业",
    "construction_site": "建筑工地",
    "disposal_site": "建筑垃圾消纳场",
    "gas_user": "燃气经营使用单位",
    "transport": "运输企业",
}


@dataclass(frozen=True)
class Item:
    tag: str
    name: str
    category: str  # powers.choices.PowerCategory value
    basis: str
    domain: str = ""
    legal_review: bool = False
    recording: bool = False
    single_officer: str = ""
    hearing_person: int | None = None
    hearing_org: int | None = None
    violations: tuple[str, ...] = field(default=())


P, I, C, L = "penalty", "inspection", "coercion", "license"  # noqa: E741

CATALOGUE: dict[str, list[Item]] = {
    "市场监管": [
        Item(
            "mkt_inspect",
            "对经营者落实食品安全主体责任情况的监督检查",
            I,
            "《中华人民共和国食品安全法》第一百一十条",
            "食品安全",
        ),
        Item(
            "mkt_food_pen",
            "对经营不符合食品安全标准食品的行政处罚",
            P,
            "《中华人民共和国食品安全法》第一百二十四条",
            "食品安全",
            legal_review=True,
            hearing_person=10000,
            hearing_org=100000,
            violations=("经营不符合食品安全标准的食品", "未按规定查验进货凭证"),
        ),
        Item(
            "mkt_price_pen",
            "对不明码标价行为的行政处罚",
            P,
            "《中华人民共和国价格法》第四十二条",
            "价格",
            violations=("不按规定明码标价",),
        ),
        Item(
            "mkt_license_pen",
            "对未取得营业执照从事经营活动的行政处罚",
            P,
            "《无证无照经营查处办法》第十三条",
            "市场秩序",
            violations=("无照经营",),
        ),
        Item(
            "mkt_spec_inspect",
            "对特种设备生产、使用单位的监督检查",
            I,
            "《中华人民共和国特种设备安全法》第五十七条",
            "特种设备",
        ),
        Item(
            "mkt_spec_pen",
            "对特种设备未经定期检验继续使用的行政处罚",
            P,
            "《中华人民共和国特种设备安全法》第八十四条",
            "特种设备",
            legal_review=True,
            hearing_org=100000,
            violations=("特种设备未经定期检验继续使用",),
        ),
        Item(
            "mkt_seal",
            "查封、扣押不符合食品安全标准的食品",
            C,
            "《中华人民共和国食品安全法》第一百一十条",
            "食品安全",
            recording=True,
        ),
        Item(
            "drug_inspect",
            "对药品经营企业、使用单位的监督检查",
            I,
            "《中华人民共和国药品管理法》第九十九条",
            DOMAIN_DRUGS,
        ),
        Item(
            "drug_device_inspect",
            "对医疗器械经营、使用单位的监督检查",
            I,
            "《医疗器械监督管理条例》第七十条",
            DOMAIN_DRUGS,
        ),
        Item(
            "drug_pen",
            "对药品零售企业不凭处方销售处方药的行政处罚",
            P,
            "《药品经营和使用质量监督管理办法》第六十九条",
            DOMAIN_DRUGS,
            legal_review=True,
            hearing_org=50000,
            violations=(VIOLATION_PRESCRIPTION,),
        ),
        Item(
            "mkt_ad_pen",
            "对发布违法广告的行政处罚",
            P,
            "《中华人民共和国广告法》第五十八条",
            "广告",
            legal_review=True,
            hearing_org=100000,
        ),
        Item("mkt_license", "食品经营许可", L, "《中华人民共和国食品安全法》第三十五条", "食品安全"),
    ],
    "安全生产": [
        Item(
            "safety_inspect",
            "对生产经营单位执行安全生产法律法规情况的监督检查",
            I,
            "《中华人民共和国安全生产法》第六十五条",
            DOMAIN_SAFETY,
        ),
        Item(
            "hazchem_inspect",
            "对危险化学品重大危险源企业的监督检查",
            I,
            "《危险化学品安全管理条例》第六条",
            DOMAIN_SAFETY,
        ),
        Item(
            "safety_pen",
            "对生产经营单位未采取措施消除事故隐患的行政处罚",
            P,
            "《中华人民共和国安全生产法》第一百零二条",
            DOMAIN_SAFETY,
            legal_review=True,
            hearing_org=50000,
            violations=("未采取措施消除事故隐患", "未按规定开展安全生产教育培训"),
        ),
        Item(
            "safety_training_pen",
            "对未按规定对从业人员进行安全生产教育培训的行政处罚",
            P,
            "《中华人民共和国安全生产法》第九十七条",
            DOMAIN_SAFETY,
            violations=("未按规定开展安全生产教育培训",),
        ),
        Item(
            "safety_seal",
            "查封、扣押不符合保障安全生产的国家标准或者行业标准的设施、设备、器材",
            C,
            "《中华人民共和国安全生产法》第六十五条",
            DOMAIN_SAFETY,
            recording=True,
        ),
        Item("fireworks_pen", "对非法经营烟花爆竹的行政处罚", P, "《烟花爆竹安全管理条例》第三十六条", DOMAIN_SAFETY),
    ],
    "消防": [
        Item("fire_inspect", "消防监督检查", I, "《中华人民共和国消防法》第五十三条", DOMAIN_SAFETY),
        Item(
            "fire_pen",
            "对消防设施、器材未保持完好有效的行政处罚",
            P,
            "《中华人民共和国消防法》第六十条",
            DOMAIN_SAFETY,
            violations=("消防设施、器材未保持完好有效", "占用、堵塞、封闭疏散通道"),
        ),
        Item(
            "fire_seal",
            "临时查封危险部位或者场所",
            C,
            "《中华人民共和国消防法》第五十四条",
            DOMAIN_SAFETY,
            recording=True,
        ),
    ],
    "卫生健康": [
        Item("health_inspect", "对医疗机构执业活动的监督检查", I, "《医疗机构管理条例》第四十条", "卫生健康"),
        Item("health_public_inspect", "对公共场所卫生的监督检查", I, "《公共场所卫生管理条例》第十条", "卫生健康"),
        Item(
            "health_pen",
            "对医疗机构使用非卫生技术人员从事医疗卫生技术工作的行政处罚",
            P,
            "《医疗机构管理条例》第四十七条",
            "卫生健康",
            legal_review=True,
            hearing_org=50000,
            violations=("使用非卫生技术人员从事医疗卫生技术工作",),
        ),
        Item(
            "health_public_pen",
            "对公共场所未取得健康合格证明从业的行政处罚",
            P,
            "《公共场所卫生管理条例实施细则》第三十八条",
            "卫生健康",
            violations=("从业人员未取得有效健康合格证明",),
        ),
        Item(
            "health_smoke_pen",
            "对在禁止吸烟场所吸烟的行政处罚",
            P,
            "《天津市控制吸烟条例》第二十五条",
            "卫生健康",
            violations=("在禁止吸烟场所吸烟",),
        ),
    ],
    "生态环境": [
        Item("env_inspect", "对排污单位的现场检查", I, "《中华人民共和国环境保护法》第二十四条", "生态环境"),
        Item(
            "env_pen",
            "对超过排放标准排放大气污染物的行政处罚",
            P,
            "《中华人民共和国大气污染防治法》第九十九条",
            "生态环境",
            legal_review=True,
            hearing_org=100000,
            violations=("超标排放大气污染物",),
        ),
        Item(
            "env_water_pen",
            "对未依法取得排污许可证排放污染物的行政处罚",
            P,
            "《排污许可管理条例》第三十三条",
            "生态环境",
            legal_review=True,
            hearing_org=100000,
            violations=("无证排污",),
        ),
        Item(
            "env_seal",
            "查封、扣押造成污染物排放的设施、设备",
            C,
            "《中华人民共和国环境保护法》第二十五条",
            "生态环境",
            recording=True,
        ),
    ],
    "城市管理": [
        Item("city_inspect", "对市容环境卫生的监督检查", I, "《天津市市容和环境卫生管理条例》第五十条", "城市管理"),
        Item("waste_inspect", "对建筑垃圾处置的监督检查", I, "《城市建筑垃圾管理规定》第二十条", "城市管理"),
        Item(
            "waste_pen",
            "对违规处置、随意倾倒建筑垃圾的行政处罚",
            P,
            "《城市建筑垃圾管理规定》第二十六条",
            "城市管理",
            hearing_person=5000,
            hearing_org=50000,
            violations=VIOLATIONS_CONSTRUCTION_WASTE,
        ),
        Item(
            "city_street_pen",
            "对擅自占用道路从事经营活动的行政处罚",
            P,
            "《天津市市容和环境卫生管理条例》第五十八条",
            "城市管理",
            violations=("擅自占道经营", "乱堆乱放"),
        ),
        Item(
            "city_ad_pen", "对擅自设置户外广告设施的行政处罚", P, "《天津市市容和环境卫生管理条例》第六十条", "城市管理"
        ),
        Item("gas_inspect", "对燃气经营、使用单位的安全检查", I, "《城镇燃气管理条例》第四十一条", DOMAIN_GAS),
        Item(
            "gas_pen",
            "对燃气用户违规使用燃气的行政处罚",
            P,
            "《城镇燃气管理条例》第四十九条",
            DOMAIN_GAS,
            violations=("违规使用燃气设施", "未按规定安装燃气泄漏报警装置"),
        ),
        Item(
            "city_demolish",
            "强制拆除违法建设",
            C,
            "《中华人民共和国城乡规划法》第六十八条",
            "城市管理",
            recording=True,
            legal_review=True,
        ),
    ],
    "交通运输": [
        Item(
            "road_inspect",
            "对道路运输经营者和货运源头单位的监督检查",
            I,
            "《中华人民共和国道路运输条例》第五十九条",
            "交通运输",
        ),
        Item(
            "overload_pen",
            "对车辆违法超限运输的行政处罚",
            P,
            "《公路超限检测站管理办法》《超限运输车辆行驶公路管理规定》第四十三条",
            "治超",
            legal_review=True,
            hearing_org=30000,
            violations=(VIOLATION_OVERLOAD,),
        ),
        Item(
            "road_pen",
            "对未取得道路运输经营许可擅自从事道路运输经营的行政处罚",
            P,
            "《中华人民共和国道路运输条例》第六十三条",
            "交通运输",
            legal_review=True,
            hearing_person=10000,
            hearing_org=50000,
            violations=("未取得道路运输经营许可从事经营",),
        ),
        Item(
            "taxi_pen",
            "对巡游出租汽车驾驶员拒载、议价的行政处罚",
            P,
            "《巡游出租汽车经营服务管理规定》第五十条",
            "交通运输",
            violations=("巡游出租汽车拒载、议价",),
        ),
        Item(
            "road_detain",
            "暂扣未取得道路运输证的车辆",
            C,
            "《中华人民共和国道路运输条例》第六十五条",
            "交通运输",
            recording=True,
        ),
    ],
    "公安": [
        Item(
            "traffic_pen",
            "对违反道路交通安全法律法规行为的行政处罚",
            P,
            "《中华人民共和国道路交通安全法》第八十八条、第九十条",
            "道路交通",
            single_officer="《中华人民共和国道路交通安全法》第一百零七条",
            violations=(
                "违反交通信号灯通行",
                "违法停车",
                "机动车驾驶人未系安全带",
                "驾驶时拨打接听手持电话",
                "不按规定车道行驶",
                "超速行驶",
            ),
        ),
        Item(
            "traffic_inspect", "对道路交通安全的监督检查", I, "《中华人民共和国道路交通安全法》第八十七条", "道路交通"
        ),
        Item("security_inspect", "对旅馆业、娱乐场所治安管理的监督检查", I, "《旅馆业治安管理办法》第十二条", "治安"),
        Item(
            "security_pen",
            "对违反治安管理行为的行政处罚",
            P,
            "《中华人民共和国治安管理处罚法》第二十三条",
            "治安",
            legal_review=True,
            violations=("扰乱单位秩序", "殴打他人"),
        ),
        Item(
            "traffic_detain", "扣留机动车", C, "《中华人民共和国道路交通安全法》第九十五条", "道路交通", recording=True
        ),
    ],
    "住房建设": [
        Item("build_inspect", "对建设工程质量安全的监督检查", I, "《建设工程安全生产管理条例》第四十三条", "住房建设"),
        Item(
            "build_pen",
            "对施工单位未采取安全施工措施的行政处罚",
            P,
            "《建设工程安全生产管理条例》第六十五条",
            "住房建设",
            legal_review=True,
            hearing_org=50000,
            violations=("未采取安全施工措施",),
        ),
        Item(
            "build_dust_pen",
            "对施工工地未采取扬尘防治措施的行政处罚",
            P,
            "《中华人民共和国大气污染防治法》第一百一十五条",
            "住房建设",
            violations=("施工工地扬尘防治措施不到位",),
        ),
    ],
    "规划资源": [
        Item("land_inspect", "对土地利用情况的监督检查", I, "《中华人民共和国土地管理法》第六十七条", "规划资源"),
        Item(
            "land_pen",
            "对非法占用土地的行政处罚",
            P,
            "《中华人民共和国土地管理法》第七十七条",
            "规划资源",
            legal_review=True,
            hearing_org=50000,
            violations=("非法占用土地",),
        ),
    ],
    "水务": [
        Item("water_inspect", "对取水、排水单位的监督检查", I, "《中华人民共和国水法》第六十条", "水务"),
        Item(
            "water_pen",
            "对未经批准擅自取水的行政处罚",
            P,
            "《中华人民共和国水法》第六十九条",
            "水务",
            violations=("未经批准擅自取水",),
        ),
    ],
    "农业农村": [
        Item("agri_inspect", "对农药、兽药经营使用的监督检查", I, "《农药管理条例》第四十一条", "农业农村"),
        Item(
            "agri_pen",
            "对经营假农药的行政处罚",
            P,
            "《农药管理条例》第五十五条",
            "农业农村",
            legal_review=True,
            violations=("经营假农药",),
        ),
        Item(
            "fish_pen",
            "对在禁渔期捕捞的行政处罚",
            P,
            "《中华人民共和国渔业法》第三十八条",
            "农业农村",
            violations=("禁渔期非法捕捞",),
        ),
    ],
    "文化旅游": [
        Item("culture_inspect", "对娱乐场所、网吧经营活动的监督检查", I, "《娱乐场所管理条例》第三十五条", "文化旅游"),
        Item(
            "culture_pen",
            "对网吧接纳未成年人的行政处罚",
            P,
            "《互联网上网服务营业场所管理条例》第三十一条",
            "文化旅游",
            violations=("接纳未成年人进入营业场所",),
        ),
    ],
    "人力社保": [
        Item("labor_inspect", "劳动保障监察", I, "《劳动保障监察条例》第十五条", "人力社保"),
        Item(
            "labor_pen",
            "对用人单位未按规定支付劳动报酬的行政处罚",
            P,
            "《劳动保障监察条例》第二十六条",
            "人力社保",
            violations=("克扣、拖欠劳动报酬",),
        ),
    ],
    "税务": [
        Item("tax_inspect", "税务检查", I, "《中华人民共和国税收征收管理法》第五十四条", "税务"),
        Item(
            "tax_pen",
            "对未按期办理纳税申报的行政处罚",
            P,
            "《中华人民共和国税收征收管理法》第六十二条",
            "税务",
            violations=("未按期办理纳税申报",),
        ),
    ],
    "烟草": [
        Item(
            "tobacco_inspect", "对烟草专卖品经营的监督检查", I, "《中华人民共和国烟草专卖法实施条例》第五十四条", "烟草"
        ),
        Item(
            "tobacco_pen",
            "对无烟草专卖零售许可证经营烟草制品的行政处罚",
            P,
            "《中华人民共和国烟草专卖法实施条例》第五十七条",
            "烟草",
            violations=("无证经营烟草制品",),
        ),
    ],
    "教育": [
        Item(
            "edu_inspect", "对民办学校、校外培训机构的监督检查", I, "《中华人民共和国民办教育促进法》第四十一条", "教育"
        ),
        Item(
            "edu_pen",
            "对擅自举办校外培训机构的行政处罚",
            P,
            "《中华人民共和国民办教育促进法》第六十四条",
            "教育",
            violations=("擅自举办校外培训",),
        ),
    ],
    "通用": [
        Item("gen_inspect", "对本行业领域法律法规执行情况的监督检查", I, "有关法律、法规、规章", ""),
        Item(
            "gen_pen",
            "对违反本行业领域管理规定行为的行政处罚",
            P,
            "有关法律、法规、规章",
            "",
            violations=("违反行业管理规定",),
        ),
    ],
    "审批": [
        Item("approval_license", "相对集中行政许可事项", L, "《中华人民共和国行政许可法》第二十五条", "行政审批"),
    ],
}

# What a 街道 receives from the district departments (授权, 天津市街道综合执法).
STREET_DELEGATIONS: dict[str, tuple[str, ...]] = {
    "城市管理": ("city_inspect", "waste_inspect", "waste_pen", "city_street_pen"),
    "安全生产": ("safety_inspect",),
    "卫生健康": ("health_smoke_pen",),
}
