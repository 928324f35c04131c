"""Matching new feedback to the person who gave it, through the public form and staff logging."""

import datetime

import pytest
import time_machine

from heard.cases.models import Case, Customer
from heard.cases.tests.factories import CustomerFactory, ServiceAreaFactory
from heard.people import services
from heard.people.models import DetailChange, PossibleDuplicate

pytestmark = pytest.mark.django_db


def test_the_same_email_in_other_letters_is_the_same_person():
    first = services.person_for(name="Sam Jones", email="Sam.Jones@Example.com")
    again = services.person_for(name="Samuel Jones", email="  sam.jones@example.COM ")
    assert again.pk == first.pk
    assert Customer.objects.count() == 1
    # The same address in other letters is no change to their details, and their name is kept.
    assert not DetailChange.objects.exists()
    assert Customer.objects.get().name == "Sam Jones"


def test_a_phone_number_written_differently_is_the_same_person():
    first = services.person_for(name="Sam Jones", phone="07700 900123")
    assert services.person_for(name="S Jones", phone="+44 (0)7700-900-123").pk == first.pk


def test_name_with_date_of_birth_or_postcode_is_the_same_person_but_a_name_alone_is_not():
    born = datetime.date(1990, 3, 4)
    first = services.person_for(name="Sam Jones", date_of_birth=born)
    assert services.person_for(name="JONES Sam", date_of_birth=born).pk == first.pk
    home = services.person_for(name="Kit Lee", address="1 Mill Lane\nTown\nab12 3cd")
    assert services.person_for(name="Kit Lee", address="Flat 2, AB123CD").pk == home.pk
    # The same name and nothing else in common is not enough even to ask an officer.
    stranger = services.person_for(name="Kit Lee")
    assert stranger.pk != home.pk
    assert not PossibleDuplicate.objects.exists()


def test_new_details_given_by_the_same_person_are_kept_with_their_history():
    first = services.person_for(name="Sam Jones", email="sam@example.com", phone="")
    services.person_for(name="Sam Jones", email="sam@example.com", phone="07700 900123")
    first.refresh_from_db()
    assert first.phone == "07700 900123"
    change = DetailChange.objects.get(person=first)
    assert change.before == {"phone": ""} and change.after == {"phone": "07700 900123"}


def test_someone_alike_is_queued_with_reasons_and_a_score():
    known = services.person_for(
        name="Katherine Smith", email="kate@example.com", address="4 Elm Road, LS1 4AB"
    )
    new = services.person_for(name="Katherin Smith", email="k.smith@example.org", address="4 Elm Rd LS14AB")
    assert new.pk != known.pk
    duplicate = PossibleDuplicate.objects.get()
    assert {duplicate.person_id, duplicate.other_id} == {known.pk, new.pk}
    assert "The same postcode" in duplicate.reasons
    assert duplicate.score >= 70


def test_people_in_the_same_house_with_different_names_are_not_queued():
    services.person_for(name="John Smith", address="4 Elm Road, LS1 4AB")
    services.person_for(name="Mary Smith", address="4 Elm Road, LS1 4AB")
    assert not PossibleDuplicate.objects.exists()


def test_changing_a_persons_details_by_any_writer_keeps_their_keys():
    person = CustomerFactory(email="old@example.com")
    person.email = "NEW@example.com"
    person.save(update_fields=["email"])
    assert Customer.objects.get(pk=person.pk).email_key == "new@example.com"
    assert services.person_for(email="new@example.com").pk == person.pk


def test_a_merged_record_is_never_matched_again():
    kept = CustomerFactory(email="a@example.com")
    gone = CustomerFactory(email="b@example.com")
    services.person_merge(kept=kept, merged=gone)
    assert services.person_for(email="b@example.com").pk not in (gone.pk,)


def test_a_customer_reference_is_used_as_given():
    person = CustomerFactory(customer_ref="REF-1", email="x@example.com")
    assert services.person_for(customer_ref="REF-2", email="x@example.com").pk != person.pk


@time_machine.travel(datetime.datetime(2026, 6, 1, 10, tzinfo=datetime.UTC), tick=False)
def test_staff_logging_attaches_a_case_to_the_person_already_known(officer_client):
    known = CustomerFactory(name="Ada Brown", email="ada@example.com")
    area = ServiceAreaFactory()
    response = officer_client.post(
        "/staff/cases/new/",
        {
            "kind": "compliment",
            "received_on_day": "1",
            "received_on_month": "6",
            "received_on_year": "2026",
            "service_area": area.pk,
            "channel": "email",
            "summary": "Thanks",
            "customer_name": "Ada Brown",
            "customer_email": "ADA@example.com",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Case.objects.get().customer_id == known.pk


def test_addresses_are_alike_only_with_the_same_house_number():
    first = services.person_for(name="Jon Smith", address="12 Mill Lane, Ludlow")
    services.person_for(name="Smith Jon", address="21 Mill Lane, Ludlow")
    assert not PossibleDuplicate.objects.exists()
    again = services.person_for(name="Jon Smith", address="12 Mill Ln, Ludlow")
    duplicate = PossibleDuplicate.objects.get()
    assert {duplicate.person_id, duplicate.other_id} == {first.pk, again.pk}
    assert duplicate.reasons == ["The same name", "Addresses alike (100%)"]
