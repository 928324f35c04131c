"""The reads behind the staff workspace: who sees what, the case list's filters, search, sort and
cursor pagination, and my work."""

import datetime

import pytest
from django.db import connection

from heard.calendar.workdays import WorkingCalendar
from heard.cases import selectors
from heard.cases.models import Status
from heard.cases.selectors import CaseFilters, case_list, case_visible_to
from heard.cases.tests.factories import (
    CaseFactory,
    ClosedInvestigationFactory,
    ComplimentFactory,
    CustomerFactory,
    OmbudsmanReferralFactory,
    OpenInvestigationFactory,
    ServiceAreaFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 20)  # a Friday


def refs(page) -> list[str]:
    return [case.reference for case in page.cases]


# --- Who sees what ---------------------------------------------------------------------------


def test_officer_and_senior_see_every_case(officer, senior, managers_case, other_case):
    for user in (officer, senior):
        assert set(case_visible_to(user)) == {managers_case, other_case}


def test_manager_sees_cases_allocated_to_them_or_their_team_only(manager, managers_case, other_case):
    mine_elsewhere = OpenInvestigationFactory(
        team=TeamFactory(name="Fostering Team"), investigator=manager
    ).case
    assert set(case_visible_to(manager)) == {managers_case, mine_elsewhere}


def test_manager_without_a_team_sees_only_their_own_investigations(manager, managers_case):
    manager.team = None
    manager.save()
    assert list(case_visible_to(manager)) == [managers_case]  # allocated to them by name
    managers_case.investigations.update(investigator=None)
    assert list(case_visible_to(manager)) == []


def test_a_managers_reach_is_looked_up_in_its_indexes_not_by_reading_investigations(
    manager, managers_case, other_case
):
    # Whether a case is in a manager's reach is a look-up by (investigator, case) and (team, case):
    # at a million cases, reading the team's investigations for each search cost a third of a second.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # tables this small are read whole
        plan = case_visible_to(manager).filter(received_on__gte=datetime.date(2020, 1, 1)).explain()
    assert "investigation_reach_by_person" in plan
    assert "investigation_reach_by_team" in plan


def test_administrator_and_inactive_users_see_nothing(administrator, officer, managers_case):
    assert not case_visible_to(administrator).exists()
    officer.is_active = False
    assert not case_visible_to(officer).exists()


# --- Filters ---------------------------------------------------------------------------------


def test_each_filter(officer):
    area = ServiceAreaFactory(name="Education")
    team = TeamFactory(name="SEND Team")
    customer = CustomerFactory()
    plain = CaseFactory(received_on=datetime.date(2025, 1, 10))
    lac = CaseFactory(looked_after_child=True, received_on=datetime.date(2025, 2, 10))
    child = CaseFactory(made_by_child=True, procedure="corporate", received_on=datetime.date(2025, 3, 10))
    advocate = CaseFactory(
        advocate_requested=True, service_area=area, team=team, received_on=datetime.date(2025, 4, 10)
    )
    repeat_a = CaseFactory(customer=customer, received_on=datetime.date(2025, 5, 10))
    repeat_b = CaseFactory(customer=customer, status=Status.CLOSED, received_on=datetime.date(2025, 5, 11))
    compliment = ComplimentFactory(received_on=datetime.date(2025, 5, 12))
    overdue = OpenInvestigationFactory(due_on=datetime.date(2025, 6, 1), investigator=officer).case
    extended = OpenInvestigationFactory(
        due_on=datetime.date(2025, 6, 1), extended_to=datetime.date(2025, 7, 1)
    ).case
    stage2 = ClosedInvestigationFactory().case
    OpenInvestigationFactory(case=stage2, stage=2, due_on=datetime.date(2025, 8, 1))

    def only(**kwargs):
        return set(refs(case_list(officer, CaseFilters(**kwargs), today=TODAY)))

    assert only(looked_after_child=True) == {lac.reference}
    assert only(made_by_child=True) == {child.reference}
    assert only(procedure="corporate") == {child.reference}
    assert only(advocate=True) == {advocate.reference}
    assert only(service_area=area.pk) == {advocate.reference}
    assert only(team=team.pk) == {advocate.reference}
    assert only(repeat=True) == {repeat_a.reference, repeat_b.reference}
    assert only(status="closed") == {repeat_b.reference}
    assert only(kind="compliment") == {compliment.reference}
    assert only(overdue=True) == {overdue.reference}
    assert extended.reference not in only(overdue=True)
    assert only(stage=2) == {stage2.reference}
    assert stage2.reference not in only(stage=1)
    assert only(investigator=officer.pk) == {overdue.reference}
    assert only(received_from=datetime.date(2025, 2, 1), received_to=datetime.date(2025, 3, 31)) == {
        lac.reference,
        child.reference,
    }
    assert plain.reference in only()


