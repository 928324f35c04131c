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


def test_an_officer_records_a_recommendation_its_progress_and_sees_what_waits(page, year_2025):
    ComplaintsOfficerFactory(username="olu", first_name="Olu", last_name="Officer")
    sign_in(page, "olu", "/staff/reports/2024/")
    page.wait_for_url(re.compile(r"/staff/reports/2024/$"))
    page.get_by_role("link", name="Add a recommendation").click()
    assert_accessible(page)
    page.get_by_role("button", name="Add the recommendation").click()
    expect(page.get_by_role("link", name="Enter the recommendation")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Recommendation", exact=True).fill("Remind staff to pass on every compliment.")
    page.get_by_label("Short name (optional)").fill("Record compliments")
    page.get_by_label("Who owns it (optional)").select_option(label="Olu Officer")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Add the recommendation").click()
    page.get_by_role("link", name="Record compliments").click()
    assert_accessible(page)
    page.get_by_label("In progress").check()
    page.get_by_label("Progress made").fill("Reminders go out in the staff bulletin.")
    page.get_by_role("button", name="Record progress").click()
    expect(page.get_by_text("Reminders go out in the staff bulletin.")).to_be_visible()
    assert_accessible(page)
    # The next year's report page shows the progress, and what its draft still waits for.
    page.goto(page.url.split("/staff/")[0] + "/staff/reports/2025/")
    progress = page.locator("#progress")
    expect(progress.get_by_role("link", name="Record compliments")).to_be_visible()
    expect(progress).to_contain_text("Reminders go out in the staff bulletin.")
    expect(page.locator("#waiting")).to_contain_text("Section 10 needs the recommendations for 2026/27")
    assert_accessible(page)
    page.get_by_role("button", name="Publish the 2025/26 report").click()
    expect(page.get_by_text("cannot be published while sections wait for text")).to_be_visible()
    page.get_by_role("link", name="Read it here").click()
    expect(page.get_by_role("heading", name="9. Progress update")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Record compliments"))).to_contain_text("In progress")
    assert_accessible(page)
