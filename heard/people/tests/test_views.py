"""The person's page, the queue of possible duplicates, merging, undoing and moving a case."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from heard.audit.models import CaseAccess
from heard.cases.models import Case, CaseEvent, EventKind
from heard.cases.tests.factories import CaseFactory, CustomerFactory
from heard.people import services
from heard.people.models import DuplicateStatus, Merge, PossibleDuplicate
from heard.retention.models import LegalHold

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 6, 1, 10, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def pair(db):
    """Two records of one person, alike enough to be queued."""
    first = services.person_for(
        name="Katherine Smith", email="kate@example.com", address="4 Elm Road, LS1 4AB"
    )
    second = services.person_for(name="Katherin Smith", email="ks@example.org", address="4 Elm Road LS1 4AB")
    a = CaseFactory(customer=first, summary="Late visits")
    b = CaseFactory(customer=second, summary="No reply to letters")
    return first, second, a, b, PossibleDuplicate.objects.get()


def test_the_queue_shows_each_pair_with_its_reasons_and_score(officer_client, pair):
    first, second, *_, duplicate = pair
    html = officer_client.get(reverse("people:duplicates")).content.decode()
    assert "Katherine Smith" in html and "Katherin Smith" in html
    assert "The same postcode" in html
    assert f">{duplicate.score}<" in html


def test_merging_moves_every_case_and_hold_and_is_on_each_timeline_and_access_log(
    officer_client, pair, officer
):
    first, second, a, b, duplicate = pair
    hold = LegalHold.objects.create(customer=second, reason="Claim", placed_by=officer)
    response = officer_client.post(reverse("people:merge", args=[duplicate.pk]), {"kept": str(first.pk)})
    assert response.status_code == 302
    assert set(Case.objects.filter(customer=first).values_list("pk", flat=True)) == {a.pk, b.pk}
    hold.refresh_from_db()
    assert hold.customer_id == first.pk
    for case in (a, b):
        assert CaseEvent.objects.filter(case=case, kind=EventKind.PERSON_MERGED).exists()
        assert CaseAccess.objects.filter(case=case, what__contains="merged into").exists()
    duplicate.refresh_from_db()
    assert duplicate.status == DuplicateStatus.MERGED
    page = officer_client.get(reverse("cases:detail", args=[a.reference])).content.decode()
    assert b.reference in page  # the other case is theirs now
    assert (
        "No possible duplicates are waiting"
        in officer_client.get(reverse("people:duplicates")).content.decode()
    )


def test_a_merge_without_choosing_the_record_to_keep_says_so(officer_client, pair):
    *_, duplicate = pair
    html = officer_client.post(reverse("people:merge", args=[duplicate.pk]), {}).content.decode()
    assert "govuk-error-summary" in html and "Select the record to keep" in html
    assert not Merge.objects.exists()


def test_undoing_a_merge_moves_back_exactly_what_moved(officer_client, pair):
    first, second, a, b, duplicate = pair
    merge = services.person_merge(kept=first, merged=second, duplicate=duplicate)
    later = CaseFactory(customer=first)  # came in after the merge: stays
    response = officer_client.post(reverse("people:merge_undo", args=[merge.pk]))
    assert response.status_code == 302
    assert Case.objects.get(pk=b.pk).customer_id == second.pk
    assert Case.objects.get(pk=a.pk).customer_id == first.pk
    assert Case.objects.get(pk=later.pk).customer_id == first.pk
    second.refresh_from_db()
    assert second.merged_into_id is None
    assert CaseEvent.objects.filter(case=b, kind=EventKind.PERSON_MERGE_UNDONE).exists()
    duplicate.refresh_from_db()
    assert duplicate.status == DuplicateStatus.OPEN  # back in the queue to decide again
    again = officer_client.post(reverse("people:merge_undo", args=[merge.pk])).content.decode()
    assert "already been undone" in again


def test_dismissing_takes_the_pair_out_of_the_queue(officer_client, pair):
    *_, duplicate = pair
    officer_client.post(reverse("people:dismiss", args=[duplicate.pk]))
    duplicate.refresh_from_db()
    assert duplicate.status == DuplicateStatus.DISMISSED
    assert (
        "No possible duplicates are waiting"
        in officer_client.get(reverse("people:duplicates")).content.decode()
    )


def test_a_case_moves_to_a_new_person_or_an_existing_one(officer_client, pair):
    first, second, a, b, _ = pair
    url = reverse("people:split", args=[a.reference])
    missing = officer_client.post(url, {}).content.decode()
    assert "govuk-error-summary" in missing and "the name of a new person" in missing
    unknown = officer_client.post(url, {"customer_ref": "NOPE"}).content.decode()
    assert "There is no person with the customer reference NOPE" in unknown
    assert officer_client.post(url, {"name": "Jo Bloggs"}).status_code == 302
    a.refresh_from_db()
    assert a.customer.name == "Jo Bloggs" and a.customer_id not in (first.pk, second.pk)
    assert CaseEvent.objects.filter(case=a, kind=EventKind.PERSON_SPLIT).exists()
    officer_client.post(url, {"customer_ref": second.customer_ref})
    assert Case.objects.get(pk=a.pk).customer_id == second.pk


def test_the_person_page_shows_their_cases_and_is_audited(officer_client, senior_client, pair):
    first, _, a, *_ = pair
    CaseFactory(customer=first, summary="Second complaint")
    html = officer_client.get(reverse("people:detail", args=[first.pk])).content.decode()
    assert "Katherine Smith" in html and a.reference in html and "Second complaint" in html
    assert "Restrictions" in html
    assert CaseAccess.objects.filter(case=a, what__contains="Viewed the page of person").count() == 1
    assert senior_client.get(reverse("people:detail", args=[first.pk])).status_code == 200
    case_page = officer_client.get(reverse("cases:detail", args=[a.reference])).content.decode()
    assert reverse("people:detail", args=[first.pk]) in case_page


def test_the_person_page_is_not_found_for_those_who_may_not_see_all_their_cases(
    manager_client, administrator_client, managers_case, other_case
):
    person = CustomerFactory()
    Case.objects.filter(pk__in=[managers_case.pk, other_case.pk]).update(customer=person)
    url = reverse("people:detail", args=[person.pk])
    assert manager_client.get(url).status_code == 404  # one of the cases is outside their reach
    assert administrator_client.get(url).status_code == 404
    Case.objects.filter(pk=other_case.pk).update(customer=CustomerFactory())
    assert manager_client.get(url).status_code == 200


def test_only_officers_reach_the_queue_and_merges(senior_client, manager_client, pair):
    *_, duplicate = pair
    for client in (senior_client, manager_client):
        assert client.get(reverse("people:duplicates")).status_code == 404
        assert client.post(reverse("people:merge", args=[duplicate.pk]), {"kept": "1"}).status_code == 404


def test_a_merged_away_record_points_to_the_person_kept_and_its_view_is_logged(officer_client, pair):
    first, second, *_, duplicate = pair
    services.person_merge(kept=first, merged=second, duplicate=duplicate)
    html = officer_client.get(reverse("people:detail", args=[second.pk])).content.decode()
    assert "This record was merged into" in html
    assert reverse("people:detail", args=[first.pk]) in html
    assert CaseAccess.objects.filter(case=None, what__contains=second.customer_ref).exists()


def test_a_designation_moves_with_a_merge_and_back_with_its_undoing(officer_client, pair):
    from heard.conduct.tests.factories import InForceDesignationFactory

    first, second, a, b, duplicate = pair
    designation = InForceDesignationFactory(customer=second, review_due_on=datetime.date(2026, 12, 1))
    merge = services.person_merge(kept=first, merged=second, duplicate=duplicate)
    designation.refresh_from_db()
    assert designation.customer_id == first.pk
    page = officer_client.get(reverse("people:detail", args=[first.pk])).content.decode()
    assert "Unreasonable behaviour designations" in page and "In force" in page
    services.person_merge_undo(merge=merge)
    designation.refresh_from_db()
    assert designation.customer_id == second.pk
    page = officer_client.get(reverse("people:detail", args=[first.pk])).content.decode()
    assert "In force" not in page