def test_search_matches_reference_customer_name_and_summary(officer):
    by_name = CaseFactory(customer=CustomerFactory(name="Morgan Fairweather"), summary="Transport to school")
    by_summary = CaseFactory(summary="Respite care was cancelled at short notice")
    other = CaseFactory(summary="Nothing alike")

    def search(q):
        return set(refs(case_list(officer, CaseFilters(q=q), today=TODAY)))

    assert search("Fairweather") == {by_name.reference}
    assert search("respite") == {by_summary.reference}
    assert search(other.reference) == {other.reference}
    assert search(other.reference.lower()) == {other.reference}


def test_search_never_reaches_beyond_a_managers_cases(manager, managers_case, other_case):
    page = case_list(manager, CaseFilters(q=other_case.reference), today=TODAY)
    assert page.cases == []


# --- Sorting and cursor pagination -----------------------------------------------------------


def test_sorts(officer):
    a = CaseFactory(reference="CS-2025-00003", received_on=datetime.date(2025, 1, 1))
    b = CaseFactory(reference="CS-2025-00001", received_on=datetime.date(2025, 3, 1))
    c = CaseFactory(reference="CS-2025-00002", received_on=datetime.date(2025, 2, 1))
    assert refs(case_list(officer, CaseFilters(sort="newest"))) == [b.reference, c.reference, a.reference]
    assert refs(case_list(officer, CaseFilters(sort="oldest"))) == [a.reference, c.reference, b.reference]
    assert refs(case_list(officer, CaseFilters(sort="reference"))) == [b.reference, c.reference, a.reference]
    assert refs(case_list(officer, CaseFilters(sort="reference_desc"))) == [
        a.reference,
        c.reference,
        b.reference,
    ]


@pytest.mark.parametrize("sort", list(selectors.SORTS))
def test_cursor_pagination_visits_every_case_once_in_order(officer, sort):
    # Many cases share a received date, so the cursor must break ties by id.
    for n in range(23):
        CaseFactory(received_on=datetime.date(2025, 1, 1 + n % 4))
    expected = refs(case_list(officer, CaseFilters(sort=sort), page_size=100))
    seen, after = [], ""
    while True:
        page = case_list(officer, CaseFilters(sort=sort), after=after, page_size=5)
        seen += refs(page)
        if not page.next_cursor:
            break
        after = page.next_cursor
    assert seen == expected and len(seen) == 23


def test_a_broken_cursor_gives_the_first_page(officer):
    CaseFactory()
    assert len(case_list(officer, CaseFilters(), after="not-a-cursor").cases) == 1


def test_count_is_capped(officer, settings, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 3)
    for _ in range(5):
        CaseFactory()
    page = case_list(officer, CaseFilters(), page_size=2)
    assert page.count_capped and page.count == 4
    assert not case_list(officer, CaseFilters(looked_after_child=True)).count_capped


# --- Due dates and my work -------------------------------------------------------------------


