"""The designation pages for each role: who may see and do what, the banner on every case of the
person, the error summary, the letter's PDF, and the access log."""

import datetime

import pytest
from django.urls import reverse

from heard.audit.models import AccessAction, CaseAccess
from heard.cases.tests.factories import (
    AdministratorFactory,
    CaseFactory,
    CustomerFactory,
    InvestigatingManagerFactory,
    OpenInvestigationFactory,
)
from heard.conduct.models import Designation, DesignationStatus
from heard.conduct.tests.factories import InForceDesignationFactory, ProposedDesignationFactory
from heard.core.testing.fixtures import signed_in

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime.datetime(2025, 6, 9, 10, 0, tzinfo=datetime.UTC), tick=False),
]


def date_fields(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


@pytest.fixture
def customer():
    return CustomerFactory(name="Pat Persistent", email="pat@example.com")


@pytest.fixture
def case(customer):
    return CaseFactory(customer=customer, summary="Contact visits cancelled")


@pytest.fixture
def manager(db):
    return InvestigatingManagerFactory(username="manager")


def test_officer_proposes_from_the_case_page(officer_client, case):
    page = officer_client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Propose an unreasonable behaviour designation" in page
    response = officer_client.post(
        reverse("conduct:propose", args=[case.reference]),
        {
            "behaviours": ["excessive_contact"],
            "details": "Daily calls since March",
            "evidence_cases": [case.pk],
        },
    )
    assert response.status_code == 302
    designation = Designation.objects.get()
    assert designation.status == DesignationStatus.PROPOSED
    page = officer_client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Daily calls since March" in page and "Proposed" in page
    assert "Propose an unreasonable behaviour designation" not in page  # one at a time
    assert CaseAccess.objects.filter(
        case=case, action=AccessAction.CHANGED, what="Designation proposed: a senior manager will decide"
    ).exists()


def test_propose_without_behaviour_shows_the_error_summary(officer_client, case):
    response = officer_client.post(reverse("conduct:propose", args=[case.reference]), {"details": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert 'href="#id_behaviours_0"' in page and "Select the behaviour seen" in page
    assert "Describe what was seen" in page


def test_senior_decides_and_the_banner_shows_on_a_new_case(senior_client, senior, officer, case, customer):
    designation = ProposedDesignationFactory(customer=customer)
    page = senior_client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Propose an unreasonable behaviour designation" not in page  # officers propose
    url = reverse("conduct:decide", args=[case.reference, designation.pk])
    response = senior_client.post(
        url,
        {
            "decision": "agreed",
            "reasons": "Daily calls stop other work",
            "contact_person": officer.pk,
            "channels": ["email"],
            **date_fields("review_due_on", datetime.date(2025, 12, 9)),
        },
    )
    assert response.status_code == 302, response.content.decode()
    new_case = CaseFactory(customer=customer, summary="A new complaint about school transport")
    page = senior_client.get(reverse("cases:detail", args=[new_case.reference])).content.decode()
    assert "Contact with this person is restricted" in page
    assert "Single point of contact: <strong>Olu Officer</strong>" in page
    assert "Contact only by email" in page
    assert "still received and considered on its merits" in page


def test_decide_without_a_review_date_says_so(senior_client, case, customer):
    designation = ProposedDesignationFactory(customer=customer)
    response = senior_client.post(
        reverse("conduct:decide", args=[case.reference, designation.pk]),
        {"decision": "agreed", "reasons": "r", "channels": ["email"], "review_due_on_day": ""},
    )
    page = response.content.decode()
    assert "Enter the review date." in page and 'href="#id_review_due_on_day"' in page


def test_officers_do_not_decide_review_or_end(officer_client, case, customer):
    proposed = ProposedDesignationFactory(customer=customer)
    assert (
        officer_client.get(reverse("conduct:decide", args=[case.reference, proposed.pk])).status_code == 403
    )
    proposed.delete()
    in_force = InForceDesignationFactory(customer=customer)
    for name in ("review", "end"):
        assert (
            officer_client.get(reverse(f"conduct:{name}", args=[case.reference, in_force.pk])).status_code
            == 403
        )


def test_manager_sees_what_applies_but_not_the_evidence(manager, customer):
    case = CaseFactory(customer=customer)
    OpenInvestigationFactory(case=case, team=manager.team, investigator=manager)
    designation = InForceDesignationFactory(customer=customer)
    client = signed_in(manager)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Contact with this person is restricted" in page
    assert "How often: One email a week" in page
    assert "Forty calls in March" not in page  # the evidence
    assert "Unreasonable behaviour designations" not in page
    assert client.get(reverse("conduct:propose", args=[case.reference])).status_code == 403
    assert client.get(reverse("conduct:letter_pdf", args=[case.reference, designation.pk])).status_code == 403


def test_outside_reach_is_not_found(manager, case, customer):
    designation = InForceDesignationFactory(customer=customer)
    client = signed_in(manager)
    for name, args in [
        ("cases:detail", [case.reference]),
        ("conduct:propose", [case.reference]),
        ("conduct:review", [case.reference, designation.pk]),
        ("conduct:letter_pdf", [case.reference, designation.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404
    admin = signed_in(AdministratorFactory())
    assert admin.get(reverse("conduct:letter_pdf", args=[case.reference, designation.pk])).status_code == 404


def test_a_designation_of_another_person_is_not_found_through_this_case(senior_client, case):
    other = InForceDesignationFactory()
    assert senior_client.get(reverse("conduct:review", args=[case.reference, other.pk])).status_code == 404


def test_letter_sent_by_email_and_its_pdf(officer_client, case, customer):
    designation = InForceDesignationFactory(customer=customer)
    page = officer_client.get(reverse("conduct:tell", args=[case.reference, designation.pk])).content.decode()
    assert "Dear Pat Persistent" in page and "Send the letter by email" in page
    officer_client.post(reverse("conduct:tell", args=[case.reference, designation.pk]))
    designation.refresh_from_db()
    assert designation.told_on == datetime.date(2025, 6, 9)
    response = officer_client.get(reverse("conduct:letter_pdf", args=[case.reference, designation.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert CaseAccess.objects.filter(case=case, action=AccessAction.EXPORTED).exists()


def test_senior_reviews_renews_then_ends_early(senior_client, case, customer):
    designation = InForceDesignationFactory(customer=customer)
    review = reverse("conduct:review", args=[case.reference, designation.pk])
    response = senior_client.post(review, {"outcome": "renewed", "reasons": "Still daily calls"})
    assert "Enter the next review date." in response.content.decode()
    senior_client.post(
        review,
        {
            "outcome": "renewed",
            "reasons": "Still daily calls",
            **date_fields("next_review_on", datetime.date(2026, 1, 9)),
        },
    )
    designation.refresh_from_db()
    assert designation.review_due_on == datetime.date(2026, 1, 9)
    end = reverse("conduct:end", args=[case.reference, designation.pk])
    page = senior_client.post(end, {"reasons": "Apologised and calls stopped"}).content.decode()
    assert "The restrictions stop applying today" in page  # asked to confirm first
    senior_client.post(end, {"reasons": "Apologised and calls stopped", "confirmed": "yes"})
    designation.refresh_from_db()
    assert designation.status == DesignationStatus.ENDED
    page = senior_client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Contact with this person is restricted" not in page
    assert "Ended early by decision" in page or "ended early by decision" in page


def test_opening_a_designation_page_is_in_the_access_log(senior_client, case, customer):
    designation = InForceDesignationFactory(customer=customer)
    senior_client.get(reverse("conduct:review", args=[case.reference, designation.pk]))
    assert CaseAccess.objects.filter(
        case=case, action=AccessAction.VIEWED, what="Viewed the page: Review the designation"
    ).exists()


def test_the_person_page_include_lists_designations_with_the_actions_of_the_role(
    officer, senior, case, customer
):
    from django.template.loader import render_to_string

    from heard.conduct.selectors import person_conduct

    InForceDesignationFactory(customer=customer)
    ProposedDesignationFactory(customer=customer, decision="declined", decided_on=datetime.date(2025, 5, 1))
    for user, offered, not_offered in [
        (officer, "Send the letter", "End early"),
        (senior, "End early", "Send the letter"),
    ]:
        html = render_to_string(
            "conduct/includes/person_designations.html", {"conduct": person_conduct(user, customer)}
        )
        assert html.count('class="govuk-summary-card__title"') == 2
        assert "In force" in html and "Declined" in html
        assert offered in html and not_offered not in html
        assert f"/staff/cases/{case.reference}/designations/" in html
    manager = InvestigatingManagerFactory()
    assert (
        "designation"
        not in render_to_string(
            "conduct/includes/person_designations.html", {"conduct": person_conduct(manager, customer)}
        ).lower()
    )
