"""The pages staff read: my work, the case list with its filters and CSV download, the case page."""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse

from heard.audit.models import AccessAction, CaseAccess
from heard.cases import services
from heard.cases.models import CasePerson, Learning
from heard.cases.tests.factories import (
    CaseFactory,
    ClosedInvestigationFactory,
    CustomerFactory,
    OmbudsmanReferralFactory,
    OpenInvestigationFactory,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    import html

    return html.unescape(response.content.decode())


# --- Case list -------------------------------------------------------------------------------


def test_case_list_filters_by_the_linked_parameter_names(officer_client):
    lac = CaseFactory(looked_after_child=True, summary="Placement moved without notice")
    other = CaseFactory(summary="Other thing")
    page = text(officer_client.get(reverse("cases:list"), {"looked_after_child": "1"}))
    assert lac.reference in page and other.reference not in page
    assert "1 case match the filters" in page
    page = text(
        officer_client.get(reverse("cases:list"), {"q": "placement", "sort": "oldest", "kind": "complaint"})
    )
    assert lac.reference in page and other.reference not in page


def test_case_list_pages_with_a_cursor(officer_client):
    for n in range(55):
        CaseFactory(received_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=n))
    first = officer_client.get(reverse("cases:list"))
    cursor = first.context["page"].next_cursor
    assert cursor and len(first.context["page"].cases) == 50
    assert f"after={cursor}" in first.content.decode()
    second = officer_client.get(reverse("cases:list"), {"after": cursor})
    assert len(second.context["page"].cases) == 5
    assert not second.context["page"].next_cursor
    assert "First page" in second.content.decode()


def test_case_list_shows_a_bad_filter_as_an_error_and_ignores_it(officer_client):
    CaseFactory()
    response = officer_client.get(reverse("cases:list"), {"received_from": "yesterday"})
    page = text(response)
    assert "There is a problem" in page and "Enter the ‘received from’ date as a real date" in page
    assert len(response.context["page"].cases) == 1


def test_case_list_for_a_manager_holds_only_their_cases(manager_client, managers_case, other_case):
    page = text(manager_client.get(reverse("cases:list")))
    assert managers_case.reference in page and other_case.reference not in page


def test_csv_download_streams_the_filtered_list(officer_client, officer):
    lac = CaseFactory(looked_after_child=True, summary="=HYPERLINK(evil)")
    CaseFactory()
    response = officer_client.get(reverse("cases:export"), {"looked_after_child": "1", "after": "ignored"})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "Reference" and len(rows) == 2
    assert rows[1][0] == lac.reference
    assert rows[1][rows[0].index("Summary")] == "'=HYPERLINK(evil)"
    entry = CaseAccess.objects.get(action=AccessAction.EXPORTED)
    assert entry.user == officer and "looked_after_child=1" in entry.what


def test_csv_download_for_a_manager_holds_only_their_cases(manager_client, managers_case, other_case):
    body = b"".join(manager_client.get(reverse("cases:export")).streaming_content).decode()
    assert managers_case.reference in body and other_case.reference not in body


# --- My work ---------------------------------------------------------------------------------


@time_machine.travel(datetime.datetime(2025, 6, 20, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_my_work_marks_overdue_and_due_soon(manager_client, managers_case, manager_team):
    soon = OpenInvestigationFactory(team=manager_team, due_on=datetime.date(2025, 6, 24))
    page = text(manager_client.get(reverse("cases:my_work")))
    assert "Your investigations" in page
    assert managers_case.reference in page and soon.case.reference in page
    assert page.index(managers_case.reference) < page.index(soon.case.reference)
    assert "Overdue by 4 working days" in page and "2 working days left" in page
    assert "Acknowledgements due" not in page


@time_machine.travel(datetime.datetime(2025, 6, 20, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_my_work_for_an_officer_shows_acknowledgements_and_ombudsman_responses(officer_client):
    case = CaseFactory(acknowledgement_due_on=datetime.date(2025, 6, 5))
    referral = OmbudsmanReferralFactory(response_due_on=datetime.date(2025, 6, 23))
    page = text(officer_client.get(reverse("cases:my_work")))
    assert "Acknowledgements due" in page and case.reference in page
    assert "Ombudsman responses due" in page and referral.case.reference in page
    assert "Log feedback" in page


# --- Case page -------------------------------------------------------------------------------


@time_machine.travel(datetime.datetime(2025, 6, 11, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_case_page_shows_everything_about_the_case(officer_client, officer):
    customer = CustomerFactory(name="Robin Carer")
    case = CaseFactory(customer=customer, looked_after_child=True, details="The visits stopped.")
    earlier = CaseFactory(customer=customer, received_on=datetime.date(2024, 3, 1))
    CasePerson.objects.create(case=case, name="Jamie", role="child", notes="Aged 9")
    investigation = OpenInvestigationFactory(case=case, due_on=datetime.date(2025, 6, 16))
    services.investigation_extend(
        investigation=investigation,
        extended_to=datetime.date(2025, 6, 27),
        reason="Records awaited",
        actor=officer,
    )
    Learning.objects.create(case=case, kind="action", category="Record keeping", detail="Audit files")
    OmbudsmanReferralFactory(case=case, ombudsman_reference="25 000 111")
    response = officer_client.get(reverse("cases:detail", args=[case.reference]))
    page = text(response)
    for expected in [
        "Robin Carer",
        earlier.reference,
        "Repeat customer",
        "Looked after child",
        "Jamie",
        "The visits stopped.",
        "Extended to 27 June 2025 (was 16 June 2025)",
        "Records awaited",
        "12 working days left",
        "Record keeping",
        "25 000 111",
        "Investigation extended",
        "by Olu Officer",
        "access log",
    ]:
        assert expected in page, expected


def test_case_page_view_is_recorded_and_shown_in_the_access_log(
    officer_client, manager_client, officer, manager, managers_case
):
    manager_client.get(reverse("cases:detail", args=[managers_case.reference]))
    entry = CaseAccess.objects.get()
    assert entry.user == manager and entry.case == managers_case and entry.action == AccessAction.VIEWED
    page = text(officer_client.get(reverse("cases:access_log", args=[managers_case.reference])))
    assert "Mina Manager" in page and "Viewed the case page" in page
    assert CaseAccess.objects.filter(user=officer, action=AccessAction.ACCESS_LOG_VIEWED).exists()


def test_a_manager_sees_only_the_customers_other_cases_in_their_reach(
    manager_client, managers_case, manager_team
):
    hidden = CaseFactory(customer=managers_case.customer)
    visible = ClosedInvestigationFactory(
        case=CaseFactory(customer=managers_case.customer), team=manager_team
    ).case
    page = text(manager_client.get(reverse("cases:detail", args=[managers_case.reference])))
    assert visible.reference in page and hidden.reference not in page


def test_text_people_wrote_is_shown_as_text_not_run(officer_client):
    case = CaseFactory(summary='<script>alert("x")</script><img src=x onerror=alert(1)>')
    page = officer_client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
