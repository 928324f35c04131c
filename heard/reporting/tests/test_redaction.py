import datetime

import pytest

from heard.cases.models import CasePerson
from heard.cases.tests.factories import CaseFactory, ClosedInvestigationFactory, CustomerFactory, UserFactory
from heard.reporting.redaction import (
    ADDRESS,
    DATE_OF_BIRTH,
    EMAIL,
    NAME,
    PHONE,
    POSTCODE,
    propose,
    propose_for_case,
)


def test_known_names_are_removed_whole_and_in_parts():
    proposal = propose("Jane Smith says Jane's son was not seen. Mrs Smith is upset.", names=["Jane Smith"])
    assert proposal.text == f"{NAME} says {NAME}'s son was not seen. Mrs {NAME} is upset."
    assert {r.found for r in proposal.redactions} >= {"Jane Smith", "Jane", "Smith"}


def test_a_title_followed_by_a_name_is_removed_even_when_heard_does_not_know_it():
    assert propose("Mr and Mrs Okafor wish to complain").text == f"Mr and Mrs {NAME} wish to complain"
    assert propose("Ms X says she asked").text == "Ms X says she asked"


def test_contact_details_and_postcodes_are_removed():
    text = "Call me on 07700 900123 or 01743 256188, email jo.bloggs@example.com, I live at SY3 8HQ."
    assert propose(text).text == f"Call me on {PHONE} or {PHONE}, email {EMAIL}, I live at {POSTCODE}."


def test_dates_of_birth_are_removed_but_other_dates_are_kept():
    text = "My son (born 3/4/2015) was seen on 12 May 2021; his birthday is 03/04/2015."
    proposal = propose(text, dates_of_birth=[datetime.date(2015, 4, 3)])
    assert (
        proposal.text
        == f"My son (born {DATE_OF_BIRTH}) was seen on 12 May 2021; his birthday is {DATE_OF_BIRTH}."
    )
    assert propose("She was born on 1 June 2019.").text == f"She was born on {DATE_OF_BIRTH}."


def test_staff_first_names_alone_are_not_taken_for_names():
    proposal = propose("Will Grant was kind. I will write again. Grant called.", staff_names=["Will Grant"])
    assert proposal.text == f"{NAME} was kind. I will write again. {NAME} called."


@pytest.mark.django_db
def test_a_case_redaction_uses_the_customer_the_people_involved_and_staff():
    UserFactory(first_name="Priya", last_name="Naidoo")
    customer = CustomerFactory(
        name="Alexis Parent", email="alexis@example.org", phone="01632 960123", address="12 Mill Lane\nTown"
    )
    case = CaseFactory(customer=customer, details="")
    CasePerson.objects.create(
        case=case, name="Sammy Parent", role="child", date_of_birth=datetime.date(2014, 2, 9)
    )
    ClosedInvestigationFactory(case=case, investigator_name="Chris Manager")
    text = (
        "Alexis wrote from 12 Mill Lane (alexis@example.org, 01632 960 123) about Sammy, born 09/02/2014. "
        "Chris Manager and Ms Naidoo did not reply."
    )
    proposal = propose_for_case(text, case=case)
    assert proposal.text == (
        f"{NAME} wrote from {ADDRESS} ({EMAIL}, {PHONE}) about {NAME}, born {DATE_OF_BIRTH}. "
        f"{NAME} and Ms {NAME} did not reply."
    )
    for secret in ("Alexis", "Mill Lane", "alexis@", "960", "Sammy", "2014", "Chris", "Naidoo"):
        assert secret not in proposal.text
