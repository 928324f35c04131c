"""In a real browser, with axe-core on every staff page: a complainant's file sent through the public
form reaches the case page and downloads; an officer adds a document, records a contact and produces
the Ombudsman bundle, which then appears on the case page."""

import importlib
import os
import re

import pikepdf
import pytest
from django.apps import apps
from playwright.sync_api import expect

from heard.cases.models import Case, CasePerson, PersonRole
from heard.cases.services import reference_data_load
from heard.cases.tests.factories import CaseFactory, ComplaintsOfficerFactory, OmbudsmanReferralFactory
from heard.casework.models import Document, DocumentKind
from heard.core.testing.browser import assert_accessible, sign_in
from heard.intake.tests.files import PNG, pdf
from heard.intake.tests.test_form_browser import Journey, adult_journey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = os.environ.get("HEARD_SCREENSHOTS", "")


def shot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


@pytest.fixture(autouse=True)
def council_data(settings):
    settings.INTAKE_RATE_LIMIT = "off"
    reference_data_load()
    importlib.import_module("heard.procedures.migrations.0002_shipped_rule_sets").ship(apps, None)


def test_a_file_sent_with_a_complaint_reaches_the_case_page_and_downloads(page, chromium, live_server):
    adult_journey(
        Journey(page),
        kind="Make a complaint",
        relationship="I am a parent or carer of the child or young person",
        with_file=True,
    )
    case = Case.objects.get()
    ComplaintsOfficerFactory(username="olu", first_name="Olu", last_name="Officer")
    staff = chromium.new_context(base_url=live_server.url, accept_downloads=True).new_page()
    sign_in(staff, "olu", next_url=f"/staff/cases/{case.reference}/")
    staff.wait_for_url(re.compile(rf"/staff/cases/{case.reference}/$"))
    documents = staff.get_by_role("table", name=f"Documents on {case.reference}")
    expect(documents).to_contain_text("photo.png")
    expect(documents).to_contain_text("Sent with the feedback")
    expect(documents).to_contain_text("Alex Jones")
    assert_accessible(staff)
    shot(staff, "case-page-documents")
    with staff.expect_download() as download:
        documents.get_by_role("link", name="photo.png").click()
    assert download.value.suggested_filename == "photo.png"
    with open(download.value.path(), "rb") as handle:
        assert handle.read() == PNG


def test_an_officer_adds_papers_and_produces_the_ombudsman_bundle(chromium, live_server):
    case = CaseFactory(reference="CS-2026-00077")
    OmbudsmanReferralFactory(case=case, ombudsman_reference="26 001 234")
    CasePerson.objects.create(case=case, name="Robin Neighbour", role=PersonRole.OTHER)
    ComplaintsOfficerFactory(username="olu", first_name="Olu", last_name="Officer")
    page = chromium.new_context(base_url=live_server.url, accept_downloads=True).new_page()
    page.set_default_timeout(20_000)
    sign_in(page, "olu", next_url=f"/staff/cases/{case.reference}/")
    page.wait_for_url(re.compile(rf"/staff/cases/{case.reference}/$"))

    # A document.
    page.get_by_role("link", name=f"Add a document to {case.reference}").click()
    assert_accessible(page)
    page.get_by_role("button", name="Add the document").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the file to add to the case")
    page.set_input_files(
        "#id_file", {"name": "school-letter.pdf", "mimeType": "application/pdf", "buffer": pdf(2)}
    )
    page.get_by_label("Type of document").select_option(label="Letter or email received")
    page.get_by_label("Who sent or wrote it").fill("The head teacher")
    page.get_by_label("Description (optional)").fill("The school's account")
    shot(page, "document-add")
    page.get_by_role("button", name="Add the document").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "school-letter.pdf added to CS-2026-00077"
    )

    # A contact.
    page.get_by_role("link", name=f"Record a contact on {case.reference}").click()
    assert_accessible(page)
    page.get_by_label("Phone call").check()
    page.get_by_label("From them").check()
    page.get_by_label("With whom").fill("The complainant")
    page.get_by_label("What was said or agreed").fill("Robin Neighbour was there too. Will send photos.")
    shot(page, "contact-record")
    page.get_by_role("button", name="Record the contact").click()
    contacts = page.get_by_role("table", name=re.compile("Contacts on CS-2026-00077"))
    expect(contacts).to_contain_text("Robin Neighbour was there too.")
    expect(page.locator("#contacts")).to_contain_text("(1)")

    # The bundle, with the neighbour's name taken out.
    page.get_by_role("link", name=f"Produce the Ombudsman bundle for {case.reference}").click()
    assert_accessible(page)
    page.get_by_label("Robin Neighbour (other)").check()
    shot(page, "bundle-form")
    page.get_by_role("button", name="Produce the bundle").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Ombudsman bundle produced for CS-2026-00077"
    )
    expect(page.locator("main")).to_contain_text("Ombudsman bundles")
    expect(page.locator("main")).to_contain_text("Ombudsman bundle produced")  # on the timeline
    assert_accessible(page)
    shot(page, "case-page-bundle")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"CS-2026-00077-ombudsman-bundle-.*\.pdf")).click()
    with pikepdf.open(download.value.path()) as bundle:
        assert len(bundle.pages) == 5  # index, timeline, contact log, the school's two pages
    assert Document.objects.filter(case=case, kind=DocumentKind.OMBUDSMAN_BUNDLE).count() == 2
