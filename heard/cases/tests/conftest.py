"""Fixtures for the staff workspace tests: a user of each role, signed-in clients, and cases inside
and outside an investigating manager's reach."""

import pytest

from heard.cases.tests.factories import (
    AdministratorFactory,
    CaseFactory,
    InvestigatingManagerFactory,
    OpenInvestigationFactory,
    TeamFactory,
)
from heard.core.testing.fixtures import signed_in


@pytest.fixture
def manager_team(db):
    return TeamFactory(name="Looked After Children Team")


@pytest.fixture
def manager(db, manager_team):
    return InvestigatingManagerFactory(
        username="manager", first_name="Mina", last_name="Manager", team=manager_team
    )


@pytest.fixture
def administrator(db):
    """An administrator who looks after reference data and users, without being a superuser."""
    return AdministratorFactory(username="administrator")


@pytest.fixture
def administrator_client(administrator):
    return signed_in(administrator)


@pytest.fixture
def managers_case(manager, manager_team):
    """A complaint with an open stage 1 investigation allocated to the manager's team."""
    case = CaseFactory(team=manager_team, summary="Missed contact visits")
    OpenInvestigationFactory(
        case=case, team=manager_team, investigator=manager, investigator_name="Mina Manager"
    )
    return case


@pytest.fixture
def other_case(db):
    """A complaint investigated by another team, outside the manager's reach."""
    team = TeamFactory(name="Fostering Team")
    case = CaseFactory(team=team, summary="Foster carer allowance late")
    OpenInvestigationFactory(case=case, team=team)
    return case
