"""People in a real browser, with axe-core on each page: two online complaints from one person
arrive on one person; an officer merges two records from the queue and undoes it."""

import importlib
import re

import pytest
from django.apps import apps
from playwright.sync_api import expect

from heard.cases.models import Case, Customer
from heard.cases.services import reference_data_load
from heard.cases.tests.factories import CaseFactory, ComplaintsOfficerFactory
from heard.core.testing.browser import assert_accessible, sign_in
from heard.people import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def council_data(settings):
    """A transactional test starts from empty tables: put back the service areas and procedures."""
    settings.INTAKE_RATE_LIMIT = "off"
    reference_data_load()
    importlib.import_module("heard.procedures.migrations.0002_shipped_rule_sets").ship(apps, None)


def complain_online(page, *, email: str, details: str) -> str:
    """A complaint through the public form by a member of the public; returns its reference."""
    page.goto("/")
    page.get_by_role("button", name="Start now").click()
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("Make a complaint", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("I am a member of the public", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Social workers, child protection, children in care, fostering and adoption").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label(page.locator("h1 label").inner_text().strip(), exact=True).fill(details)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label(page.locator("h1 label").inner_text().strip(), exact=True).fill("November 2026")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("What would put things right?", exact=True).fill("An apology.")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Full name", exact=True).fill("Robin Hart")
    page.get_by_label("Email address", exact=True).fill(email)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Send feedback").click()
    expect(page.locator("h1")).to_have_text("Feedback sent")
    return page.locator("#reference").inner_text()


def test_two_online_complaints_from_the_same_person_arrive_on_one_person(page):
    first = complain_online(page, email="Robin.Hart@Example.com", details="Nobody returned my calls.")
    second = complain_online(page, email="robin.hart@example.com", details="My letter was not answered.")
    assert Customer.objects.count() == 1
    person = Customer.objects.get()

    ComplaintsOfficerFactory(username="olu")
    sign_in(page, "olu")
    page.wait_for_url(re.compile(r"/staff/$"))
    page.goto(f"/staff/cases/{second}/")
    expect(page.get_by_text("Repeat customer")).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("Their other cases"))).to_contain_text(first)
    page.get_by_role("link", name="Everything about Robin Hart").click()
    expect(page.locator("h1")).to_have_text("Robin Hart")
    expect(page.get_by_role("table", name=re.compile("As the person who gave the feedback"))).to_contain_text(
        first
    )
    expect(page.get_by_role("table", name=re.compile("As the person who gave the feedback"))).to_contain_text(
        second
    )
    assert page.url.endswith(f"/staff/people/{person.pk}/")
    assert_accessible(page)


def test_an_officer_merges_two_records_from_the_queue_and_undoes_it(page):
    kept = services.person_for(
        name="Katherine Smith", email="kate@example.com", address="4 Elm Road, LS1 4AB"
    )
    other = services.person_for(name="Katherin Smith", email="ks@example.org", address="4 Elm Road LS1 4AB")
    kept_case = CaseFactory(customer=kept, summary="Late visits")
    moved = CaseFactory(customer=other, summary="No reply to letters")
    ComplaintsOfficerFactory(username="olu")
    sign_in(page, "olu")
    page.wait_for_url(re.compile(r"/staff/$"))

    page.get_by_role("link", name="People").click()
    expect(page.locator("h1")).to_have_text("Possible duplicates")
    expect(page.locator("table")).to_contain_text("The same postcode")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^Merge")).click()
    page.get_by_role("button", name="Merge").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the record to keep")
    assert_accessible(page)
    page.get_by_label(re.compile(rf"\({kept.customer_ref}\)")).check()
    page.get_by_role("button", name="Merge").click()
    expect(page.locator(".govuk-notification-banner, .govuk-body").first).to_be_visible()
    expect(page.locator("h1")).to_have_text("Katherine Smith")
    cases = page.get_by_role("table", name=re.compile("As the person who gave the feedback"))
    expect(cases).to_contain_text(moved.reference)
    expect(cases).to_contain_text(kept_case.reference)
    assert_accessible(page)
    assert Case.objects.get(pk=moved.pk).customer_id == kept.pk

    page.get_by_role("link", name=re.compile(r"^Undo")).click()
    expect(page.locator("h1")).to_contain_text("Undo the merge")
    assert_accessible(page)
    page.get_by_role("button", name="Undo the merge").click()
    expect(page.locator("h1")).to_have_text("Katherin Smith")
    expect(page.get_by_role("table", name=re.compile("As the person who gave the feedback"))).to_contain_text(
        moved.reference
    )
    assert Case.objects.get(pk=moved.pk).customer_id == other.pk
    page.goto(f"/staff/cases/{moved.reference}/")
    expect(page.locator("#main-content, main").first).to_contain_text("Merge of")
