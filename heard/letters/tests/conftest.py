"""Fixtures for letters: a complaint at stage 1 investigated by an investigating manager, a colleague
in the same team who is not its investigator, a case outside their reach, and two officers of the
feedback team (one drafts, the other checks)."""

import datetime

import pytest

from heard.cases.models import CasePerson, PersonRole
from heard.cases.tests.factories import (
    CaseFactory,
    ComplaintsOfficerFactory,
    CustomerFactory,
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
def colleague(db, manager_team):
    return InvestigatingManagerFactory(
        username="colleague", first_name="Cal", last_name="Colleague", team=manager_team
    )


@pytest.fixture
def colleague_client(colleague):
    return signed_in(colleague)


@pytest.fixture
def checker(db):
    return ComplaintsOfficerFactory(username="checker", first_name="Chris", last_name="Checker")


@pytest.fixture
def checker_client(checker):
    return signed_in(checker)


@pytest.fixture
def managers_case(manager, manager_team):
    """A statutory complaint received on Monday 2 June 2025, stage 1 allocated to the manager."""
    customer = CustomerFactory(
        name="Alex Parent", email="alex@example.com", address="1 High Street\nExampletown EX1 1AA"
    )
    case = CaseFactory(team=manager_team, summary="Missed contact visits", customer=customer)
    CasePerson.objects.create(case=case, name="Sam Parent", role=PersonRole.CHILD)
    OpenInvestigationFactory(
        case=case,
        team=manager_team,
        investigator=manager,
        investigator_name="Mina Manager",
        due_on=datetime.date(2025, 6, 16),
        findings="The contact visits on 3 and 10 May were cancelled without telling you.",
    )
    return case


@pytest.fixture
def stage_1(managers_case):
    return managers_case.investigations.get(stage=1)


@pytest.fixture
def other_case(db):
    team = TeamFactory(name="Fostering Team")
    case = CaseFactory(team=team, summary="Foster carer allowance late")
    OpenInvestigationFactory(case=case, team=team)
    return case


def finished(letter, actor):
    """The letter with the template's [reminders] replaced, as its drafter would."""
    from heard.letters import services

    return services.letter_edit(
        letter=letter,
        subject=letter.subject,
        body=services.REMINDER.sub("We looked at each point you raised.", letter.body),
        actor=actor,
    )
