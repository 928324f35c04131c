"""The public form in a real browser: each kind of feedback end to end, both versions, with and
without JavaScript, and axe-core on every page (no violations at all, errors included)."""

import importlib
import re

import pytest
from django.apps import apps

from heard.cases.models import Case
from heard.cases.services import reference_data_load
from heard.casework.models import Document as Attachment
from heard.core.testing.browser import assert_accessible
from heard.intake.tests.files import PNG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def council_data(settings):
    """A transactional test starts from empty tables: put back the service areas and procedures."""
    settings.INTAKE_RATE_LIMIT = "off"
    reference_data_load()
    importlib.import_module("heard.procedures.migrations.0002_shipped_rule_sets").ship(apps, None)


class Journey:
    """A person going through the form; every page they see is checked with axe-core."""

    def __init__(self, page, *, checker=None) -> None:
        self.page = page
        self.javascript = checker is None
        self.checker = checker
        self.pages: list[str] = []

    def seen(self) -> None:
        self.pages.append(self.page.url)
        if self.javascript:
            assert_accessible(self.page, impacts=None)
        else:
            self.check_as_rendered_without_javascript()

    def check_as_rendered_without_javascript(self) -> None:
        """axe-core needs JavaScript to run, so the page as this script-less browser rendered it is
        served, scripts removed, to a second browser that runs axe on it."""
        html = re.sub(r"<script\b.*?</script>", "", self.page.content(), flags=re.DOTALL)
        url = self.page.url.split("#")[0]

        def is_this_page(address: str) -> bool:
            return address == url

        def serve(route) -> None:
            route.fulfill(status=200, body=html, content_type="text/html; charset=utf-8")

        self.checker.route(is_this_page, serve)
        self.checker.goto(url)
        assert "js-enabled" not in (self.checker.locator("body").get_attribute("class") or "")
        assert_accessible(self.checker, impacts=None)
        self.checker.unroute(is_this_page, serve)

    def heading(self, text: str) -> None:
        assert self.page.locator("h1").first.inner_text().strip() == text

    def choose(self, label: str) -> None:
        self.page.get_by_label(label, exact=True).check()

    def fill(self, label: str, value: str) -> None:
        self.page.get_by_label(label, exact=True).fill(value)

    def go_on(self, button: str = "Continue") -> None:
        self.page.get_by_role("button", name=button).click()
        self.page.wait_for_load_state()
        self.seen()

    def expect_error(self, message: str) -> None:
        """The error summary is at the top, lists the message and (with JavaScript) has focus."""
        assert self.page.title().startswith("Error: ")
        summary = self.page.locator(".govuk-error-summary")
        assert message in summary.inner_text()
        if self.javascript:
            assert self.page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
        summary.get_by_role("link", name=message).click()


