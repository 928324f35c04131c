"""The dashboard's figures for letters at quality check: the share returned, by team, and the
working days spent in checking, for the period shown."""

import datetime

import pytest
from django.urls import reverse

from heard.cases.tests.factories import CaseFactory, OpenInvestigationFactory, ServiceAreaFactory, TeamFactory
from heard.letters.models import CheckDecision, Letter, LetterKind, QualityCheck
from heard.reporting import metrics
from heard.reporting.tests.test_dashboard import table_of

pytestmark = pytest.mark.django_db


def at(day: int, month: int = 6, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(2025, month, day, hour, tzinfo=datetime.UTC)


def checked(team, submitted, decided, decision, *, area=None):
    case = CaseFactory(team=team, **({"service_area": area} if area else {}))
    investigation = OpenInvestigationFactory(case=case, team=team)
    letter = Letter.objects.create(
        case=case, investigation=investigation, kind=LetterKind.STAGE_1_RESPONSE, subject="s", body="b"
    )
    QualityCheck.objects.create(
        letter=letter,
        submitted_at=submitted,
        checked_at=decided,
        submitted_on=submitted.date(),
        checked_on=decided.date(),
        decision=decision,
    )


@pytest.fixture
def checks(db):
    fostering, early_help = TeamFactory(name="Fostering Team"), TeamFactory(name="Early Help Team")
    # Working days in checking: 2, 4, 0 and 5 (Monday 2 June to Monday 9 June).
    checked(fostering, at(9), at(11), CheckDecision.RETURNED)
    checked(fostering, at(9), at(13), CheckDecision.RETURNED)
    checked(fostering, at(10), at(10, hour=16), CheckDecision.APPROVED)
    checked(early_help, at(2), at(9), CheckDecision.APPROVED, area=ServiceAreaFactory(name="Early Help"))
    checked(early_help, at(1, month=7), at(2, month=7), CheckDecision.RETURNED)  # after the quarter


def test_quality_check_figures_for_a_period(checks):
    figures = metrics.quality_check_figures(start=datetime.date(2025, 4, 1), end=datetime.date(2025, 6, 30))
    assert (figures.checks, figures.returned, figures.returned_pct) == (4, 2, 50.0)
    assert figures.by_team == {
        "Early Help Team": metrics.TeamChecks(checks=1, returned=0),
        "Fostering Team": metrics.TeamChecks(checks=3, returned=2),
    }
    assert figures.by_team["Fostering Team"].returned_pct == 66.7
    assert (figures.median_working_days, figures.mean_working_days) == (3.0, 2.8)


def test_nothing_checked_is_zero_not_an_error(db):
    figures = metrics.quality_check_figures(start=datetime.date(2025, 4, 1), end=datetime.date(2025, 6, 30))
    assert (figures.checks, figures.returned_pct, figures.median_working_days) == (0, 0.0, 0.0)


def test_the_dashboard_shows_them_for_the_period_and_service_area(officer_client, checks):
    html = officer_client.get(
        reverse("reporting:dashboard"), {"year": 2025, "quarter": "Q1"}
    ).content.decode()
    assert table_of(html, "letters_quality") == [
        ["Letters checked", "4"],
        ["of which returned for correction", "2"],
        ["% returned", "50"],
        ["Median working days in checking", "3"],
        ["Mean working days in checking", "2.8"],
    ]
    assert table_of(html, "letters_returned_by_team") == [
        ["Early Help Team", "1", "0", "0"],
        ["Fostering Team", "3", "2", "66.7"],
    ]
    area = ServiceAreaFactory(name="Early Help")
    html = officer_client.get(
        reverse("reporting:dashboard"), {"year": 2025, "quarter": "Q1", "service_area": area.pk}
    ).content.decode()
    assert table_of(html, "letters_quality")[0] == ["Letters checked", "1"]