def test_due_status_counts_working_days():
    calendar = WorkingCalendar.of()
    friday = datetime.date(2025, 6, 20)
    assert selectors.due_status(datetime.date(2025, 6, 27), today=friday, calendar=calendar).working_days == 5
    assert selectors.due_status(datetime.date(2025, 6, 27), today=friday, calendar=calendar).soon
    assert not selectors.due_status(datetime.date(2025, 6, 30), today=friday, calendar=calendar).soon
    late = selectors.due_status(datetime.date(2025, 6, 18), today=friday, calendar=calendar)
    assert late.overdue and late.working_days == -2 and late.label == "Overdue by 2 working days"
    assert selectors.due_status(friday, today=friday, calendar=calendar).label == "Due today"
    # 25 August 2025 was a bank holiday: not counted.
    assert (
        selectors.due_status(
            datetime.date(2025, 8, 26), today=datetime.date(2025, 8, 22), calendar=calendar
        ).working_days
        == 1
    )


def test_my_work_for_a_manager_lists_their_open_investigations_soonest_first(
    manager, managers_case, manager_team
):
    later = OpenInvestigationFactory(team=manager_team, due_on=datetime.date(2025, 7, 30))
    ClosedInvestigationFactory(team=manager_team)
    OpenInvestigationFactory()  # another team's
    work = selectors.my_work(manager, today=TODAY)
    assert [item.case for item in work.investigations] == [managers_case, later.case]
    first = work.investigations[0]
    assert first.due.overdue  # due 16 June
    assert work.acknowledgements == [] and work.ombudsman == []


def test_my_work_for_an_officer(officer):
    unacknowledged = CaseFactory(acknowledgement_due_on=datetime.date(2025, 6, 5))
    CaseFactory(acknowledged_on=datetime.date(2025, 6, 3), acknowledgement_due_on=datetime.date(2025, 6, 5))
    compliment = ComplimentFactory()
    referral = OmbudsmanReferralFactory(response_due_on=datetime.date(2025, 6, 24))
    OmbudsmanReferralFactory(response_sent_on=datetime.date(2025, 6, 1))
    mine = OpenInvestigationFactory(investigator=officer, due_on=datetime.date(2025, 6, 25))
    work = selectors.my_work(officer, today=TODAY)
    assert unacknowledged in [item.case for item in work.acknowledgements]
    assert [item.referral for item in work.ombudsman] == [referral]
    assert work.ombudsman[0].due.soon
    assert compliment in [item.case for item in work.to_close]
    assert unacknowledged in [item.case for item in work.to_allocate]
    assert mine.case not in [item.case for item in work.to_allocate]
    assert [item.investigation for item in work.investigations] == [mine]


def test_my_work_for_a_senior_manager_shows_what_is_overdue_or_due_soon(senior):
    overdue = OpenInvestigationFactory(due_on=datetime.date(2025, 6, 10))
    soon = OpenInvestigationFactory(due_on=datetime.date(2025, 6, 24))
    OpenInvestigationFactory(due_on=datetime.date(2025, 9, 1))
    OpenInvestigationFactory(due_on=datetime.date(2025, 6, 10), extended_to=datetime.date(2025, 9, 1))
    work = selectors.my_work(senior, today=TODAY)
    assert [item.investigation for item in work.investigations] == [overdue, soon]


def test_search_words_in_any_order_whatever_their_case(officer):
    # Both databases match the start of each word, without stemming: "cancel" finds cancelled,
    # "cancelling" does not.
    hit = CaseFactory(summary="Respite care was cancelled at short notice")
    CaseFactory(summary="Respite care went well")
    assert refs(case_list(officer, CaseFilters(q="CANCELLED respite"), today=TODAY)) == [hit.reference]
    assert refs(case_list(officer, CaseFilters(q="respite cancel"), today=TODAY)) == [hit.reference]
    assert refs(case_list(officer, CaseFilters(q="cancelling respite"), today=TODAY)) == []
