"""The admin is where an administrator keeps the reference data, rule sets and closure days."""

from datetime import date

import pytest
from django.urls import reverse

from heard.calendar.models import ClosureDay
from heard.cases import services
from heard.cases.tests.factories import AdministratorFactory, CaseFactory, OpenInvestigationFactory
from heard.procedures.models import RuleSet

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(AdministratorFactory())
    return client


@pytest.mark.parametrize(
    "model",
    [
        "cases_servicearea",
        "cases_team",
        "cases_problemcategory",
        "cases_theme",
        "procedures_ruleset",
        "calendar_closureday",
        "accounts_user",
        "cases_case",
    ],
)
def test_administrators_can_list_reference_data(admin_client, model):
    assert admin_client.get(reverse(f"admin:{model}_changelist")).status_code == 200


def test_rule_sets_are_editable_with_their_stages(admin_client):
    rule_set = RuleSet.objects.get(procedure="statutory")
    page = admin_client.get(reverse("admin:procedures_ruleset_change", args=[rule_set.pk]))
    assert page.status_code == 200
    assert b"Stage 3" in page.content


def test_cases_are_read_only_in_the_admin(admin_client):
    case = CaseFactory()
    OpenInvestigationFactory(case=case)
    page = admin_client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert admin_client.get(reverse("admin:cases_case_add")).status_code == 403


def test_a_closure_day_added_in_the_admin_moves_due_dates(admin_client):
    response = admin_client.post(
        reverse("admin:calendar_closureday_add"), {"date": "10/06/2025", "description": "Staff training day"}
    )
    assert response.status_code == 302, response.content
    assert ClosureDay.objects.get().date == date(2025, 6, 10)
    investigation = services.investigation_open(case=CaseFactory(received_on=date(2025, 6, 2)))
    assert investigation.due_on == date(2025, 6, 17)  # 10 working days, one of them a closure day
