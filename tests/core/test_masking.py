import pytest

from zhifa.core.masking import mask_id_number, mask_name, mask_phone, mask_plate, scrub_text


@pytest.mark.parametrize(
    "fn, value, expected",
    [
        (mask_name, "张三", "张*"),
        (mask_name, "欧阳修远", "欧***"),
        (mask_id_number, "11010519491231002X", "110105********002X"),
        (mask_phone, "13812345678", "138****5678"),
        (mask_plate, "津A12345", "津A***45"),
    ],
)
def test_masks(fn, value, expected):
    assert fn(value) == expected


def test_scrub_text_removes_every_identifier():
    text = "当事人张三（身份证11010519491231002X，电话13812345678）驾驶津A12345号车辆"
    out = scrub_text(text, names=["张三"])
    assert "11010519491231002X" not in out and "13812345678" not in out and "张三" not in out
    assert "津A12345" not in out
    assert "110105********002X" in out and "138****5678" in out and "张*" in out
