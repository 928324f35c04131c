"""The daily sweep reminds the senior manager who agreed a designation of its review: before it,
on the day and while it is overdue, each once; not once it is renewed or ended."""

import datetime

import pytest

from heard.cases.tests.factories import CaseFactory, CustomerFactory, SeniorManagerFactory
from heard.chasing.tests.conftest import chase, sent_to
from heard.conduct import services
from heard.conduct.tests.factories import InForceDesignationFactory

d = datetime.date
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime.datetime(2026, 6, 11, 7, 0, tzinfo=datetime.UTC), tick=False),
]


@pytest.fixture
def designation():
    """Agreed by Sol Senior; its review falls due on Wednesday 17 June 2026."""
    customer = CustomerFactory(customer_ref="P000123", name="Pat Persistent")
    CaseFactory(customer=customer, reference="CS-2026-00007", received_on=d(2026, 1, 5))
    decider = SeniorManagerFactory(username="sol", first_name="Sol", last_name="Senior")
    return InForceDesignationFactory(
        customer=customer, decided_by=decider, decided_on=d(2025, 12, 17), review_due_on=d(2026, 6, 17)
    )


def reminders():
    return [m for m in sent_to("sol@council.example") if "designation" in m.subject]


def test_the_decider_is_reminded_before_on_the_day_and_while_overdue(designation):
    for day in (11, 12, 12, 15, 17, 18, 19, 25):
        chase(d(2026, 6, day))
    assert [m.subject for m in reminders()] == [
        "Review due: the designation of P000123 is due in 3 working days",
        "Review due: the designation of P000123 is due today",
        "Review due: the designation of P000123 is 1 working day overdue",
        "Review due: the designation of P000123 is 6 working days overdue",
    ]
    body = reminders()[0].body
    assert "Dear Sol Senior" in body and "agreed on 17 December 2025" in body
    assert "/staff/cases/CS-2026-00007/#designations" in body
    assert "Pat Persistent" not in body  # the person's name stays out of email


def test_no_reminder_once_renewed_until_the_next_review(designation):
    chase(d(2026, 6, 17))
    services.designation_review(
        designation=designation,
        outcome="renewed",
        reasons="Still daily calls",
        next_review_on=d(2026, 12, 17),
        today=d(2026, 6, 17),
        actor=designation.decided_by,
    )
    chase(d(2026, 6, 18))
    chase(d(2026, 6, 25))
    assert [m.subject for m in reminders()] == ["Review due: the designation of P000123 is due today"]
    chase(d(2026, 12, 17))
    assert reminders()[-1].subject == "Review due: the designation of P000123 is due today"
    assert len(reminders()) == 2


def test_an_ended_designation_is_not_chased(designation):
    services.designation_end(
        designation=designation, reasons="Apologised", today=d(2026, 6, 1), actor=designation.decided_by
    )
    chase(d(2026, 6, 17))
    assert reminders() == []
