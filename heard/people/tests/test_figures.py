"""Repeat complainants are people, not references: two online complaints from one person, or two
records merged into one, count once; a merge undone counts apart again."""

import datetime

import pytest
import time_machine

from heard.cases.models import Case, Customer
from heard.cases.tests.factories import CaseFactory, CustomerFactory
from heard.intake.tests.conftest import areas  # noqa: F401  (the service areas of the public form)
from heard.intake.tests.journeys import ADULT, adult_answers, submit, walk
from heard.people import services
from heard.reporting import metrics

pytestmark = pytest.mark.django_db

IN_THE_YEAR = datetime.datetime(2026, 6, 1, 10, tzinfo=datetime.UTC)


def repeat(year: int = 2026) -> tuple[int, int]:
    complaints = metrics.annual_report(year).as_json()["complaints"]
    return complaints["repeat_customers"], complaints["repeat_customer_cases"]


@time_machine.travel(IN_THE_YEAR, tick=False)
def test_two_online_complaints_from_one_email_are_one_repeat_complainant(client, areas):  # noqa: F811
    for email in ("Alex.Jones@Example.com", "alex.jones@example.com "):
        answers = adult_answers(areas)
        answers["contact"] = {"name": "Alex Jones", "email": email, "phone": "", "address": ""}
        walk(client, ADULT, answers)
        assert submit(client, ADULT).status_code == 302
    assert Case.objects.count() == 2
    assert Customer.objects.count() == 1
    assert repeat() == (1, 2)


def test_merged_records_count_as_one_person_until_the_merge_is_undone():
    first, second = CustomerFactory(), CustomerFactory()
    CaseFactory(customer=first, received_on=datetime.date(2026, 5, 1))
    CaseFactory(customer=second, received_on=datetime.date(2026, 7, 1))
    assert repeat() == (0, 0)
    merge = services.person_merge(kept=first, merged=second)
    assert repeat() == (1, 2)
    services.person_merge_undo(merge=merge)
    assert repeat() == (0, 0)
