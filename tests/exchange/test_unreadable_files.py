"""Files as senders write them (exchange.md 原则 7): unreadable ones refused by name, line and fix before anything
loads; headers read as the document writes them."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.exchange import district as D
from zhifa.org.models import Person, Unit

pytestmark = pytest.mark.django_db


def test_a_gbk_csv_is_refused_with_its_line_and_the_folder_loads_nothing(tmp_path):
    folder = D.write_registry(tmp_path / "reg")
    people = folder / "执法人员.csv"
    people.write_bytes(people.read_text(encoding="utf-8").encode("gbk"))  # as Excel saves “CSV（逗号分隔）”
    with pytest.raises(CommandError) as e:
        call_command("exchange", "load", str(folder), "--no-progress")
    assert "执法人员.csv" in str(e.value) and "第1行不是UTF-8编码" in str(e.value) and "看似GBK编码" in str(e.value)
    assert Unit.objects.count() == 0  # 执法主体.csv, readable and loaded first, is not loaded either


def test_the_line_named_is_the_first_one_that_is_not_utf8(tmp_path):
    folder = D.write_registry(tmp_path / "reg")
    people = folder / "执法人员.csv"
    lines = people.read_bytes().split(b"\n")
    lines[2] = lines[2].decode().encode("gbk")  # the second record
    people.write_bytes(b"\n".join(lines))
    with pytest.raises(CommandError, match="第3行不是UTF-8编码"):
        call_command("exchange", "load", str(people), "--no-progress")
    assert Person.objects.count() == 0


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    bad = tmp_path / "执法主体.xlsx"
    bad.write_bytes(b"\xd0\xcf\x11\xe0 an old .xls renamed")
    with pytest.raises(CommandError, match="不是有效的XLSX工作簿"):
        call_command("exchange", "load", str(bad), "--no-progress")


def test_a_csv_that_breaks_the_csv_grammar_is_refused_by_line(tmp_path):
    import csv

    path = D.write_csv(tmp_path, "执法主体", D.registry()["执法主体"][:1])
    path.write_text(path.read_text(encoding="utf-8-sig").replace("区市场监管局", "区" * 60), encoding="utf-8")
    old = csv.field_size_limit(50)  # a field over the reader's limit, at a size a test can write
    try:
        with pytest.raises(CommandError, match="第2行无法按CSV读取"):
            call_command("exchange", "load", str(path), "--no-progress")
    finally:
        csv.field_size_limit(old)


def test_headers_copied_with_the_marks_of_exchange_md_are_read(tmp_path):
    """exchange.md writes “统一社会信用代码★ · 单位名称*”: a sender who copies the marks with the names is understood."""
    units = [
        {f"{k}★" if k == "统一社会信用代码" else f"{k}*": v for k, v in u.items()} for u in D.registry()["执法主体"]
    ]
    path = D.write_csv(tmp_path, "执法主体", units)
    call_command("exchange", "load", str(path), "--rejections", str(tmp_path / "rej.xlsx"), "--no-progress")
    assert Unit.objects.filter(uscc=D.MARKET, short_name="区市场监管局").exists()
    assert Unit.objects.count() == len(units)


def test_a_title_above_the_header_is_skipped_and_rows_keep_their_numbers(tmp_path):
    """Sheets kept by hand often have a title row (merged cells) and a blank line above the header."""
    import openpyxl

    units = D.registry()["执法主体"]
    headers = list(units[0])
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["东丽区2024年执法主体名录"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws.append([])
    ws.append(headers)
    for u in units:
        ws.append([u.get(h, "") for h in headers])
    ws.cell(row=5, column=headers.index("行政区划代码") + 1, value="999999")  # the second record: an unknown code
    path = tmp_path / "执法主体.xlsx"
    wb.save(path)
    rej = tmp_path / "rej.xlsx"
    with pytest.raises(CommandError, match="1 条记录被拒收"):
        call_command("exchange", "load", str(path), "--rejections", str(rej), "--no-progress")
    row = list(openpyxl.load_workbook(rej).active.iter_rows(values_only=True))[1]
    assert (row[2], row[4], row[5]) == (5, "行政区划代码", "999999")  # row 5 of the sheet, as its sender sees it
    assert Unit.objects.count() == len(units) - 1


def test_a_utf16_file_is_named_as_such_not_as_gbk(tmp_path):
    """Excel's “Unicode 文本” is UTF-16: GB18030 would decode its bytes too, so the hint must not say GBK."""
    path = D.write_csv(tmp_path, "执法主体", D.registry()["执法主体"], bom=False)
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    with pytest.raises(CommandError, match="第1行不是UTF-8编码（看似UTF-16编码）"):
        call_command("exchange", "load", str(path), "--no-progress")
