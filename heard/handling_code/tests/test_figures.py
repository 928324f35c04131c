"""The Code report's figures, counted from a small year of cases (conftest.code_year)."""

import pytest

from heard.reporting.metrics import StagePerformance, code_report_figures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_the_year")]


def test_each_stage_of_each_procedure_counts_received_answered_on_time_extended_and_outcomes(code_year):
    stages = {(s.procedure, s.stage): s for s in code_report_figures(2026).stages}
    assert list(stages) == [("corporate", 1), ("corporate", 2), ("statutory", 1), ("statutory", 2)]
    assert stages[("corporate", 1)] == StagePerformance(
        "corporate",
        1,
        received=6,
        responded=5,
        within_timescale=4,
        extended=1,
        upheld=1,
        partly_upheld=1,
        not_upheld=3,
    )
    corporate_1 = stages[("corporate", 1)]
    assert (corporate_1.within_timescale_pct, corporate_1.extended_pct) == (80.0, 20.0)
    assert (corporate_1.upheld_pct, corporate_1.partly_upheld_pct, corporate_1.not_upheld_pct) == (
        20.0,
        20.0,
        60.0,
    )
    assert stages[("corporate", 2)] == StagePerformance("corporate", 2, 1, 1, 0, 0, 1, 0, 0)
    assert stages[("statutory", 1)] == StagePerformance("statutory", 1, 1, 1, 1, 0, 0, 0, 1)
    assert stages[("statutory", 2)] == StagePerformance("statutory", 2, 0, 0, 0, 0, 0, 0, 0)
    assert stages[("statutory", 2)].within_timescale_pct == 0.0


def test_the_ombudsmans_decisions_and_the_remedies_completed_by_their_due_date(code_year):
    ombudsman = code_report_figures(2026).ombudsman
    assert (ombudsman.decided, ombudsman.decisions["upheld"], ombudsman.decisions["not_upheld"]) == (4, 3, 1)
    assert ombudsman.upheld_pct == 75.0
    assert (
        ombudsman.with_remedy,
        ombudsman.remedies_completed,
        ombudsman.remedies_completed_by_due_date,
    ) == (3, 2, 1)
    assert (ombudsman.remedies_outstanding, ombudsman.remedies_completed_by_due_date_pct) == (1, 33.3)


def test_the_year_before_counts_only_its_own(code_year):
    figures = code_report_figures(2025)
    assert figures.year == "2025/26"
    assert figures.ombudsman.decided == 1 and figures.ombudsman.remedies_outstanding == 1
    corporate_1 = figures.stages[0]
    assert (corporate_1.received, corporate_1.responded) == (1, 0)
