"""The quarterly pack: a service area's figures for a quarter (the metrics module's) and the cases
behind them, as Excel; downloaded from the reports pages by those who read reports, each download
in the access log."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from heard.audit.models import AccessAction, CaseAccess
from heard.cases.tests.factories import (
    ActionFactory,
    CaseFactory,
    ClosedInvestigationFactory,
    OpenInvestigationFactory,
    SeniorManagerFactory,
    ServiceAreaFactory,
)
from heard.reporting import metrics
from heard.reporting.quarterly import quarter_ended_before, quarterly_pack, quarters_ended
from heard.reporting.selectors import Period

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime.datetime(2025, 10, 6, 9, 0, tzinfo=datetime.UTC), tick=False),
]
d = datetime.date
TODAY = d(2025, 10, 6)
Q2 = Period(2025, "Q2")  # July to September 2025


@pytest.fixture
def areas(db):
    early_help = ServiceAreaFactory(name="Early Help")
    other = ServiceAreaFactory(name="Education and SEND")
    owner = SeniorManagerFactory(first_name="Owen", last_name="Owner")
    # Closed in the quarter, on time (due 25 July) and late (due 4 August, answered 20 August).
    on_time = ClosedInvestigationFactory(
        case=CaseFactory(
            reference="EH-1", service_area=early_help, received_on=d(2025, 7, 11), status="closed"
        ),
        opened_on=d(2025, 7, 11),
        due_on=d(2025, 7, 25),
        closed_on=d(2025, 7, 24),
        outcome="upheld",
    )
    ClosedInvestigationFactory(
        case=CaseFactory(
            reference="EH-2", service_area=early_help, received_on=d(2025, 7, 21), status="closed"
        ),
        opened_on=d(2025, 7, 21),
        due_on=d(2025, 8, 4),
        closed_on=d(2025, 8, 20),
        outcome="not_upheld",
    )
    # Open and overdue at the end of the quarter (due 15 September), and still open today.
    OpenInvestigationFactory(
        case=CaseFactory(reference="EH-3", service_area=early_help, received_on=d(2025, 9, 1)),
        opened_on=d(2025, 9, 1),
        due_on=d(2025, 9, 15),
        investigator_name="Ivo Vesti",
    )
    ActionFactory(case=on_time.case, owner=owner, category="Training", due_on=d(2025, 9, 30))
    ActionFactory(case=on_time.case, category="Done already", completed_on=d(2025, 8, 1))
    # Another area's case, which the pack leaves out.
    OpenInvestigationFactory(
        case=CaseFactory(reference="SEND-1", service_area=other, received_on=d(2025, 9, 1))
    )
    return early_help, other


def rows(book, sheet: str) -> list[tuple]:
    return list(book[sheet].iter_rows(min_row=5, values_only=True))


def test_the_last_quarter_to_have_ended():
    assert quarter_ended_before(d(2025, 10, 1)) == Period(2025, "Q2")
    assert quarter_ended_before(d(2025, 9, 30)) == Period(2025, "Q1")
    assert quarter_ended_before(d(2026, 4, 1)) == Period(2025, "Q4")
    assert quarters_ended(years=[2025], today=d(2025, 10, 1)) == [Period(2025, "Q2"), Period(2025, "Q1")]


def test_the_pack_holds_the_areas_figures_and_the_cases_behind_them(areas):
    early_help, _ = areas
    pack = quarterly_pack(service_area=early_help, period=Q2, today=TODAY)
    assert pack.filename == "quarterly-pack-early-help-2025-26-q2.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(pack.content))
    figures = metrics.period_figures(start=Q2.start, end=Q2.end, service_area_id=early_help.pk).as_json()
    by_kind = dict(row[:2] for row in rows(book, "Feedback by kind"))
    assert by_kind["Complaints"] == figures["feedback"]["complaints"] == 3
    assert [(r[0], r[6].date(), r[7], r[8], r[9]) for r in rows(book, "Closed")] == [
        ("EH-1", d(2025, 7, 24), 9, "yes", "Upheld"),
        ("EH-2", d(2025, 8, 20), 22, "no", "Not upheld"),
    ]
    assert [(r[0], r[3], r[5], r[6]) for r in rows(book, "Overdue")] == [("EH-3", "Ivo Vesti", 11, "not yet")]
    assert [r[0] for r in rows(book, "Open")] == ["EH-3"]
    assert [(r[0], r[1], r[3], r[5]) for r in rows(book, "Actions")] == [
        ("EH-1", "Training", "Owen Owner", "yes")
    ]
    assert (
        "Stage 1 investigations closed: 2 (50.0% within their timescale; 15.5 working days on average)"
        in pack.summary
    )
    assert "Investigations overdue at the end of the quarter: 1" in pack.summary


def test_text_in_the_pack_is_never_a_formula(areas):
    early_help, _ = areas
    CaseFactory(
        reference="EH-4",
        service_area=early_help,
        summary='=HYPERLINK("http://bad")',
        received_on=d(2025, 9, 2),
    )
    book = openpyxl.load_workbook(
        io.BytesIO(quarterly_pack(service_area=early_help, period=Q2, today=TODAY).content)
    )
    cell = next(
        c for row in book["Open"].iter_rows(min_row=5) for c in row if str(c.value).startswith("=HYPERLINK")
    )
    assert cell.data_type == "s"


def test_senior_managers_download_any_past_quarters_pack_and_the_download_is_logged(
    areas, senior_client, senior
):
    early_help, _ = areas
    page = senior_client.get(reverse("reporting:quarterly")).content.decode()
    assert "Q2 2025/26" in page and "Q1 2025/26" in page and "Q3 2025/26" not in page
    url = reverse("reporting:quarterly_pack", args=[2025, "Q2", early_help.pk])
    assert url in page
    response = senior_client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert 'filename="quarterly-pack-early-help-2025-26-q2.xlsx"' in response["Content-Disposition"]
    entry = CaseAccess.objects.get(user=senior)
    assert entry.action == AccessAction.EXPORTED
    assert (
        entry.what
        == "Downloaded the quarterly pack for Early Help, Q2 2025/26 (1 July 2025 to 30 September 2025)"
    )


def test_a_quarter_not_yet_ended_or_an_unknown_area_is_not_found(areas, officer_client):
    early_help, _ = areas
    assert (
        officer_client.get(reverse("reporting:quarterly_pack", args=[2025, "Q3", early_help.pk])).status_code
        == 404
    )
    assert officer_client.get(reverse("reporting:quarterly_pack", args=[2025, "Q2", 999])).status_code == 404


def test_investigating_managers_do_not_reach_the_packs(areas, manager_client):
    early_help, _ = areas
    assert manager_client.get(reverse("reporting:quarterly")).status_code == 404
    assert (
        manager_client.get(reverse("reporting:quarterly_pack", args=[2025, "Q2", early_help.pk])).status_code
        == 404
    )
