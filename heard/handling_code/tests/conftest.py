"""A small reporting year 2026/27 for the Complaint Handling Code report, built with the factories."""

import datetime

import pytest
import time_machine

from heard.cases.models import Decision, Outcome
from heard.cases.tests.factories import (
    ActionFactory,
    CaseFactory,
    ClosedInvestigationFactory,
    CorporateComplaintFactory,
    CustomerFactory,
    InvestigatingManagerFactory,
    OmbudsmanReferralFactory,
    OpenInvestigationFactory,
)

D = datetime.date


@pytest.fixture
def after_the_year():
    """Today is 20 April 2027, just after reporting year 2026/27."""
    with time_machine.travel(datetime.datetime(2027, 4, 20, 9, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def manager(db):
    return InvestigatingManagerFactory(username="manager")


def _investigation(case, *, stage=1, opened, due, closed=None, extended_to=None, outcome=""):
    factory = ClosedInvestigationFactory if closed else OpenInvestigationFactory
    fields = {"closed_on": closed, "outcome": outcome} if closed else {}
    return factory(case=case, stage=stage, opened_on=opened, due_on=due, extended_to=extended_to, **fields)


@pytest.fixture
def code_year(db):
    """Corporate stage 1: 6 received in the year; 5 answered in it (one received in March 2026):
    3 on time, 1 late, 1 on time after an extension; 1 withdrawn and 1 still open. Corporate stage 2:
    1 received and answered late, upheld. Statutory stage 1: 1 answered on time, not upheld.
    The Ombudsman: 4 decisions in the year (3 upheld with a remedy: 1 completed by its due date,
    1 late, 1 not yet; 1 not upheld), and 1 decided the year before. Actions: 1 completed in the
    year, 1 the year before, 1 not done."""
    corporate = [
        CorporateComplaintFactory(received_on=D(2026, 4, 1 + n), reference=f"CS-2026-{n:05d}")
        for n in range(1, 7)
    ]
    _investigation(
        corporate[0], opened=D(2026, 4, 2), due=D(2026, 4, 20), closed=D(2026, 4, 16), outcome=Outcome.UPHELD
    )
    _investigation(
        corporate[1],
        opened=D(2026, 4, 3),
        due=D(2026, 4, 21),
        closed=D(2026, 4, 21),
        outcome=Outcome.PARTIALLY_UPHELD,
    )
    _investigation(
        corporate[2],
        opened=D(2026, 4, 4),
        due=D(2026, 4, 22),
        closed=D(2026, 5, 1),
        outcome=Outcome.NOT_UPHELD,
    )
    _investigation(
        corporate[3],
        opened=D(2026, 4, 5),
        due=D(2026, 4, 23),
        extended_to=D(2026, 5, 7),
        closed=D(2026, 5, 6),
        outcome=Outcome.NOT_UPHELD,
    )
    _investigation(
        corporate[4],
        opened=D(2026, 4, 6),
        due=D(2026, 4, 24),
        closed=D(2026, 4, 10),
        outcome=Outcome.WITHDRAWN,
    )
    _investigation(corporate[5], opened=D(2027, 3, 20), due=D(2027, 4, 7))
    earlier = CorporateComplaintFactory(received_on=D(2026, 3, 20), reference="CS-2026-00099")
    _investigation(
        earlier, opened=D(2026, 3, 20), due=D(2026, 4, 8), closed=D(2026, 4, 8), outcome=Outcome.NOT_UPHELD
    )
    _investigation(
        corporate[0],
        stage=2,
        opened=D(2026, 5, 1),
        due=D(2026, 5, 29),
        closed=D(2026, 6, 5),
        outcome=Outcome.UPHELD,
    )
    statutory = CaseFactory(received_on=D(2026, 6, 1), reference="CS-2026-00200")
    _investigation(
        statutory, opened=D(2026, 6, 1), due=D(2026, 6, 15), closed=D(2026, 6, 12), outcome=Outcome.NOT_UPHELD
    )

    def decided(decision, decided_on, **remedy):
        case = CaseFactory(received_on=D(2025, 1, 6))
        return OmbudsmanReferralFactory(
            case=case, received_on=D(2025, 6, 2), decision=decision, decided_on=decided_on, **remedy
        )

    decided(
        Decision.UPHELD,
        D(2026, 5, 1),
        remedy="Apology",
        remedy_due_on=D(2026, 6, 1),
        remedy_completed_on=D(2026, 5, 20),
    )
    decided(
        Decision.UPHELD,
        D(2026, 7, 1),
        remedy="£300",
        remedy_due_on=D(2026, 8, 1),
        remedy_completed_on=D(2026, 8, 10),
    )
    decided(Decision.UPHELD, D(2027, 2, 1), remedy="Review the policy", remedy_due_on=D(2027, 5, 1))
    decided(Decision.NOT_UPHELD, D(2026, 9, 1))
    decided(Decision.UPHELD, D(2026, 3, 1), remedy="Apology", remedy_due_on=D(2026, 4, 1))

    person = CustomerFactory(name="Kim Lowe", email="kim@example.org")
    upheld = CorporateComplaintFactory(received_on=D(2026, 4, 20), customer=person, reference="CS-2026-00300")
    ActionFactory(
        case=upheld,
        category="Communication",
        completed_on=D(2026, 7, 14),
        done_note="Wrote to Kim Lowe; the team now tells families within a week when their social worker changes.",
    )
    ActionFactory(case=upheld, category="Training", completed_on=D(2026, 3, 30), done_note="Before the year.")
    ActionFactory(case=upheld, category="Records", completed_on=None)
    return {"corporate": corporate, "statutory": statutory}
