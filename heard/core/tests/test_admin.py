"""The admin is where an administrator keeps the reference data, rule sets, closure days and user
accounts; it shows nothing about a case or a person, and administrators see no case anywhere."""

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
        "cases_delayreason",
        "chasing_escalationstep",
        "notifications_messagetemplate",
        "letters_lettertemplate",
        "letters_checklistpoint",
        "letters_lettersettings",
        "notifications_message",
        "audit_caseaccess",
        "otp_totp_totpdevice",
        "axes_accessattempt",
    ],
)
def test_administrators_can_list_reference_data(admin_client, model):
    assert admin_client.get(reverse(f"admin:{model}_changelist")).status_code == 200


def test_rule_sets_are_editable_with_their_stages(admin_client):
    rule_set = RuleSet.objects.get(procedure="statutory")
    page = admin_client.get(reverse("admin:procedures_ruleset_change", args=[rule_set.pk]))
    assert page.status_code == 200
    assert b"Stage 3" in page.content


def test_the_administrator_is_not_a_superuser_and_manages_only_what_is_theirs(admin_client):
    index = admin_client.get(reverse("admin:index")).content.decode()
    assert "/admin/cases/servicearea/" in index and "/admin/accounts/user/" in index
    for model in ("case", "customer", "investigation", "ombudsmanreferral", "learning"):
        assert f"/admin/cases/{model}/" not in index


@pytest.mark.parametrize(
    "path", ["/admin/cases/case/", "/admin/cases/customer/", "/admin/cases/investigation/"]
)
def test_case_and_person_records_are_not_in_the_admin(admin_client, path):
    CaseFactory()
    assert admin_client.get(path).status_code == 404


def test_an_administrator_sees_no_case_on_the_staff_pages(admin_client):
    case = CaseFactory()
    OpenInvestigationFactory(case=case)
    assert admin_client.get(reverse("cases:detail", args=[case.reference])).status_code == 404
    listing = admin_client.get(reverse("cases:list")).content.decode()
    assert case.reference not in listing
    assert admin_client.get("/staff/reports/").status_code == 404
    assert admin_client.get(reverse("cases:my_work"))["Location"] == reverse("admin:index")


def test_the_outbox_in_the_admin_shows_its_state_not_who_was_written_to_or_what(admin_client):
    from heard.notifications.models import Message
    from heard.notifications.services import NewMessage, messages_queue

    case = CaseFactory()
    messages_queue(
        [
            NewMessage(
                key="ack:1",
                kind="acknowledgement",
                to="pat.parent@example.com",
                subject="We have your complaint",
                body="Dear Pat Parent",
                case_id=case.pk,
            )
        ]
    )
    message = Message.objects.get()
    listing = admin_client.get(reverse("admin:notifications_message_changelist")).content.decode()
    detail = admin_client.get(
        reverse("admin:notifications_message_change", args=[message.pk])
    ).content.decode()
    assert case.reference in listing
    for page in (listing, detail):
        assert "pat.parent@example.com" not in page and "Dear Pat Parent" not in page


def test_only_a_superuser_makes_a_superuser(admin_client):
    from heard.accounts.models import User

    user = User.objects.create_user("sam", role="officer")
    page = admin_client.get(reverse("admin:accounts_user_change", args=[user.pk])).content.decode()
    assert 'name="is_superuser"' not in page
    assert 'name="role"' in page


def test_a_closure_day_added_in_the_admin_moves_due_dates(admin_client):
    response = admin_client.post(
        reverse("admin:calendar_closureday_add"), {"date": "10/06/2025", "description": "Staff training day"}
    )
    assert response.status_code == 302, response.content
    assert ClosureDay.objects.get().date == date(2025, 6, 10)
    investigation = services.investigation_open(case=CaseFactory(received_on=date(2025, 6, 2)))
    assert investigation.due_on == date(2025, 6, 17)  # 10 working days, one of them a closure day
