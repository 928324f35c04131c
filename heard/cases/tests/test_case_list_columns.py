"""The case list as a caseworker's tool: stage, investigator and next due date on every row, the
same in the CSV download, with a constant number of queries however many cases are listed."""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse

from heard.cases.models import Outcome
from heard.cases.tests.factories import CaseFactory, ClosedInvestigationFactory, OpenInvestigationFactory
from heard.cases.tests.test_views_pages import text

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2025, 7, 1, 9, 0, tzinfo=datetime.UTC)


def rows_of(table_html: str) -> list[list[str]]:
    import re

    body = table_html.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0]
    rows = []
    for row in re.findall(r"<tr.*?</tr>", body, flags=re.DOTALL):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.DOTALL)
        rows.append([" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells])
    return rows


def csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.fixture
def cases(manager):
    """A complaint at stage 2 (stage 1 closed), one at stage 1 extended, and a compliment."""
    escalated = CaseFactory(reference="CS-2025-00001", received_on=datetime.date(2025, 5, 1))
    ClosedInvestigationFactory(case=escalated, stage=1, investigator_name="Jo Manager")
    OpenInvestigationFactory(
        case=escalated,
        stage=2,
        investigator=manager,
        opened_on=datetime.date(2025, 6, 2),
        due_on=datetime.date(2025, 8, 27),
    )
    extended = CaseFactory(reference="CS-2025-00002", received_on=datetime.date(2025, 6, 2))
    OpenInvestigationFactory(
        case=extended,
        investigator_name="Pat Lead",
        due_on=datetime.date(2025, 6, 16),
        extended_to=datetime.date(2025, 6, 30),
    )
    closed = CaseFactory(reference="CS-2025-00003", received_on=datetime.date(2025, 4, 1))
    ClosedInvestigationFactory(
        case=closed, investigator_name="Ola Closer", due_on=datetime.date(2025, 4, 15), outcome=Outcome.UPHELD
    )
    CaseFactory(
        reference="CS-2025-00004", kind="compliment", procedure="", received_on=datetime.date(2025, 6, 3)
    )
    return escalated, extended, closed


@time_machine.travel(TODAY, tick=False)
def test_the_list_shows_stage_investigator_and_next_due_date(officer_client, cases):
    page = text(officer_client.get(reverse("cases:list"), {"sort": "reference"}))
    headers = ["Reference", "Received", "Feedback", "Stage", "Investigator", "Status", "Next due"]
    for header in headers:
        assert f'<th scope="col" class="govuk-table__header">{header}</th>' in page
    rows = {row[0]: row for row in rows_of(page)}
    assert rows["CS-2025-00001"][3:5] == ["Stage 2", "Mina Manager"]
    assert rows["CS-2025-00001"][6] == "27 Aug 2025"
    # Extended to 30 June, and today is 1 July: overdue against the extended date.
    assert rows["CS-2025-00002"][3:5] == ["Stage 1", "Pat Lead"]
    assert rows["CS-2025-00002"][6] == "30 Jun 2025 Overdue"
    assert rows["CS-2025-00003"][3:5] == ["Stage 1", "Ola Closer"]
    assert rows["CS-2025-00003"][6] == "–"
    assert rows["CS-2025-00004"][3:7] == ["–", "–", "Open", "–"]
    assert (
        'class="govuk-table__cell heard-nowrap"><a class="govuk-link" href="/staff/cases/CS-2025-00001/"'
        in page
    )


@time_machine.travel(TODAY, tick=False)
def test_the_csv_carries_stage_investigator_due_and_extended_dates_and_outcome(officer_client, cases):
    rows = {row["Reference"]: row for row in csv_rows(officer_client.get(reverse("cases:export")))}
    columns = ("Stage", "Investigator", "Due", "Extended to", "Outcome")
    assert [rows["CS-2025-00001"][c] for c in columns] == ["2", "Mina Manager", "2025-08-27", "", ""]
    assert [rows["CS-2025-00002"][c] for c in columns] == ["1", "Pat Lead", "2025-06-16", "2025-06-30", ""]
    assert [rows["CS-2025-00003"][c] for c in columns] == ["1", "Ola Closer", "2025-04-15", "", "Upheld"]
    assert [rows["CS-2025-00004"][c] for c in columns] == ["", "", "", "", ""]


def _many_cases(count: int, start: int, manager) -> None:
    for n in range(start, start + count):
        case = CaseFactory(reference=f"CS-2025-{n:05d}")
        OpenInvestigationFactory(case=case, investigator=manager if n % 2 else None)


@time_machine.travel(TODAY, tick=False)
def test_the_list_and_the_csv_take_the_same_number_of_queries_for_3_cases_or_40(
    officer_client, manager, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _many_cases(3, 1, manager)
    officer_client.get(reverse("cases:list"))  # the session and the user, loaded once
    with CaptureQueriesContext(connection) as few:
        officer_client.get(reverse("cases:list"))
    with CaptureQueriesContext(connection) as few_csv:
        csv_rows(officer_client.get(reverse("cases:export")))
    _many_cases(37, 100, manager)
    with django_assert_max_num_queries(len(few)):
        page = officer_client.get(reverse("cases:list"))
    assert len(page.context["page"].cases) == 40
    with django_assert_max_num_queries(len(few_csv)):
        assert len(csv_rows(officer_client.get(reverse("cases:export")))) == 40


def test_every_page_title_carries_the_service_name(officer_client, client, settings):
    settings.COUNCIL_SERVICE_NAME = "Heard"
    assert (
        "<title>Cases – Heard – staff</title>" in officer_client.get(reverse("cases:list")).content.decode()
    )
    assert (
        "<title>Give feedback about Children's Services – Heard</title>" in client.get("/").content.decode()
    )
