"""Search from the index on both databases (SQLite's FTS5 table kept by triggers, PostgreSQL's
full-text and trigram indexes): what it finds, that it follows every change and disposal, its
capped count, and that it never reaches beyond what a user may see."""

import datetime

import pytest
import time_machine

from heard.cases import selectors, services
from heard.cases.models import Case, Kind, Status
from heard.cases.selectors import COUNT_LIMIT, CaseFilters, case_list
from heard.cases.tests.factories import CaseFactory, CustomerFactory, OpenInvestigationFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 20)


def found(user, q: str) -> set[str]:
    return {case.reference for case in case_list(user, CaseFilters(q=q), today=TODAY).cases}


@pytest.fixture
def cases(db):
    by_name = CaseFactory(
        reference="CS-2025-00410",
        customer=CustomerFactory(name="Morgan Fairweather", customer_ref="CRM-884213"),
        summary="Transport to school stopped",
    )
    by_summary = CaseFactory(reference="CS-2025-00411", summary="Respite care was cancelled at short notice")
    other = CaseFactory(reference="CS-2024-00977", summary="Nothing alike")
    return by_name, by_summary, other


def test_search_finds_by_reference_name_customer_reference_and_a_word_of_the_summary(officer, cases):
    by_name, by_summary, other = cases
    assert found(officer, "Fairweather") == {by_name.reference}
    assert found(officer, "morgan fairweather") == {by_name.reference}
    assert found(officer, "Fairw") == {by_name.reference}  # the start of a name
    assert found(officer, "CRM-884213") == {by_name.reference}
    assert found(officer, "respite") == {by_summary.reference}
    assert found(officer, "CS-2024-00977") == {other.reference}
    assert found(officer, "cs-2024-00977") == {other.reference}
    assert found(officer, "2024-00977") == {other.reference}  # part of a reference
    assert found(officer, "zebra") == set()
    assert found(officer, "-- !!") == set()


def test_a_corrected_summary_and_name_are_found_by_their_new_words_only(officer, cases):
    by_name, by_summary, _ = cases
    services.case_update(case=by_summary, changes={"summary": "Short breaks were withdrawn"}, actor=officer)
    assert found(officer, "respite") == set()
    assert found(officer, "withdrawn") == {by_summary.reference}

    services.customer_correct(case=by_name, changes={"name": "Morgan Rainsford"}, actor=officer)
    assert found(officer, "Fairweather") == set()
    assert found(officer, "Rainsford") == {by_name.reference}


def test_a_deleted_case_leaves_the_index(officer, cases):
    _, by_summary, _ = cases
    Case.objects.filter(pk=by_summary.pk).delete()
    assert found(officer, "respite") == set()


def test_a_new_case_logged_through_the_service_is_found(officer, db):
    with time_machine.travel(datetime.datetime(2025, 6, 20, 10, tzinfo=datetime.UTC), tick=False):
        case = services.case_log(
            kind=Kind.COMPLAINT,
            received_on=TODAY,
            service_area=CaseFactory().service_area,
            summary="Contact with grandparents refused",
            customer=CustomerFactory(name="Robin Quayle"),
            procedure="statutory",
            actor=officer,
        )
    assert found(officer, "grandparents") == {case.reference}
    assert found(officer, "Quayle") == {case.reference}


def test_the_count_of_matches_is_capped(officer, client):
    area = CaseFactory(summary="Respite care was cancelled").service_area
    template = Case.objects.get()
    Case.objects.bulk_create(
        Case(
            reference=f"CS-2025-{10000 + n}",
            kind=Kind.COMPLAINT,
            procedure="statutory",
            received_on=datetime.date(2025, 5, 1),
            service_area=area,
            summary="Respite weekend was cancelled",
            status=Status.OPEN,
            customer=template.customer,
        )
        for n in range(COUNT_LIMIT)
    )
    page = case_list(officer, CaseFilters(q="respite"), today=TODAY)
    assert page.count_capped and page.count == COUNT_LIMIT + 1
    assert case_list(officer, CaseFilters(q="respite weekend cancelled"), today=TODAY).count == COUNT_LIMIT
    assert not case_list(officer, CaseFilters(q="respite weekend"), today=TODAY).count_capped

    client.force_login(officer)
    response = client.get("/staff/cases/", {"q": "respite"})
    assert "More than 500 cases match the filters." in response.content.decode()


def test_a_manager_finds_only_the_cases_in_their_reach(manager, manager_team, officer):
    mine = CaseFactory(team=manager_team, summary="Respite care was cancelled")
    OpenInvestigationFactory(case=mine, team=manager_team, investigator=manager)
    theirs = CaseFactory(summary="Respite care was cancelled too")
    OpenInvestigationFactory(case=theirs)
    assert found(manager, "respite") == {mine.reference}
    assert found(manager, theirs.reference) == set()
    assert found(officer, "respite") == {mine.reference, theirs.reference}


