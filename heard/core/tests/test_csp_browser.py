"""The Content Security Policy blocks nothing Heard itself needs: in a real browser, no page
reports a violation, the inline script and style with the page's nonce run, and the charts and the
QR code load."""

import pytest

from heard.cases.tests.factories import CaseFactory, ComplaintsOfficerFactory
from heard.core.testing.browser import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


def violations(page) -> list[str]:
    return page.evaluate("window.__violations")


def images_loaded(page, selector: str) -> list[bool]:
    """Whether each image drew, once scrolled into view (the charts load lazily)."""
    images = page.locator(selector)
    loaded = []
    for index in range(images.count()):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        image.evaluate("i => i.complete || new Promise(done => { i.onload = i.onerror = done; })")
        loaded.append(image.evaluate("i => i.naturalWidth > 0"))
    return loaded


def test_no_page_breaks_the_policy(page):
    ComplaintsOfficerFactory(username="olu")
    case = CaseFactory(summary="Not told about the change of social worker")
    page.add_init_script(RECORD_VIOLATIONS)

    page.goto("/feedback/")
    assert violations(page) == []
    assert "js-enabled" in page.eval_on_selector("body", "b => b.className")
    brand = page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--heard-brand')")
    assert brand.strip() == "#1d4f91"

    sign_in(page, "olu")
    page.wait_for_url("**/staff/")
    for path in (f"/staff/cases/{case.reference}/", "/staff/cases/", "/staff/reports/dashboard/"):
        page.goto(path)
        assert violations(page) == [], path
    charts = images_loaded(page, ".heard-report-panel img")
    assert charts and all(charts)
    assert_accessible(page)

    page.goto("/staff/account/two-factor/set-up/")
    assert images_loaded(page, "img.heard-qr-code") == [True]
    assert violations(page) == []