def adult_journey(journey: Journey, *, kind: str, relationship: str, with_file: bool = False) -> None:
    page = journey.page
    page.goto("/")
    journey.seen()
    page.get_by_role("button", name="Start now").click()
    journey.seen()
    page.get_by_role("button", name="Start now").click()
    journey.seen()
    journey.heading("What would you like to do?")
    journey.go_on()
    journey.expect_error("Select whether you want to make a complaint, give a compliment or make a comment")
    journey.seen()
    journey.choose(kind)
    journey.go_on()
    journey.heading("Who are you?")
    journey.choose(relationship)
    journey.go_on()
    # Only a complaint made on a child's behalf asks about the child (a parent's, here).
    acting_for_child = kind == "Make a complaint" and "parent or carer" in relationship
    if acting_for_child:
        journey.heading("Does the child or young person know you are contacting us, and agree?")
        journey.choose("Yes, they know and agree")
        journey.go_on()
        journey.heading("About the child or young person")
        journey.fill("Their full name", "Sam Jones")
        journey.fill("Day", "31")
        journey.fill("Month", "2")
        journey.fill("Year", "2014")
        journey.go_on()
        journey.expect_error("Date of birth must be a real date")
        journey.fill("Day", "3")
        journey.fill("Month", "4")
        journey.go_on()
    journey.heading("Which service is your feedback about?")
    journey.choose("Social workers, child protection, children in care, fostering and adoption")
    journey.go_on()
    journey.fill(
        page.locator("h1 label").inner_text().strip(), "The new social worker was kind and listened."
    )
    journey.go_on()
    journey.fill(page.locator("h1 label").inner_text().strip(), "October 2026")
    journey.go_on()
    if kind == "Make a complaint":
        journey.heading("What would put things right?")
        journey.fill("What would put things right?", "An apology.")
        journey.go_on()
    if acting_for_child:
        journey.heading("Would the child or young person like an advocate?")
        journey.choose("Yes")
        journey.go_on()
    journey.heading("Your contact details")
    journey.fill("Full name", "Alex Jones")
    journey.fill("Email address", "alex@example")
    journey.go_on()
    journey.expect_error("Enter an email address in the correct format, like name@example.com")
    journey.fill("Email address", "alex@example.com")
    journey.go_on()
    journey.heading("Add documents or photos (optional)")
    if with_file:
        page.set_input_files(
            "#id_files", {"name": "program.pdf", "mimeType": "application/pdf", "buffer": b"MZ" + b"\0" * 64}
        )
        journey.go_on("Add file")
        journey.expect_error("program.pdf is not a type of file we can accept")
        page.set_input_files("#id_files", {"name": "photo.png", "mimeType": "image/png", "buffer": PNG})
        journey.go_on("Add file")
        assert "photo.png" in page.locator(".govuk-summary-list").inner_text()
    journey.go_on()
    journey.heading("Check your answers before sending your feedback")
    page.get_by_role("link", name="Change when it happened").click()
    journey.seen()
    journey.fill(
        "When did it happen?" if kind == "Make a complaint" else "When did it happen? (optional)",
        "November 2026",
    )
    journey.go_on()
    journey.heading("Check your answers before sending your feedback")
    assert "November 2026" in page.locator(".govuk-summary-list").inner_text()
    journey.go_on("Send feedback")
    journey.heading("Feedback sent")


@pytest.mark.parametrize(
    ("kind", "relationship", "with_file", "stored_kind"),
    [
        ("Make a complaint", "I am a parent or carer of the child or young person", True, "complaint"),
        ("Give a compliment", "I am the child or young person it is about", False, "compliment"),
        (
            "Make a comment or suggestion",
            "I am a professional, such as a teacher, doctor or social worker",
            False,
            "comment",
        ),
    ],
)
def test_each_kind_of_feedback_end_to_end_with_no_accessibility_failures(
    page, kind, relationship, with_file, stored_kind
):
    journey = Journey(page)
    adult_journey(journey, kind=kind, relationship=relationship, with_file=with_file)
    case = Case.objects.get()
    assert case.kind == stored_kind
    assert case.channel == "web"
    assert page.locator("#reference").inner_text() == case.reference
    assert Attachment.objects.filter(case=case).count() == (1 if with_file else 0)


def test_the_form_works_without_javascript(page_without_js, page):
    journey = Journey(page_without_js, checker=page)
    adult_journey(
        journey,
        kind="Make a complaint",
        relationship="I am a parent or carer of the child or young person",
        with_file=True,
    )
    case = Case.objects.get()
    assert case.procedure == "statutory"
    assert case.people.get().name == "Sam Jones"
    assert page_without_js.locator("#reference").inner_text() == case.reference


def test_a_professional_sends_a_comment_without_child_questions_and_sees_the_character_count(page, tmp_path):
    journey = Journey(page)
    page.goto("/feedback/what-kind/")
    journey.seen()
    journey.choose("Make a comment or suggestion")
    journey.go_on()
    journey.choose("I am a professional, such as a teacher, doctor or social worker")
    journey.go_on()
    journey.heading("Which service is your feedback about?")
    journey.choose("Social workers, child protection, children in care, fostering and adoption")
    journey.go_on()
    journey.heading("What is your comment?")
    count = page.locator(".govuk-character-count__status")
    assert count.is_visible()
    assert count.inner_text().strip() == "You have 10,000 characters remaining"
    journey.fill("What is your comment?", "Reviews could be shared with schools sooner.")
    page.wait_for_function(
        "document.querySelector('.govuk-character-count__status').innerText.includes('9,956')"
    )
    assert count.inner_text().strip() == "You have 9,956 characters remaining"
    page.screenshot(path=tmp_path / "comment.png", full_page=True)  # to look at when it fails
    assert_accessible(page, impacts=None)
    journey.go_on()
    journey.heading("When did it happen? (optional)")
    journey.go_on()
    journey.heading("Your contact details")
    journey.fill("Full name", "Dr Priya Shah")
    journey.fill("Email address", "priya.shah@example.org")
    journey.go_on()
    journey.heading("Add documents or photos (optional)")
    journey.go_on()
    journey.heading("Check your answers before sending your feedback")
    summary = page.locator(".govuk-summary-list").inner_text()
    assert "I am a professional" in summary
    assert "child or young person agree" not in summary and "Their date of birth" not in summary
    journey.go_on("Send feedback")
    journey.heading("Feedback sent")
    asked = [url.rstrip("/").rsplit("/", 1)[-1] for url in journey.pages]
    assert not {"their-agreement", "about-the-child", "advocate", "for-a-child"} & set(asked)
    case = Case.objects.get()
    assert (case.kind, case.relationship, case.on_behalf_of_child, case.consent) == (
        "comment",
        "professional",
        False,
        "not_required",
    )
    assert not case.people.exists()