def test_a_search_with_many_matches_walks_the_list_in_order_and_counts_from_a_sample(
    officer, manager, manager_team, monkeypatch
):
    """With more matches than it looks up by id, the search reads the list in its order; the
    capped count comes from the first matches when enough of them pass the other filters."""
    monkeypatch.setattr(selectors, "SEARCH_SAMPLE", 3)
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 2)
    matching = [
        CaseFactory(received_on=datetime.date(2025, 5, day), summary="Respite care was cancelled")
        for day in (3, 9, 1, 7, 5)
    ]
    CaseFactory(received_on=datetime.date(2025, 5, 8), summary="Transport to school stopped")
    mine = matching[1]
    OpenInvestigationFactory(case=mine, team=manager_team, investigator=manager)

    page = case_list(officer, CaseFilters(q="respite"), today=TODAY)
    newest_first = sorted(matching, key=lambda case: case.received_on, reverse=True)
    assert [case.reference for case in page.cases] == [case.reference for case in newest_first]
    assert page.count_capped and page.count == 3

    assert found(manager, "respite") == {mine.reference}
    page = case_list(manager, CaseFilters(q="respite"), today=TODAY)
    assert (page.count, page.count_capped) == (1, False)


def pages(user, q: str, *, sort: str = "newest", page_size: int = 3) -> list[list[str]]:
    """Every page of a search, following the list's cursor."""
    result, after = [], ""
    while True:
        page = case_list(user, CaseFilters(q=q, sort=sort), after=after, page_size=page_size, today=TODAY)
        result.append([case.reference for case in page.cases])
        if not page.next_cursor:
            return result
        after = page.next_cursor


def test_a_word_with_more_matches_than_a_chunk_pages_through_in_the_lists_order(officer, monkeypatch):
    monkeypatch.setattr(selectors, "SEARCH_CHUNK", 2)
    days = [3, 9, 1, 7, 5, 9, 2, 9]  # three received the same day: the newest id comes first
    matching = [
        CaseFactory(received_on=datetime.date(2025, 5, day), summary="Social worker changed") for day in days
    ]
    for day in (8, 4):
        CaseFactory(received_on=datetime.date(2025, 5, day), summary="Transport to school stopped")
    newest_first = [
        case.reference for case in sorted(matching, key=lambda c: (c.received_on, c.pk), reverse=True)
    ]

    assert pages(officer, "social work") == [newest_first[0:3], newest_first[3:6], newest_first[6:8]]
    assert sum(pages(officer, "social", sort="oldest"), []) == newest_first[::-1]
    page = case_list(officer, CaseFilters(q="social worker"), today=TODAY)
    assert (page.count, page.count_capped) == (8, False)


def test_with_many_matches_a_manager_neither_sees_nor_counts_cases_beyond_their_reach(
    manager, manager_team, officer, monkeypatch
):
    monkeypatch.setattr(selectors, "SEARCH_CHUNK", 2)
    monkeypatch.setattr(selectors, "SEARCH_SAMPLE", 4)
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 3)
    theirs = [
        CaseFactory(received_on=datetime.date(2025, 5, day), summary="Respite care") for day in range(1, 9)
    ]
    mine = []
    for day in (2, 6):
        case = CaseFactory(received_on=datetime.date(2025, 4, day), summary="Respite care")
        OpenInvestigationFactory(case=case, team=manager_team)
        mine.append(case.reference)
    for case in theirs:
        OpenInvestigationFactory(case=case)

    # The manager's cases come after all the others in the list's order.
    assert pages(manager, "respite", page_size=1) == [[mine[1]], [mine[0]]]
    page = case_list(manager, CaseFilters(q="respite"), today=TODAY)
    assert (page.count, page.count_capped) == (2, False)
    first = case_list(manager, CaseFilters(q="respite"), page_size=1, today=TODAY)
    second = case_list(manager, CaseFilters(q="respite"), after=first.next_cursor, page_size=1, today=TODAY)
    assert (first.count, second.count) == (2, 2)
    page = case_list(officer, CaseFilters(q="respite"), today=TODAY)
    assert page.count_capped and len(page.cases) == 10


def test_a_case_whose_received_date_changes_moves_in_the_search_order(officer):
    first = CaseFactory(received_on=datetime.date(2025, 5, 1), summary="Respite care")
    second = CaseFactory(received_on=datetime.date(2025, 5, 2), summary="Respite weekend")
    assert [case.reference for case in case_list(officer, CaseFilters(q="respite"), today=TODAY).cases] == [
        second.reference,
        first.reference,
    ]
    Case.objects.filter(pk=first.pk).update(received_on=datetime.date(2025, 5, 3))
    assert [case.reference for case in case_list(officer, CaseFilters(q="respite"), today=TODAY).cases] == [
        first.reference,
        second.reference,
    ]


def test_words_the_statistics_call_common_give_the_same_pages(officer, manager, manager_team, monkeypatch):
    """PostgreSQL walks the list's order without asking the index first when its statistics say
    every word is common; what the user sees is the same."""
    monkeypatch.setattr(selectors, "_postgresql_common", lambda q: True)
    matching = [
        CaseFactory(received_on=datetime.date(2025, 5, day), summary="Social worker changed")
        for day in (4, 2, 6)
    ]
    CaseFactory(received_on=datetime.date(2025, 5, 5), summary="Transport to school stopped")
    OpenInvestigationFactory(case=matching[0], team=manager_team)
    newest_first = [case.reference for case in sorted(matching, key=lambda c: c.received_on, reverse=True)]
    assert pages(officer, "social worker", page_size=2) == [newest_first[:2], newest_first[2:]]
    assert case_list(officer, CaseFilters(q="social worker"), today=TODAY).count == 3
    page = case_list(manager, CaseFilters(q="social worker"), today=TODAY)
    assert ([case.reference for case in page.cases], page.count) == ([matching[0].reference], 1)
