"""An officer proposes a designation from the case page, a senior manager agrees it with a single
point of contact, the letter goes by email, the banner shows on a new case of the person, and the
senior manager reviews it and renews it; axe-core on every page."""

import re

import pytest
from playwright.sync_api import expect

from heard.cases.tests.factories import (
    CaseFactory,
    ComplaintsOfficerFactory,
    CustomerFactory,
    SeniorManagerFactory,
)
from heard.conduct.models import Designation
from heard.core.testing.browser import assert_accessible, sign_in
from heard.notifications.models import Message, MessageKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def sign_out_and_in(page, username: str):
    page.context.clear_cookies()
    sign_in(page, username)
    page.wait_for_url(re.compile(r"/staff/$"))


def test_proposed_decided_told_shown_on_a_new_case_and_reviewed(page):
    ComplaintsOfficerFactory(username="olu", first_name="Olu", last_name="Officer")
    SeniorManagerFactory(username="sol", first_name="Sol", last_name="Senior")
    customer = CustomerFactory(name="Pat Persistent", email="pat@example.com")
    first = CaseFactory(customer=customer, summary="Contact visits cancelled")
    second = CaseFactory(customer=customer, summary="Contact visits cancelled again")

    # The officer proposes, from "Who gave it"; a missing choice is said in the error summary.
    sign_in(page, "olu")
    page.wait_for_url(re.compile(r"/staff/$"))
    page.goto(f"/staff/cases/{second.reference}/")
    page.get_by_role("link", name="Propose an unreasonable behaviour designation for this person").click()
    assert_accessible(page)
    page.get_by_role("button", name="Propose the designation").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select the behaviour seen")
    expect(summary).to_contain_text("Describe what was seen")
    assert_accessible(page)
    page.get_by_label("Pursuing a matter already fully considered and closed").check()
    page.get_by_label("Describe what was seen").fill("Daily calls about the closed complaint since March")
    page.get_by_label(re.compile(first.reference)).check()
    page.get_by_role("button", name="Propose the designation").click()
    expect(
        page.locator(".govuk-notification-banner--success, .govuk-notification-banner").first
    ).to_contain_text("Designation proposed")
    expect(page.locator("#designations + .govuk-summary-card")).to_contain_text("Proposed")
    assert_accessible(page)

    # The senior manager agrees it, with a single point of contact and email only.
    sign_out_and_in(page, "sol")
    page.goto(f"/staff/cases/{first.reference}/")
    expect(page.locator("main")).to_contain_text("Daily calls about the closed complaint since March")
    page.get_by_role("link", name="Decide on the designation").click()
    assert_accessible(page)
    page.get_by_label("Yes, agree it with restrictions").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give the reasons for the decision")
    page.get_by_label("Yes, agree it with restrictions").check()
    page.get_by_label("Reasons for the decision").fill("The calls stop the team handling other complaints")
    page.get_by_label("Single point of contact (if agreed)").select_option(
        label="Olu Officer (complaints officer)"
    )
    page.get_by_label("Email", exact=True).check()
    page.get_by_role("button", name="Record the decision").click()
    banner = page.get_by_role("region", name="Contact with this person is restricted")
    expect(banner).to_contain_text("Single point of contact: Olu Officer")
    expect(banner).to_contain_text("Contact only by email")
    assert_accessible(page)

    # The officer sends the letter, by email from the outbox.
    sign_out_and_in(page, "olu")
    page.goto(f"/staff/cases/{first.reference}/")
    page.get_by_role("link", name="Send the letter about the designation").click()
    expect(page.locator("main")).to_contain_text("Dear Pat Persistent")
    assert_accessible(page)
    page.get_by_role("button", name="Send the letter by email").click()
    expect(page.locator("main")).to_contain_text("by email")
    assert Message.objects.filter(kind=MessageKind.DESIGNATION_LETTER, to="pat@example.com").count() == 1

    # A new complaint from the person is logged as usual, and carries the banner.
    new = CaseFactory(customer=customer, summary="School transport not arranged")
    page.goto(f"/staff/cases/{new.reference}/")
    banner = page.get_by_role("region", name="Contact with this person is restricted")
    expect(banner).to_contain_text("still received and considered on its merits")
    expect(banner).to_contain_text("Olu Officer")
    assert_accessible(page)

    # The senior manager reviews it and renews it with the date offered.
    sign_out_and_in(page, "sol")
    page.goto(f"/staff/cases/{new.reference}/")
    page.get_by_role("link", name="Review the designation").click()
    assert_accessible(page)
    page.get_by_label("Renew it: the restrictions are still needed").check()
    page.get_by_label("Reasons").fill("Calls continue most days")
    page.get_by_role("button", name="Record the review").click()
    expect(page.locator("main")).to_contain_text("Designation renewed, to be reviewed again by")
    expect(page.locator("main")).to_contain_text("Calls continue most days")
    assert Designation.objects.get().reviews.count() == 1
    assert_accessible(page)
