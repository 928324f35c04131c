"""The reporting pages in a real browser, with axe-core on every page."""

import re

import pytest
from playwright.sync_api import expect

from heard.cases.tests.factories import ComplaintsOfficerFactory, ComplimentFactory
from heard.core.testing.browser import assert_accessible, sign_in
from heard.reporting.models import Quote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_dashboard_charts_tables_and_links(page, year_2025):
    ComplaintsOfficerFactory(username="olu")
    sign_in(page, "olu", "/staff/reports/dashboard/?year=2025")
    page.wait_for_url(re.compile(r"/staff/reports/dashboard/"))
    expect(page.get_by_role("heading", name=re.compile("Dashboard"))).to_be_visible()
    page.wait_for_load_state("networkidle")
    chart = page.get_by_role("img", name=re.compile("Chart: Feedback by month"))
    chart.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=chart.element_handle())
    assert_accessible(page)
    page.get_by_label("Period").select_option("Q1")
    page.get_by_role("button", name="Show").click()
    assert "Q1 2025/26" in page.get_by_role("heading", level=1).inner_text()
    assert_accessible(page)
    page.locator("#by_kind").get_by_role("link", name=re.compile("cases: Complaints")).click()
    page.wait_for_url(re.compile(r"/staff/cases/\?"))
    assert "kind=complaint" in page.url and "received_to=2025-06-30" in page.url


def test_an_officer_quotes_approves_and_downloads(page, year_2025):
    ComplaintsOfficerFactory(username="olu")
    compliment = ComplimentFactory(
        received_on=year_2025["cases"][0].received_on,
        team=year_2025["fostering"],
        service_area=year_2025["social_care"],
        details="Thank you Kim Lowe, the fostering team were brilliant.",
        customer__name="Kim Lowe",
    )
    sign_in(page, "olu", "/staff/reports/")
    page.wait_for_url(re.compile(r"/staff/reports/$"))
    assert_accessible(page)
    page.get_by_role("link", name="2025/26", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Choose an example compliment").click()
    assert_accessible(page)
    page.get_by_role("button", name=f"Quote {compliment.reference}").click()
    assert_accessible(page)
    assert (
        page.get_by_label("Words to quote").input_value()
        == "Thank you [name removed], the fostering team were brilliant."
    )
    page.get_by_role("button", name="Save and approve").click()
    assert Quote.objects.get().is_approved
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    assert download.value.suggested_filename.endswith("2025-26.pdf")
    # The HTML report itself: the approved quote, and nothing axe-core objects to.
    page.get_by_role("link", name="Read it here").click()
    expect(page.get_by_role("heading", name="5. Example compliments")).to_be_visible()
    assert "the fostering team were brilliant" in page.content()
    assert_accessible(page)
