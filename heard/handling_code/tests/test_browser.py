"""An officer's way through the Code report in a real browser, with axe-core on every page."""

import re

import pytest
from playwright.sync_api import expect

from heard.cases.tests.factories import ComplaintsOfficerFactory
from heard.core.testing.browser import assert_accessible, sign_in
from heard.handling_code import services
from heard.handling_code.models import CodeEdition, Requirement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_officer_assesses_a_section_records_the_response_previews_and_publishes(page, code_year):
    ComplaintsOfficerFactory(username="olu")
    edition = services.code_edition_get_or_create(year=2026)
    services.assessments_save(  # every section but the second, assessed already
        edition=edition,
        answers=[
            services.Answer(r, "complies", "Our policy.")
            for r in Requirement.objects.exclude(section__number=2)
        ],
    )
    sign_in(page, "olu", "/staff/reports/code/2026/")
    page.wait_for_url(re.compile(r"/staff/reports/code/2026/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("2026/27")
    expect(page.get_by_text("3 requirements of the Code are not assessed (2.1, 2.2 and 2.3)")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="2. Exclusions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("2. Exclusions")
    assert_accessible(page)
    page.get_by_role("group", name="Does the council comply with 2.1?").get_by_label(
        "Complies", exact=True
    ).check()
    page.get_by_label("Evidence for 2.1").fill("The policy lists its exclusions, section 4.")
    page.get_by_role("group", name="Does the council comply with 2.2?").get_by_label(
        "Partly complies"
    ).check()
    page.get_by_role("group", name="Does the council comply with 2.3?").get_by_label(
        "Complies", exact=True
    ).check()
    page.get_by_role("button", name="Save section 2").click()
    # Partly complying needs an action: the error summary links to the field.
    expect(page.get_by_role("alert")).to_contain_text("Say what the council will do to comply with 2.2")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Say what the council will do to comply with 2.2")).click()
    expect(page.get_by_label("Action to comply with 2.2")).to_be_focused()
    page.get_by_label("Action to comply with 2.2").fill("Review each refusal monthly from June 2027.")
    page.get_by_role("button", name="Save section 2").click()
    page.wait_for_url(re.compile(r"/staff/reports/code/2026/$"))
    expect(page.get_by_text("Section 2, exclusions, saved.")).to_be_visible()

    page.get_by_label("The governing body's response").fill("The Cabinet welcomed the report.")
    page.get_by_label("Day").fill("10")
    page.get_by_label("Month").fill("6")
    page.get_by_label("Year").fill("2027")
    page.get_by_role("button", name="Save the report's words").click()
    expect(page.get_by_text("The report's words were saved.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Preview the report").click()
    expect(
        page.get_by_role("heading", name="2. Self-assessment against the Complaint Handling Code")
    ).to_be_visible()
    expect(page.get_by_text("Review each refusal monthly from June 2027.")).to_be_visible()
    expect(page.get_by_text("The Cabinet welcomed the report.")).to_be_visible()
    assert_accessible(page)
    page.go_back()

    page.get_by_role("button", name="Publish the 2026/27 report").click()
    expect(page.get_by_text("The 2026/27 report is published.")).to_be_visible()
    expect(page.get_by_role("button", name="Return to draft")).to_be_visible()
    assert_accessible(page)
    assert CodeEdition.objects.get().is_published
