"""A year whose acts were never loaded is reported with a warning, not silently as a year of zeros."""

import io

import pytest
from django.core.management import call_command

from tests.exchange import district as D
from zhifa.exchange.actors import SYSTEM
from zhifa.exchange.services import exchange_load_files

pytestmark = pytest.mark.django_db


def annual(year: int, tmp_path) -> str:
    err = io.StringIO()
    out = tmp_path / f"{year}.md"
    call_command(
        "report",
        "annual",
        "--region",
        D.REGION,
        "--year",
        str(year),
        "--format",
        "md",
        "--out",
        str(out),
        stdout=io.StringIO(),
        stderr=err,
    )
    assert out.exists()
    return err.getvalue()


def test_the_report_of_a_year_without_acts_warns_that_its_data_may_not_be_loaded(tmp_path):
    exchange_load_files(actor=SYSTEM, paths=[D.write_registry(tmp_path / "reg")])
    exchange_load_files(actor=SYSTEM, paths=[D.write_csv(tmp_path / "acts", "行政检查", [D.inspection(1)])])
    assert "没有任何执法行为记录" in annual(2023, tmp_path) and "zhifa exchange load" in annual(2023, tmp_path)
    assert annual(2024, tmp_path) == ""  # the inspection of 2024
