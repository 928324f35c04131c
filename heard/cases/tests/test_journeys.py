"""The main journeys through the staff workspace in a real browser, with axe-core on every page."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from heard.calendar.selectors import council_calendar
from heard.cases.models import Case, Status
from heard.cases.tests.factories import (
    ComplaintsOfficerFactory,
    InvestigatingManagerFactory,
    ServiceAreaFactory,
    TeamFactory,
    ThemeFactory,
)
from heard.core.testing.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct-horse-battery"


def sign_in(page, username: str, *, check=True):
    page.goto("/staff/")
    assert "Sign in" in page.title()
    if check:
        assert_accessible(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def fill_date(page, legend: str, day):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_phone_complaint_from_logging_to_stage_2(page):
    ServiceAreaFactory(name="Children's Social Care")
    team = TeamFactory(name="Looked After Children Team")
    ThemeFactory(name="Communication")
    ComplaintsOfficerFactory(username="olu", first_name="Olu", last_name="Officer")
    InvestigatingManagerFactory(username="mina", first_name="Mina", last_name="Manager", team=team)
    calendar = council_calendar()
    today = timezone.localdate()

    sign_in(page, "olu")
    page.wait_for_url(re.compile(r"/staff/$"))
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    assert_accessible(page)

    # Log a complaint taken by phone; first without a name, to see the rule it breaks.
    page.get_by_role("button", name="Log feedback").click()
    assert_accessible(page)
    page.get_by_label("Complaint", exact=True).check()
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("Statutory children's").check()
    page.get_by_label("Service area").select_option(label="Children's Social Care")
    page.get_by_label("Summary").fill("Not told about the change of social worker")
    page.get_by_label("About a looked after child").check()
    page.get_by_role("button", name="Log feedback").click()
    summary = page.locator(".govuk-error-summary")
    assert "A complaint must name the person who made it." in summary.inner_text()
    assert_accessible(page)
    summary.get_by_role("link").first.click()
    page.get_by_label("Name of the person giving the feedback").fill("Pat Parent")
    page.get_by_role("button", name="Log feedback").click()
    page.wait_for_url(re.compile(r"/staff/cases/CS-\d{4}-\d{5}/$"))
    assert "Complaint logged as" in page.locator(".govuk-notification-banner").inner_text()
    reference = Case.objects.get().reference
    assert_accessible(page)

    # Allocate it to an investigating manager.
    page.get_by_role("button", name="Allocate an investigation").click()
    page.get_by_label("Team").select_option(label="Looked After Children Team")
    page.get_by_label("Investigating manager").select_option(
        label="Mina Manager (Looked After Children Team)"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Allocate").click()
    assert "Stage 1 investigation allocated" in page.locator(".govuk-notification-banner").inner_text()
    assert "Mina Manager" in page.locator(".govuk-summary-card").inner_text()

    # Extend it, within the statutory limit.
    page.get_by_role("link", name="Extend stage 1").click()
    assert_accessible(page)
    new_due = calendar.add_working_days(today, 15)
    fill_date(page, "New due date", new_due)
    page.get_by_label("Reason for the extension").fill("Waiting for the social worker's records")
    page.get_by_role("button", name="Extend").click()
    assert "extended to" in page.locator(".govuk-notification-banner").inner_text()
    assert f"Extended to {new_due:%-d %B %Y}" in page.locator(".govuk-summary-card").inner_text()
    assert_accessible(page)

    # Close it upheld, with findings and a theme.
    page.get_by_role("link", name="Record outcome of stage 1").click()
    page.get_by_label("Upheld", exact=True).check()
    page.get_by_label("Findings").fill("The change was not explained to the family.")
    page.get_by_label("Communication").check()
    assert_accessible(page)
    page.get_by_role("button", name="Record outcome").click()
    assert "closed: upheld" in page.locator(".govuk-notification-banner").inner_text()
    assert Case.objects.get().status == Status.CLOSED

    # Record the learning.
    page.get_by_role("button", name="Record learning or an action").click()
    page.get_by_label("Learning", exact=True).check()
    page.get_by_label("Category").fill("Communication")
    page.get_by_label("Detail").fill("Tell families when their social worker changes.")
    assert_accessible(page)
    page.get_by_role("button", name="Record").click()
    assert "Learning recorded: Communication" in page.locator(".govuk-notification-banner").inner_text()

    # The complainant asks for stage 2.
    page.get_by_role("button", name="Escalate to stage 2").click()
    assert_accessible(page)
    page.get_by_role("button", name="Escalate").click()
    assert "Escalated to stage 2" in page.locator(".govuk-notification-banner").inner_text()
    assert "Stage 2" in page.locator("main").inner_text()
    assert_accessible(page)

    # The case list and the access log.
    page.get_by_role("link", name="Cases", exact=True).click()
    page.get_by_label("Search").fill(reference)
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("link", name=reference)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=reference).click()
    page.get_by_role("link", name=re.compile("access log")).click()
    assert "Viewed the case page" in page.locator("table").inner_text()
    assert_accessible(page)


def test_case_list_and_filters_work_without_javascript(page_without_js):
    # axe-core needs JavaScript, so these pages are checked with it on in the journey above.
    page = page_without_js
    ComplaintsOfficerFactory(username="olu")
    sign_in(page, "olu", check=False)
    page.get_by_role("link", name="Cases", exact=True).click()
    page.get_by_label("Looked after child").check()
    page.get_by_label("Sort by").select_option(label="Oldest received first")
    page.get_by_role("button", name="Apply filters").click()
    assert "looked_after_child=1" in page.url and "sort=oldest" in page.url
    assert "0 cases match the filters" in page.locator("main").inner_text()
