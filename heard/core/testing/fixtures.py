"""Pytest fixtures shared by the apps' tests: a user of each role that sees every case, and a
signed-in client for each role. An app's tests define `manager` as their cases need it (the team
it belongs to); `manager_client` signs in whichever `manager` is nearest."""

import pytest
from django.test import Client

from heard.cases.tests.factories import ComplaintsOfficerFactory, SeniorManagerFactory

_shipped_data: dict[str, str] = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """The test database as the migrations leave it (rule sets, the escalation ladder, delay
    reasons), kept to put back after a test that empties the tables."""
    from django.db import connections

    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents:
            _shipped_data[alias] = contents


@pytest.fixture(autouse=True)
def _shipped_data_after_a_flush(request):
    """Django puts the migrations' data back before a test marked serialized_rollback, from an
    attribute of the database connection. Once a browser test has started Playwright's event loop
    in this thread, the test's connection is a new one without that attribute and Django skips it
    without a word; the data is put back here instead."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("serialized_rollback"):
        return
    request.getfixturevalue("_django_db_helper")
    from django.core import serializers
    from django.db import connections, transaction

    connection = connections["default"]
    if "default" not in _shipped_data or hasattr(connection, "_test_serialized_contents"):
        return
    with transaction.atomic():
        for row in serializers.deserialize("json", _shipped_data["default"]):
            if row.object._meta.app_label not in ("contenttypes", "auth"):  # made again by the flush
                row.save()


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
