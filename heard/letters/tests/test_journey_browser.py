"""An investigator drafts a stage 1 response; the feedback team returns it with a comment; it is
corrected, approved and sent; and the stage is closed with it. In a real browser, with axe-core on
every page."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from heard.cases.models import CasePerson, PersonRole
from heard.cases.tests.factories import (
    CaseFactory,
    ComplaintsOfficerFactory,
    CustomerFactory,
    InvestigatingManagerFactory,
    OpenInvestigationFactory,
    TeamFactory,
)
from heard.core.testing.browser import assert_accessible, sign_in
from heard.letters.models import Letter, LetterStatus
from heard.notifications.models import Message, MessageKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

APOLOGY = "An apology is given where fault was found"


@pytest.fixture
def officer_page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_draft_return_correct_approve_send_and_close_the_stage(page, officer_page):
    team = TeamFactory(name="Looked After Children Team")
    mina = InvestigatingManagerFactory(username="mina", first_name="Mina", last_name="Manager", team=team)
    ComplaintsOfficerFactory(username="olu", first_name="Olu", last_name="Officer")
    customer = CustomerFactory(
        name="Alex Parent", email="alex@example.com", address="1 High Street\nExampletown"
    )
    case = CaseFactory(team=team, customer=customer, summary="Missed contact visits")
    CasePerson.objects.create(case=case, name="Sam Parent", role=PersonRole.CHILD)
    OpenInvestigationFactory(
        case=case,
        team=team,
        investigator=mina,
        investigator_name="Mina Manager",
        findings="The visits on 3 and 10 May were cancelled without telling you.",
    )

    # The investigator drafts the stage 1 response from the template.
    sign_in(page, "mina", next_url=f"/staff/cases/{case.reference}/")
    page.get_by_role("link", name="Draft a letter for stage 1").click()
    assert_accessible(page)
    expect(page.get_by_label("Stage 1 response")).to_be_checked()
    page.get_by_role("button", name="Draft the letter").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Stage 1 response drafted")
    letter_text = page.get_by_label("The letter")
    expect(letter_text).to_contain_text("Dear Alex Parent,")
    expect(letter_text).to_contain_text("The visits on 3 and 10 May were cancelled without telling you.")
    assert_accessible(page)

    # The merged text is theirs to change.
    page.get_by_role("button", name="Correct the letter").click()
    body = page.get_by_label("The letter")
    text = body.input_value().replace(
        "[Set out each point of the complaint, as you agreed it with the complainant.]",
        "You said that two contact visits with Sam were cancelled.",
    )
    body.fill(re.sub(r"\[[^\]]+\]", "We should have told you in good time.", text))
    assert_accessible(page)
    page.get_by_role("button", name="Save the letter").click()
    expect(page.get_by_label("The letter")).to_contain_text("two contact visits with Sam were cancelled")
    page.get_by_role("button", name="Send for quality check").click()
    page.get_by_role("button", name="Send for quality check").click()
    expect(page.locator("h1")).to_contain_text("Waiting for quality check")

    # The feedback team finds it waiting, and returns it with a comment against the checklist.
    sign_in(officer_page, "olu", next_url="/staff/letters/")
    expect(officer_page.get_by_role("table", name="Waiting for quality check")).to_contain_text(
        case.reference
    )
    assert_accessible(officer_page)
    officer_page.get_by_role("link", name=re.compile(f"^{case.reference}.*Stage 1 response")).click()
    officer_page.get_by_role("button", name="Check the letter").click()
    assert_accessible(officer_page)
    officer_page.get_by_role("button", name="Save the check").click()
    expect(officer_page.locator(".govuk-error-summary")).to_contain_text(
        "Choose whether to approve the letter"
    )
    assert_accessible(officer_page)
    for group in officer_page.get_by_role("group").all():
        name = group.locator("legend").inner_text()
        if name == "Your decision":
            continue
        group.get_by_label("Not met" if name.startswith(APOLOGY) else "Met", exact=True).check()
    officer_page.get_by_label(f"Comment on “{APOLOGY}” (optional)").fill(
        "Say sorry that the visits were missed."
    )
    officer_page.get_by_label("Return it for correction").check()
    officer_page.get_by_role("button", name="Save the check").click()
    expect(officer_page.locator(".govuk-notification-banner")).to_contain_text(
        "Letter returned to its drafter"
    )

    # The drafter sees why, corrects it and sends it back.
    page.reload()
    expect(page.locator(".govuk-warning-text")).to_contain_text("Returned at quality check")
    expect(page.locator("main")).to_contain_text("Say sorry that the visits were missed.")
    assert_accessible(page)
    page.get_by_role("button", name="Correct the letter").click()
    body = page.get_by_label("The letter")
    body.fill(body.input_value() + "\n\nI am sorry that the visits were cancelled without warning.")
    page.get_by_role("button", name="Save the letter").click()
    page.get_by_role("button", name="Send for quality check").click()
    page.get_by_role("button", name="Send for quality check").click()

    # Approved this time; then sent by email.
    officer_page.goto(f"/staff/cases/{case.reference}/")
    officer_page.get_by_role("link", name=re.compile("Check the letter.*Stage 1 response")).click()
    for group in officer_page.get_by_role("group").all():
        if group.locator("legend").inner_text() != "Your decision":
            group.get_by_label("Met", exact=True).check()
    officer_page.get_by_label("Approve it").check()
    officer_page.get_by_role("button", name="Save the check").click()
    expect(officer_page.locator(".govuk-notification-banner")).to_contain_text("Letter approved")
    expect(officer_page.get_by_role("table", name=re.compile("Checklist of"))).to_have_count(
        2
    )  # both checks kept
    officer_page.get_by_role("button", name="Send the letter").click()
    officer_page.get_by_label(re.compile("By email to alex@example.com")).check()
    officer_page.get_by_role("button", name="Continue").click()
    expect(officer_page.locator("main")).to_contain_text("It is emailed to alex@example.com")
    assert_accessible(officer_page)
    officer_page.get_by_role("button", name="Confirm: send the letter").click()
    expect(officer_page.locator(".govuk-notification-banner")).to_contain_text("Letter emailed")
    expect(officer_page.locator("h1")).to_contain_text("Sent")
    with officer_page.expect_download() as download:
        officer_page.get_by_role("link", name="Download the letter as PDF").click()
    assert download.value.suggested_filename == f"{case.reference}-stage-1-response.pdf"

    # The investigator records the outcome, closing the stage with the letter that answered it.
    page.goto(f"/staff/cases/{case.reference}/")
    page.get_by_role("link", name="Record outcome of stage 1").click()
    assert_accessible(page)
    expect(page.get_by_label("Which letter answered this stage?")).to_have_value(str(Letter.objects.get().pk))
    page.get_by_label("Upheld", exact=True).check()
    page.get_by_role("button", name="Record outcome").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "answered by the stage 1 response letter"
    )
    letters = page.locator("#letters + table")
    expect(letters).to_contain_text("Sent")
    expect(letters).to_contain_text("Answered stage 1")
    timeline = page.locator("main")
    for said in ("Letter drafted", "Letter returned at quality check", "Letter approved", "Letter sent"):
        expect(timeline).to_contain_text(said)
    assert_accessible(page)

    letter = Letter.objects.get()
    assert letter.status == LetterStatus.SENT and letter.answers is not None
    assert letter.answers.closed_on == timezone.localdate()  # the form's date, left as today
    assert Message.objects.filter(kind=MessageKind.LETTER, to="alex@example.com").exists()