def young_journey(journey: Journey, *, kind: str) -> None:
    page = journey.page
    page.goto("/feedback/young-people/")
    journey.seen()
    page.get_by_role("button", name="Start").click()
    journey.seen()
    journey.heading("What do you want to tell us?")
    journey.choose(kind)
    journey.go_on()
    journey.heading("Who is it about?")
    journey.choose("Social workers, child protection, children in care, fostering and adoption")
    journey.go_on()
    journey.go_on()
    journey.expect_error(
        {"Something is wrong and I want it sorted out": "Tell us what happened"}.get(
            kind, "Tell us what was good"
        )
    )
    page.locator("textarea").fill("My social worker changed again and nobody told me.")
    journey.go_on()
    journey.heading("When did it happen?")
    journey.go_on()
    if kind == "Something is wrong and I want it sorted out":
        journey.heading("What would make it better?")
        journey.fill("What would make it better?", "Keep the same social worker.")
        journey.go_on()
    journey.heading("Would you like an advocate to help you?")
    journey.choose("Yes")
    journey.go_on()
    journey.heading("How can we get back to you?")
    journey.fill("Your name", "Jamie")
    journey.fill("How old are you? (optional)", "11")
    journey.fill("Phone number (optional)", "07700 900982")
    journey.go_on()
    journey.heading("Do you want to add any files or photos?")
    journey.go_on()
    journey.heading("Check your message before you send it")
    journey.go_on("Send my message")
    journey.heading("Thank you, we have your message")


@pytest.mark.parametrize(
    ("kind", "stored_kind"),
    [
        ("Something is wrong and I want it sorted out", "complaint"),
        ("Something was good and I want to say thank you", "compliment"),
    ],
)
def test_a_child_gives_feedback_in_their_own_version_with_no_accessibility_failures(page, kind, stored_kind):
    young_journey(Journey(page), kind=kind)
    case = Case.objects.get()
    assert case.kind == stored_kind
    assert case.made_by_child
    assert case.advocate_requested
    assert page.locator("#reference").inner_text() == case.reference


def test_the_young_peoples_form_works_without_javascript(page_without_js, page):
    young_journey(Journey(page_without_js, checker=page), kind="Something is wrong and I want it sorted out")
    assert Case.objects.get().made_by_child


def test_pressing_send_twice_makes_one_case(page):
    journey = Journey(page)
    page.goto("/feedback/young-people/what-kind/")
    for choice in [
        "Something was good and I want to say thank you",
        "Family support and early help services",
    ]:
        journey.choose(choice)
        page.get_by_role("button", name="Continue").click()
    page.locator("textarea").fill("Thank you to the family hub.")
    for _ in range(2):
        page.get_by_role("button", name="Continue").click()
    journey.choose("No")
    for _ in range(3):
        page.get_by_role("button", name="Continue").click()
    send = page.get_by_role("button", name="Send my message")
    send.dblclick()
    page.wait_for_url("**/confirmation/")
    page.go_back()
    page.wait_for_load_state()
    if page.get_by_role("button", name="Send my message").count():
        page.get_by_role("button", name="Send my message").click()
        page.wait_for_load_state()
    assert Case.objects.count() == 1


def test_the_accessibility_statement_has_no_accessibility_failures(page):
    page.goto("/accessibility/")
    assert "Accessibility statement" in page.locator("h1").inner_text()
    assert_accessible(page, impacts=None)
