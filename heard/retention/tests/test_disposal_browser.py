"""An officer holds a case, reviews the month's disposal list, keeps one case, authorises the rest
and reads the certificate, in a real browser with axe-core on every page."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from heard.cases.models import Status
from heard.cases.tests.factories import CaseFactory, ComplaintsOfficerFactory, ComplimentFactory
from heard.core.testing.browser import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def closed(factory=CaseFactory, **kwargs):
    # Closed in 2018: past every six-year rule, whatever day the test runs.
    return factory(
        received_on=datetime.date(2018, 3, 5),
        status=Status.CLOSED,
        closed_on=datetime.date(2018, 4, 3),
        summary="Pat Parent says nobody called about Sam",
        **kwargs,
    )


def test_hold_review_keep_authorise_and_certificate(page):
    ComplaintsOfficerFactory(username="olu", first_name="Olu", last_name="Officer")
    held, kept, gone = closed(), closed(), closed(ComplimentFactory)
    sign_in(page, "olu")
    page.wait_for_url(re.compile(r"/staff/$"))

    # A legal hold on one case.
    page.goto(f"/staff/cases/{held.reference}/")
    page.get_by_role("link", name=f"Place a legal hold on {held.reference}").click()
    assert_accessible(page)
    page.get_by_role("button", name="Place the hold").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why the case must be kept.")
    page.get_by_label("Why must it be kept?").fill("Insurance claim by the family")
    page.get_by_role("button", name="Place the hold").click()
    expect(page.locator(".govuk-warning-text")).to_contain_text("Legal hold: Insurance claim by the family")
    assert_accessible(page)

    # The month's list: the held case is not on it.
    page.get_by_role("link", name="Retention", exact=True).click()
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text("Insurance claim by the family")
    page.get_by_role("button", name="Draw this month's list now").click()
    month = f"{timezone.localdate():%B %Y}"
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Disposal list: {month}")
    table = page.locator("table").first
    expect(table).to_contain_text(kept.reference)
    expect(table).to_contain_text(gone.reference)
    expect(table).not_to_contain_text(held.reference)
    assert_accessible(page)

    # Keep one, with a reason.
    page.get_by_role("link", name=f"Keep {kept.reference}").click()
    assert_accessible(page)
    page.get_by_label("Why must this case be kept?").fill("Subject access request in progress")
    page.get_by_role("button", name="Keep the case").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"{kept.reference} will be kept.")

    # Authorise: the confirmation is required.
    page.get_by_role("button", name="Authorise the disposal").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Confirm that you have reviewed the list")
    page.get_by_label(re.compile("I have reviewed the list")).check()
    page.get_by_role("button", name="Authorise the disposal").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("authorised")
    page.reload()  # the disposal ran as a task after the page was drawn
    expect(page.get_by_role("heading", level=1)).to_have_text("Certificate of disposal")
    certificate = page.locator("main")
    expect(certificate).to_contain_text("The personal data of 1 case")
    expect(certificate).to_contain_text("Olu Officer")
    expect(certificate).to_contain_text("Subject access request in progress")
    assert_accessible(page)

    # The disposed case keeps its figures but not what people wrote.
    page.goto(f"/staff/cases/{gone.reference}/")
    expect(page.locator("main")).to_contain_text("The personal data of this case was disposed of")
    expect(page.locator("main")).not_to_contain_text("Pat Parent says nobody called about Sam")
    assert_accessible(page)
    page.goto(f"/staff/cases/{kept.reference}/")
    expect(page.locator("main")).to_contain_text("Pat Parent says nobody called about Sam")
