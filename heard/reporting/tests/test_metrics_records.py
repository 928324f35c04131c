"""The figures are frozen records: nothing downstream can change a figure, the dashboard's cache
keeps them whole, and their JSON is the contract of report-metrics.md, key for key and in order."""

import dataclasses
import datetime
import json
import pickle

import pytest

from heard.reporting import metrics
from heard.reporting.renderers import render_html
from heard.reporting.tests.text import html_text

pytestmark = pytest.mark.django_db

# The objects of report-metrics.md whose keys are fixed, with their keys in the contract's order.
CONTRACT = {
    "": [
        "schema",
        "year",
        "period",
        "feedback",
        "complaints",
        "timeliness",
        "outcomes",
        "escalation",
        "ombudsman",
        "learning",
        "comparison",
    ],
    "period": ["start", "end"],
    "feedback": [
        "total",
        "complaints",
        "compliments",
        "comments",
        "complaint_share_pct",
        "monthly_average",
        "by_month",
        "busiest_month",
        "quietest_month",
        "by_quarter",
        "by_service_area",
        "by_team",
    ],
    "complaints": [
        "cases",
        "investigations",
        "by_procedure",
        "by_procedure_pct",
        "by_problem_category",
        "by_theme",
        "looked_after_child",
        "made_by_child",
        "repeat_customer_cases",
        "repeat_customers",
    ],
    "timeliness": [
        "closed",
        "avg_working_days_to_close",
        "avg_working_days_to_close_by_procedure",
        "within_timescale_pct",
    ],
    "outcomes": ["closed", "counts", "pct"],
    "escalation": ["beyond_stage_1", "stage_2", "stage_3", "ombudsman"],
    "ombudsman": ["decided", "decisions"],
    "learning": [
        "closed_cases",
        "upheld_or_partial_cases",
        "cases_with_learning",
        "cases_with_learning_pct",
        "learning_by_category",
        "actions_by_category",
    ],
}
KIND_KEYS = ["complaint", "compliment", "comment"]
COMPARISON_KEYS = [
    "year",
    "source",
    "compliments",
    "investigations",
    "avg_working_days_to_close",
    "upheld_pct",
    "beyond_stage_1",
]


def test_the_json_has_the_contracts_keys_in_its_order(year_2025):
    figures = metrics.annual_report(2025).as_json()
    assert json.loads(json.dumps(figures)) == figures  # plain JSON values only: no dates, no tuples
    assert list(figures) == CONTRACT[""]
    for section, keys in CONTRACT.items():
        if section:
            assert list(figures[section]) == keys, section
    assert figures["period"] == {"start": "2025-04-01", "end": "2026-03-31"}
    for name, counts in figures["feedback"]["by_service_area"].items():
        assert list(counts) == KIND_KEYS, name
    assert figures["feedback"]["by_team"]["Fostering Team"] == {"complaint": 4, "compliment": 2, "comment": 0}
    assert [list(row) for row in figures["comparison"]] == [COMPARISON_KEYS] * 3


def test_a_quarters_json_has_no_quarters():
    figures = metrics.period_figures(
        start=datetime.date(2025, 4, 1), end=datetime.date(2025, 6, 30)
    ).as_json()
    assert list(figures) == CONTRACT[""][2:-1]
    assert "by_quarter" not in figures["feedback"]


def test_no_one_can_change_a_figure(year_2025):
    figures = metrics.annual_report(2025)
    with pytest.raises(dataclasses.FrozenInstanceError):
        figures.feedback.total = 0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        figures.comparison[0].compliments = 0  # type: ignore[misc]


def test_the_dashboards_cache_keeps_the_figures_whole(year_2025):
    figures = metrics.period_figures(start=datetime.date(2025, 4, 1), end=datetime.date(2026, 3, 31))
    kept = pickle.loads(pickle.dumps(figures))
    assert kept == figures
    assert kept.as_json() == figures.as_json()


def test_the_shares_the_report_states_are_the_records(year_2025):
    figures = metrics.annual_report(2025)
    # Six stage 1 investigations, four of them about service standards; four closed, one of them
    # with no outcome.
    assert figures.complaints.top_problem_category == "Service standards"
    assert figures.complaints.top_problem_category_pct == 66.7
    assert figures.outcomes.other_pct == 25.0
    assert figures.learning.learning_pct_by_category == {"Communication/information": 100.0}
    text = html_text(render_html(figures=figures, year=2025))
    assert "service standards (4 investigations, 66.7% of stage 1 investigations)" in text
    assert "The others (25%) were withdrawn or had no recorded outcome." in text
