"""Pytest fixtures shared by the apps' tests: a user of each role that sees every case, and a
signed-in client for each role. An app's tests define `manager` as their cases need it (the team
it belongs to); `manager_client` signs in whichever `manager` is nearest."""

import pytest
from django.test import Client

from heard.cases.tests.factories import ComplaintsOfficerFactory, SeniorManagerFactory


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def officer(db):
    return ComplaintsOfficerFactory(username="officer", first_name="Olu", last_name="Officer")


@pytest.fixture
def senior(db):
    return SeniorManagerFactory(username="senior", first_name="Sol", last_name="Senior")


@pytest.fixture
def officer_client(officer):
    return signed_in(officer)


@pytest.fixture
def senior_client(senior):
    return signed_in(senior)


@pytest.fixture
def manager_client(manager):
    return signed_in(manager)
