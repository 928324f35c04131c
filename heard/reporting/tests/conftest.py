"""Fixtures for the reporting tests: a signed-in client for each role and a small year of cases."""

import datetime

import pytest

from heard.cases.models import Learning, Team
from heard.cases.tests.factories import (
    AdministratorFactory,
    CaseFactory,
    ClosedInvestigationFactory,
    CommentFactory,
    ComplimentFactory,
    CorporateComplaintFactory,
    CustomerFactory,
    InvestigatingManagerFactory,
    OmbudsmanReferralFactory,
    OpenInvestigationFactory,
    ProblemCategoryFactory,
    ServiceAreaFactory,
    TeamFactory,
    ThemeFactory,
)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Dashboard figures are cached: each test starts without any."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def manager(db):
    return InvestigatingManagerFactory(username="manager", first_name="Mina", last_name="Manager")


@pytest.fixture
def admin(db):
    return AdministratorFactory(username="admin", first_name="Ada", last_name="Admin")


@pytest.fixture
def year_2025(db):
    """A small, varied reporting year 2025/26 (and a case in each of the two years before)."""
    social_care = ServiceAreaFactory(name="Children's Social Care")
    send = ServiceAreaFactory(name="Education and SEND")
    fostering = TeamFactory(name="Fostering Team", service_area=social_care)
    send_team = TeamFactory(name="SEND Support Services", service_area=send)
    category = ProblemCategoryFactory(name="Service standards")
    theme = ThemeFactory(name="EHC plans")
    repeat = CustomerFactory(name="Pat Repeat")
    cases = []
    for n, (month, day) in enumerate([(4, 7), (4, 14), (5, 6), (7, 1), (10, 6), (1, 12)]):
        received = datetime.date(2025 if month >= 4 else 2026, month, day)
        factory = CorporateComplaintFactory if n % 2 else CaseFactory
        case = factory(
            received_on=received,
            team=send_team if n % 3 == 0 else fostering,
            service_area=send if n % 3 == 0 else social_care,
            customer=repeat if n < 2 else CustomerFactory(),
            looked_after_child=n in (1, 2),
            made_by_child=n == 3,
        )
        cases.append(case)
        if n < 4:
            inv = ClosedInvestigationFactory(
                case=case,
                problem_category=category,
                outcome=["upheld", "partially_upheld", "not_upheld", "no_outcome"][n],
            )
            inv.themes.add(theme)
        else:
            OpenInvestigationFactory(case=case)
    ClosedInvestigationFactory(case=cases[0], stage=2, opened_on=datetime.date(2025, 6, 2))
    OmbudsmanReferralFactory(
        case=cases[1],
        received_on=datetime.date(2025, 9, 1),
        decision="upheld",
        decided_on=datetime.date(2025, 12, 1),
    )
    Learning.objects.create(
        case=cases[0], kind="learning", category="Communication/information", detail="Tell families sooner."
    )
    Learning.objects.create(case=cases[1], kind="action", category="Apology", detail="Apologise to Ms Smith.")
    ComplimentFactory(received_on=datetime.date(2025, 4, 10), team=fostering, service_area=social_care)
    ComplimentFactory(received_on=datetime.date(2025, 11, 3), team=fostering, service_area=social_care)
    CommentFactory(received_on=datetime.date(2026, 3, 2), team=None, service_area=social_care)
    # One compliment in each of the two years before, for the comparison.
    ComplimentFactory(received_on=datetime.date(2023, 5, 1), team=fostering, service_area=social_care)
    ComplimentFactory(received_on=datetime.date(2024, 5, 1), team=fostering, service_area=social_care)
    return {
        "social_care": social_care,
        "send": send,
        "fostering": fostering,
        "send_team": send_team,
        "cases": cases,
    }


@pytest.fixture
def other_team(db):
    return Team.objects.create(name="Other Team")
