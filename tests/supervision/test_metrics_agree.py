"""The supervision engine and the reports compute the §5 measures in two modules (supervision's reads
tables straight through for the scan's speed). They must give the same figures for the same unit."""

import datetime as dt

import pytest

from zhifa.demo.generator import Generator
from zhifa.demo.scenario import load_scenario
from zhifa.reports import metrics as report_metrics
from zhifa.supervision import metrics as supervision_metrics

pytestmark = pytest.mark.django_db


def test_performance_and_participation_agree_per_unit(settings, tmp_path):
    settings.REPORT_ROOT = tmp_path
    Generator(load_scenario("xiqing-2024")).run()
    start, end = dt.date(2024, 1, 1), dt.date(2024, 12, 31)
    reports = report_metrics.unit_rows("120111", start, end)
    supervision = supervision_metrics.unit_figures("120111", start, end)
    assert reports, "the scenario has enforcement units"
    for unit_id, row in reports.items():
        fig = supervision[unit_id]
        assert (fig.acts, fig.officers, fig.officers_active) == (row.acts, row.officers, row.officers_acting), row.name
        assert fig.powers_held == row.powers_held and fig.powers_used == row.powers_used, row.name
    # a unit without any enforcement power is not an enforcement unit for the report, whatever the bulletin lists
    assert set(reports) <= set(supervision)
