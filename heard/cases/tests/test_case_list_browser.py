"""The case list and the contact details correction in a real browser, with axe-core: the list
uses the screen's width, so that references stay on one line at 1280 and 1920 pixels."""

import datetime

import pytest

from heard.cases.models import EventKind
from heard.cases.tests.factories import (
    CaseFactory,
    ComplaintsOfficerFactory,
    CustomerFactory,
    InvestigatingManagerFactory,
    OpenInvestigationFactory,
)
from heard.cases.tests.test_journeys import sign_in
from heard.core.testing.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("width", [1280, 1920])
def test_references_stay_on_one_line_beside_stage_investigator_and_due_date(page, width, tmp_path):
    ComplaintsOfficerFactory(username="olu")
    manager = InvestigatingManagerFactory(username="mina", first_name="Mina", last_name="Manager")
    for n in range(1, 6):
        case = CaseFactory(
            reference=f"CS-2026-{n:05d}",
            received_on=datetime.date(2026, 11, n),
            summary="Placement moved without notice and nobody told the family why it happened",
        )
        OpenInvestigationFactory(case=case, investigator=manager)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "olu", check=False)
    page.goto("/staff/cases/")
    assert page.title() == "Cases – Children's Services feedback – staff"
    headers = page.locator("thead th").all_inner_texts()
    assert headers == ["Reference", "Received", "Feedback", "Stage", "Investigator", "Status", "Next due"]
    first = page.locator("tbody tr").first
    assert first.locator("td").nth(3).inner_text() == "Stage 1"
    assert first.locator("td").nth(4).inner_text() == "Mina Manager"
    line_height = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('tbody td a')).lineHeight)"
    )
    for link in page.locator("tbody td:first-child a").all():
        box = link.bounding_box()
        assert box is not None and box["height"] < 1.5 * line_height, "the reference wraps"
    main = page.locator("main").bounding_box()
    assert main is not None and main["width"] > width - 100, "staff pages use the full width"
    page.screenshot(path=tmp_path / f"case-list-{width}.png")  # to look at when it fails
    assert_accessible(page)


def test_an_officer_corrects_the_contact_details_from_the_case_page(page):
    ComplaintsOfficerFactory(username="olu")
    customer = CustomerFactory(name="Alex Jnes", email="alex@example.com", phone="")
    case = CaseFactory(customer=customer)
    CaseFactory(customer=customer)
    sign_in(page, "olu", check=False)
    page.goto(f"/staff/cases/{case.reference}/")
    page.get_by_role("link", name="Correct their contact details").click()
    assert "a change applies to all 2 of their cases" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_label("Name").fill("Alex Jones")
    page.get_by_label("Phone number").fill("not a number")
    page.get_by_role("button", name="Save changes").click()
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    assert "Enter a phone number" in summary.inner_text()
    assert_accessible(page)
    page.get_by_label("Phone number").fill("07700 900 982")
    page.get_by_role("button", name="Save changes").click()
    main = page.locator("main").inner_text()
    assert "Contact details corrected for all the cases of" in main
    assert "07700 900 982" in main and "Alex Jones" in main
    assert case.events.filter(kind=EventKind.DETAILS_CORRECTED).count() == 1
    assert_accessible(page)
