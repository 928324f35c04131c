"""An officer answers a subject access request from a case's page, in a real browser with axe-core."""

import re
import zipfile

import pytest
from playwright.sync_api import expect

from heard.audit.models import AccessAction, CaseAccess
from heard.cases.tests.factories import CaseFactory, ComplaintsOfficerFactory, CustomerFactory
from heard.core.testing.browser import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_export_everything_held_about_a_person(page):
    ComplaintsOfficerFactory(username="olu")
    customer = CustomerFactory(name="Pat Parent", email="pat@example.com")
    case = CaseFactory(customer=customer, summary="Nobody called about Sam")
    other = CaseFactory(customer=customer, summary="The meeting was cancelled")
    sign_in(page, "olu")
    page.wait_for_url(re.compile(r"/staff/$"))

    page.goto(f"/staff/cases/{case.reference}/")
    page.get_by_role("link", name="Export everything held about this person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Everything held about Pat Parent")
    expect(page.locator("table")).to_contain_text(other.reference)
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the export (zip)").click()
    assert download.value.suggested_filename.startswith(f"subject-access-{customer.customer_ref}-")
    archive = zipfile.ZipFile(download.value.path())
    index = archive.read("index.html").decode()
    assert "What we hold about Pat Parent" in index
    assert "Nobody called about Sam" in index and "The meeting was cancelled" in index
    assert CaseAccess.objects.filter(action=AccessAction.EXPORTED).count() == 2
