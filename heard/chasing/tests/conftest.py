"""A service area with a head and a director, a team with a manager and an investigator, and a
feedback team of one: the people the sweep tells. June 2026 has no bank holiday; 1 June is a Monday."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from heard.cases.tests.factories import (
    CaseFactory,
    ComplaintsOfficerFactory,
    InvestigatingManagerFactory,
    OpenInvestigationFactory,
    SeniorManagerFactory,
    ServiceAreaFactory,
    TeamFactory,
)

d = datetime.date


@pytest.fixture
def people(db):
    head = SeniorManagerFactory(username="hana", first_name="Hana", last_name="Head")
    director = SeniorManagerFactory(username="dan", first_name="Dan", last_name="Director")
    area = ServiceAreaFactory(name="Early Help", head=head, director=director)
    team = TeamFactory(name="Family Support Team", service_area=area)
    manager = InvestigatingManagerFactory(username="tam", first_name="Tam", last_name="Manager", team=team)
    team.manager = manager
    team.save()
    investigator = InvestigatingManagerFactory(username="ivo", first_name="Ivo", last_name="Vesti", team=team)
    officer = ComplaintsOfficerFactory(username="olu", first_name="Olu", last_name="Officer")
    return type("People", (), locals())


@pytest.fixture
def investigation(people):
    """Stage 1 of a statutory complaint received on Tuesday 2 June 2026, due Wednesday 17 June."""
    case = CaseFactory(
        reference="CS-2026-00042",
        received_on=d(2026, 6, 2),
        acknowledged_on=d(2026, 6, 3),
        service_area=people.area,
        team=people.team,
    )
    return OpenInvestigationFactory(
        case=case,
        team=people.team,
        investigator=people.investigator,
        investigator_name="Ivo Vesti",
        opened_on=d(2026, 6, 2),
        due_on=d(2026, 6, 17),
    )


def chase(day: datetime.date, *args: str) -> str:
    """Run the sweep for a day, as cron would, and return what it printed."""
    import io

    out = io.StringIO()
    call_command("chase", "--today", day.isoformat(), *args, stdout=out)
    return out.getvalue()


def sent_to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]
