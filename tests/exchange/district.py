"""A small district in the exchange format: the records a unit's own system would send, as files."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from zhifa.core.validators import make_id_number, make_uscc

REGION = "120110"  # 东丽区
MARKET = make_uscc("11120110", 1)  # 区市场监督管理局
STREET = make_uscc("11120110", 2)  # 张贵庄街道
JUSTICE = make_uscc("11120110", 3)  # 区司法局
OFFICERS = [make_id_number(REGION, dt.date(1980 + i, 3, 1 + i), 10 + i) for i in range(5)]
REVIEWER = OFFICERS[4]
SHOP = make_uscc("92120110", 77)  # a 个体工商户 inspected and fined
CITIZEN = make_id_number(REGION, dt.date(1990, 5, 6), 123)


def registry() -> dict[str, list[dict]]:
    names = ["李明", "王芳", "赵强", "钱进", "孙律"]
    units = [
        {
            "统一社会信用代码": MARKET,
            "单位名称": "天津市东丽区市场监督管理局",
            "简称": "区市场监管局",
            "行政区划代码": REGION,
            "单位类型": "区级部门",
            "执法领域": "市场监管",
            "具有执法主体资格": "是",
            "设立日期": "2015-01-01",
        },
        {
            "统一社会信用代码": STREET,
            "单位名称": "天津市东丽区张贵庄街道办事处",
            "简称": "张贵庄街道",
            "行政区划代码": REGION,
            "单位类型": "街道",
            "设立日期": "2015-01-01",
        },
        {
            "统一社会信用代码": JUSTICE,
            "单位名称": "天津市东丽区司法局",
            "行政区划代码": REGION,
            "单位类型": "区级部门",
            "具有执法主体资格": "否",
            "设立日期": "2015-01-01",
        },
    ]
    people = [
        {
            "身份证号码": OFFICERS[i],
            "姓名": names[i],
            "单位统一社会信用代码": MARKET if i != 2 else STREET,
            "编制类型": "行政编制",
            "法律职业资格": "是" if i == 4 else "否",
            "人员状态": "在岗",
        }
        for i in range(5)
    ]
    certs = [
        {
            "执法证号": f"12011000{i:04d}",
            "持证人身份证号码": OFFICERS[i],
            "发证机关": "天津市人民政府",
            "发证日期": "2021-03-01",
            "有效期至": "2026-02-28",
            "取得方式": "考试",
            "考试日期": "2021-01-10",
            "考试成绩": str(80 + i),
            "证件状态": "有效",
        }
        for i in range(5)
    ]
    reviewers = [{"身份证号码": REVIEWER, "单位统一社会信用代码": MARKET, "起始日期": "2022-01-01"}]
    trainings = [
        {
            "培训编号": "PX-2024-01",
            "身份证号码": OFFICERS[i],
            "培训名称": "行政处罚法专题培训",
            "组织单位统一社会信用代码": JUSTICE,
            "培训日期": "2024-03-15",
            "学时": "8",
        }
        for i in range(3)
    ]
    powers = [
        {
            "事项编码": "JC-001",
            "事项名称": "对经营场所的检查",
            "职权类别": "行政检查",
            "实施主体统一社会信用代码": MARKET,
            "实施依据": "《中华人民共和国产品质量法》第十八条",
            "执法领域": "市场监管",
            "生效日期": "2020-01-01",
        },
        {
            "事项编码": "CF-001",
            "事项名称": "对销售不符合标准商品的处罚",
            "职权类别": "行政处罚",
            "实施主体统一社会信用代码": MARKET,
            "实施依据": "《中华人民共和国产品质量法》第四十九条",
            "执法领域": "市场监管",
            "须法制审核": "否",
            "生效日期": "2020-01-01",
        },
    ]
    campaigns = [
        {
            "行动名称": "2024年食品安全专项整治",
            "执法领域": "市场监管",
            "类型": "专项整治",
            "牵头单位统一社会信用代码": MARKET,
            "参与单位统一社会信用代码": STREET,
            "开始日期": "2024-03-01",
            "结束日期": "2024-10-31",
            "部署会议日期": "2024-03-01；2024-06-01",
        },
    ]
    return {
        "执法主体": units,
        "执法人员": people,
        "执法证件": certs,
        "法制审核人员": reviewers,
        "培训记录": trainings,
        "权责事项": powers,
        "专项行动": campaigns,
    }


def inspection(n: int, *, officers=("120110000000", "120110000001"), **over) -> dict:
    row = {
        "检查行为编号": f"JC2024{n:05d}",
        "实施机构统一社会信用代码": MARKET,
        "事项编码": "JC-001",
        "检查对象名称": "东丽区好运来超市",
        "相对人性质": "法人或其他组织",
        "相对人证件号码": SHOP,
        "检查对象类别": "零售药店",
        "检查时间": f"2024-04-{n % 27 + 1:02d} 09:30",
        "检查形式": "现场",
        "检查类别": "日常检查",
        "检查方式": "双随机",
        "执法证号": "；".join(officers),
        "检查结果": "未发现问题",
    }
    row.update(over)
    return row


def case(n: int, **over) -> dict:
    row = {
        "实施机构统一社会信用代码": MARKET,
        "案件编号": f"津丽市监罚〔2024〕{n:04d}号",
        "事项编码": "CF-001",
        "程序": "普通程序",
        "当事人名称": "东丽区好运来超市",
        "相对人性质": "法人或其他组织",
        "相对人证件号码": SHOP,
        "案件来源": "检查发现",
        "违法行为类型": "销售不符合标准的商品",
        "违法事实": "销售过期食品",
        "处罚依据": "《中华人民共和国产品质量法》第四十九条",
        "违法行为发生日期": "2024-02-01",
        "发现时间": "2024-02-05 10:00",
        "立案日期": "2024-02-06",
        "告知日期": "2024-03-01",
        "决定日期": "2024-03-20",
        "处罚决定书文号": f"津丽市监罚决〔2024〕{n:04d}号",
        "处理结果": "给予处罚",
        "处罚种类": "警告；罚款",
        "罚款金额": "3000",
        "裁量档次": "一般",
        "送达日期": "2024-03-21",
        "缴款日期": "2024-03-30",
        "实缴金额": "3000",
        "结案日期": "2024-04-02",
        "执法证号": "120110000000；120110000001",
        "公示日期": "2024-03-25",
    }
    row.update(over)
    return row


def write_csv(folder: Path, name: str, rows: list[dict], *, bom: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    headers: list[str] = []
    for r in rows:
        headers.extend(k for k in r if k not in headers)
    path = folder / f"{name}.csv"
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=headers)
        w.writeheader()
        w.writerows(rows)
    return path


def write_jsonl(folder: Path, name: str, rows: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def write_registry(folder: Path) -> Path:
    for name, rows in registry().items():
        write_csv(folder, name, rows, bom=name != "执法人员")
    return folder
