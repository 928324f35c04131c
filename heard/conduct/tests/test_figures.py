"""Designations in force, started, ended and reviews overdue per reporting year: one function in the
metrics module, read by the dashboard."""

import datetime

import pytest
from django.urls import reverse

from heard.cases.tests.factories import CustomerFactory, SeniorManagerFactory
from heard.conduct.models import Decision, DesignationReview, Ending, ReviewOutcome
from heard.conduct.tests.factories import InForceDesignationFactory, ProposedDesignationFactory
from heard.reporting import metrics
from heard.reporting.tests.test_dashboard import table_of

d = datetime.date
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime.datetime(2026, 1, 15, 10, 0, tzinfo=datetime.UTC), tick=False),
]


@pytest.fixture
def history():
    senior = SeniorManagerFactory()
    # Agreed May 2024, renewed at review in November 2024 to May 2025, ended late at review in August 2025.
    renewed = InForceDesignationFactory(
        decided_on=d(2024, 5, 1),
        review_due_on=d(2025, 5, 1),
        ended_on=d(2025, 8, 1),
        ended_how=Ending.AT_REVIEW,
    )
    DesignationReview.objects.create(
        designation=renewed,
        due_on=d(2024, 11, 1),
        reviewed_on=d(2024, 11, 1),
        reviewed_by=senior,
        outcome=ReviewOutcome.RENEWED,
        reasons="Still daily calls",
        next_review_on=d(2025, 5, 1),
    )
    DesignationReview.objects.create(
        designation=renewed,
        due_on=d(2025, 5, 1),
        reviewed_on=d(2025, 8, 1),
        reviewed_by=senior,
        outcome=ReviewOutcome.ENDED,
        reasons="Calls stopped",
    )
    # Agreed April 2025; its review of October 2025 has not been done.
    InForceDesignationFactory(decided_on=d(2025, 4, 10), review_due_on=d(2025, 10, 10))
    ProposedDesignationFactory(customer=CustomerFactory())  # not decided: not counted
    ProposedDesignationFactory(decision=Decision.DECLINED, decided_on=d(2025, 5, 1))


def test_figures_per_year(history):
    years = metrics.designation_years(2025, count=2, today=d(2026, 1, 15))
    assert [(y.label, y.in_force, y.started, y.ended, y.reviews_overdue) for y in years] == [
        ("2024/25", 1, 1, 0, 0),  # at 31 March 2025: renewed to May 2025, not overdue
        ("2025/26", 1, 1, 1, 1),  # today: the April 2025 designation's review is overdue
    ]


def test_a_review_overdue_at_the_year_end_counts_though_done_later(history):
    (year,) = metrics.designation_years(2025, count=1, today=d(2025, 6, 30))
    assert (year.in_force, year.reviews_overdue) == (2, 1)  # May 2025's review was done in August


def test_the_dashboard_shows_them(officer_client, history):
    html = officer_client.get(reverse("reporting:dashboard"), {"year": 2025}).content.decode()
    assert table_of(html, "designations") == [
        ["2023/24", "0", "0", "0", "0"],
        ["2024/25", "1", "1", "0", "0"],
        ["2025/26", "1", "1", "1", "1"],
    ]
