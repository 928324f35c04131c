"""Correcting the contact details of the person who gave the feedback, from the case page: one
customer across all their cases, each change on the timeline of the case it was made from and in
the access log."""

import datetime
import html

import pytest
from django.urls import reverse

from heard.audit.models import AccessAction, CaseAccess
from heard.cases import services
from heard.cases.models import CaseEvent, Customer, EventKind
from heard.cases.tests.factories import CaseFactory, CustomerFactory
from heard.core.errors import RuleBroken

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime.datetime(2025, 10, 15, 10, 0, tzinfo=datetime.UTC), tick=False),
]


@pytest.fixture
def customer():
    return CustomerFactory(
        customer_ref="C-42", name="Alex Jnes", email="alex@example.com", phone="", address="1 High St"
    )


@pytest.fixture
def case(customer):
    return CaseFactory(customer=customer)


def details(**changes) -> dict[str, str]:
    return {"name": "Alex Jones", "email": "alex@example.com", "phone": "", "address": "1 High St", **changes}


def page_of(response) -> str:
    return html.unescape(response.content.decode())


# --- The service ---


def test_a_correction_applies_to_every_case_and_is_recorded_on_this_one(case, customer, officer):
    other = CaseFactory(customer=customer)
    services.customer_correct(case=case, changes=details(phone="01632 960 001"), actor=officer)
    customer.refresh_from_db()
    assert (customer.name, customer.phone) == ("Alex Jones", "01632 960 001")
    assert other.customer_id == customer.pk
    event = CaseEvent.objects.get(case=case, kind=EventKind.DETAILS_CORRECTED)
    assert event.before == {"name": "Alex Jnes", "phone": ""}
    assert event.after == {"name": "Alex Jones", "phone": "01632 960 001"}
    assert event.actor == officer
    assert event.description == (
        "Contact details corrected, for all their cases: name from “Alex Jnes” to “Alex Jones”; "
        "phone number from (none) to “01632 960 001”."
    )
    assert not CaseEvent.objects.filter(case=other, kind=EventKind.DETAILS_CORRECTED).exists()


def test_a_correction_saves_through_the_model(case, customer, officer, monkeypatch):
    saved = []
    original = Customer.save

    def spy(self, *args, **kwargs):
        saved.append(self.pk)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Customer, "save", spy)
    services.customer_correct(case=case, changes=details(), actor=officer)
    assert saved == [customer.pk]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": "alex@"}, "email", "Enter an email address in the correct format"),
        ({"phone": "call me"}, "phone", "Enter a phone number"),
        ({"phone": "12"}, "phone", "Enter a phone number"),
        ({}, None, "Nothing was changed"),
    ],
)
def test_a_bad_or_empty_correction_is_refused(case, officer, changes, field, message):
    data = details(**changes) if changes else details(name="Alex Jnes")
    with pytest.raises(RuleBroken) as refused:
        services.customer_correct(case=case, changes=data, actor=officer)
    assert message in refused.value.message
    assert refused.value.field == field
    assert not CaseEvent.objects.filter(kind=EventKind.DETAILS_CORRECTED).exists()


@pytest.mark.parametrize("phone", ["01632 960 001", "07700 900982", "+44 808 157 0192", "(020) 7946 0018"])
def test_a_phone_number_is_kept_as_written(case, customer, officer, phone):
    services.customer_correct(case=case, changes=details(phone=phone), actor=officer)
    customer.refresh_from_db()
    assert customer.phone == phone


def test_an_anonymous_case_has_no_details_to_correct(officer):
    anonymous = CaseFactory(customer=None)
    with pytest.raises(RuleBroken, match="given anonymously"):
        services.customer_correct(case=anonymous, changes=details(), actor=officer)


# --- The page ---


def test_the_case_page_offers_the_correction_under_who_gave_it(officer_client, case):
    page = page_of(officer_client.get(reverse("cases:detail", args=[case.reference])))
    who = page.split("Who gave it", 1)[1]
    assert reverse("cases:customer_correct", args=[case.reference]) in who.split("People involved", 1)[0]


def test_the_form_says_the_change_applies_to_all_their_cases(officer_client, case, customer):
    CaseFactory(customer=customer)
    page = page_of(officer_client.get(reverse("cases:customer_correct", args=[case.reference])))
    assert "Correct their contact details" in page
    assert "a change applies to all 2 of their cases" in page
    assert 'value="Alex Jnes"' in page
    viewed = CaseAccess.objects.get(case=case, action=AccessAction.VIEWED)
    assert "contact details" in viewed.what


def test_the_form_corrects_the_details_and_the_access_log_records_it(officer_client, case, customer):
    url = reverse("cases:customer_correct", args=[case.reference])
    response = officer_client.post(url, details(email="alex.jones@example.com"))
    assert response.status_code == 302
    detail = page_of(officer_client.get(response["Location"]))
    assert "Contact details corrected for all the cases of C-42" in detail
    assert "alex.jones@example.com" in detail
    assert (
        "Contact details corrected, for all their cases: name from “Alex Jnes” to “Alex Jones”; "
        "email address from “alex@example.com” to “alex.jones@example.com”." in detail
    )
    entry = CaseAccess.objects.get(case=case, action=AccessAction.CHANGED)
    assert "Contact details corrected" in entry.what


def test_bad_details_show_every_error_in_the_summary(officer_client, case, customer):
    url = reverse("cases:customer_correct", args=[case.reference])
    page = page_of(officer_client.post(url, details(email="alex@", phone="not a number")))
    assert "There is a problem" in page
    assert (
        '<a href="#id_email">Enter an email address in the correct format, like name@example.com</a>' in page
    )
    assert '<a href="#id_phone">Enter a phone number' in page
    customer.refresh_from_db()
    assert customer.name == "Alex Jnes"


def test_only_a_complaints_officer_may_correct_and_a_case_out_of_reach_is_not_found(
    manager_client, managers_case, other_case
):
    assert (
        manager_client.get(reverse("cases:customer_correct", args=[other_case.reference])).status_code == 404
    )
    assert (
        manager_client.get(reverse("cases:customer_correct", args=[managers_case.reference])).status_code
        == 403
    )
    page = page_of(manager_client.get(reverse("cases:detail", args=[managers_case.reference])))
    assert reverse("cases:customer_correct", args=[managers_case.reference]) not in page
