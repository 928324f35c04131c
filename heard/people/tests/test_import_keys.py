"""Imported people keep the reference they are given and get their match keys, so that later
feedback from them is matched to them."""

import pytest

from heard.cases.models import Customer
from heard.cases.services import reference_data_load
from heard.interchange.generator import generate
from heard.interchange.importer import interchange_import
from heard.people import keys, services

pytestmark = pytest.mark.django_db


def test_imported_people_are_found_by_later_feedback(tmp_path):
    reference_data_load()
    generate(cases=40, seed=3, out=tmp_path, first_year=2024, years=1)
    result = interchange_import(path=tmp_path)
    assert result.customers_created > 0
    people = list(Customer.objects.exclude(email=""))
    assert people
    for person in people:
        assert person.email_key == keys.email_key(person.email)
        assert person.phone_key == keys.phone_key(person.phone)
        assert person.name_key == keys.name_key(person.name)
    one = people[0]
    assert services.person_for(name="Someone", email=one.email.upper()).pk == one.pk
