"""Each path through the form, as a person takes it, and what it writes."""

import datetime

import pytest
import time_machine
from django.core import mail

from heard.cases.models import Case, CaseEvent, Channel, Consent, Kind, PersonRole, Relationship
from heard.intake.models import Submission
from heard.intake.tests.journeys import ADULT, YOUNG, adult_answers, submit, walk, young_answers
from heard.notifications.models import Message, MessageStatus

pytestmark = pytest.mark.django_db


COMPLAINT_FOR_A_CHILD = [
    "what-kind",
    "who-are-you",
    "their-agreement",
    "about-the-child",
    "service",
    "what-happened",
    "when",
    "put-it-right",
    "advocate",
    "contact",
    "files",
]


def test_a_parent_complains_on_a_childs_behalf(client, areas, django_capture_on_commit_callbacks):
    kind, procedure = Kind.COMPLAINT, "statutory"
    asked = walk(client, ADULT, adult_answers(areas, kind=kind))
    assert asked == COMPLAINT_FOR_A_CHILD

    response = submit(client, ADULT, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == "/feedback/confirmation/"
    case = Case.objects.get()
    assert case.kind == kind
    assert case.channel == Channel.WEB
    assert case.procedure == procedure
    assert case.service_area.name == "Children's Social Care"
    assert case.relationship == Relationship.PARENT_OR_CARER
    assert case.on_behalf_of_child
    assert case.consent == Consent.GIVEN
    assert case.advocate_requested
    assert not case.made_by_child
    assert case.details.startswith("Nobody told us the social worker had changed.")
    assert case.summary == "Nobody told us the social worker had changed."
    assert case.happened_on == "March 2026"
    assert case.desired_outcome == "An apology and a meeting with the new social worker."
    assert case.customer.name == "Alex Jones"
    assert case.customer.email == "alex@example.com"
    child = case.people.get()
    assert (child.name, child.role, child.date_of_birth) == (
        "Sam Jones",
        PersonRole.CHILD,
        datetime.date(2014, 4, 3),
    )
    assert CaseEvent.objects.filter(case=case, kind="logged").exists()
    assert Submission.objects.get().case == case

    confirmation = client.get(response["Location"])
    assert case.reference in confirmation.content.decode()
    assert Message.objects.get(case=case).status == MessageStatus.SENT
    assert len(mail.outbox) == 1
    assert case.reference in mail.outbox[0].subject
    assert mail.outbox[0].to == ["alex@example.com"]


def test_a_complaint_is_acknowledged_within_3_working_days_and_the_page_says_what_happens_next(client, areas):
    walk(client, ADULT, adult_answers(areas))
    confirmation = client.get(submit(client, ADULT)["Location"]).content.decode()
    case = Case.objects.get()
    assert case.acknowledgement_due_on is not None
    assert "within 3 working days" in confirmation
    assert "within 10 working days" in confirmation
    assert "up to 20 working days" in confirmation
    assert "Local Government and Social Care Ombudsman" in confirmation


def test_a_complaint_about_another_service_follows_the_corporate_procedure(
    client, areas, django_capture_on_commit_callbacks
):
    answers = adult_answers(areas, relationship="the_person", area="Education and SEND")
    # On a day when the corporate rule set in force is the Ombudsman's Complaint Handling Code
    # (from 1 April 2026): the page and the email give its timescales, not the statutory ones.
    with time_machine.travel(datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)):
        asked = walk(client, ADULT, answers)
        response = submit(client, ADULT, django_capture_on_commit_callbacks)
        confirmation = client.get(response["Location"]).content.decode()
    assert "within 5 working days" in confirmation
    assert "within 10 working days of acknowledging it" in confirmation
    assert "up to 20 working days from then" in confirmation
    assert "within 5 working days" in mail.outbox[0].body

    assert "their-agreement" not in asked
    assert "about-the-child" not in asked
    assert "advocate" not in asked
    case = Case.objects.get()
    assert case.procedure == "corporate"
    assert case.relationship == Relationship.THE_PERSON
    assert not case.on_behalf_of_child
    assert case.consent == Consent.NOT_REQUIRED
    assert not case.people.exists()


def test_a_council_can_choose_which_services_follow_the_statutory_procedure(client, areas, settings):
    settings.INTAKE_STATUTORY_SERVICE_AREAS = ["Children's Social Care", "Education and SEND"]
    walk(client, ADULT, adult_answers(areas, area="Education and SEND"))
    submit(client, ADULT)
    assert Case.objects.get().procedure == "statutory"


@pytest.mark.parametrize("relationship", ["relative_or_friend", "professional", "advocate"])
def test_someone_acting_for_a_child_is_asked_for_the_childs_agreement(client, areas, relationship):
    answers = adult_answers(areas, relationship=relationship)
    answers["their-agreement"] = {"consent": "pending"}
    answers["about-the-child"] = {"child_name": "Robin Lee", "dob_day": "", "dob_month": "", "dob_year": ""}
    walk(client, ADULT, answers)
    submit(client, ADULT)
    case = Case.objects.get()
    assert case.relationship == relationship
    assert case.consent == Consent.PENDING
    child = case.people.get()
    assert child.name == "Robin Lee"
    assert child.date_of_birth is None


@pytest.mark.parametrize("kind", [Kind.COMPLAINT, Kind.COMPLIMENT, Kind.COMMENT])
def test_a_child_gives_each_kind_of_feedback_in_their_own_version_of_the_form(
    client, areas, kind, django_capture_on_commit_callbacks
):
    asked = walk(client, YOUNG, young_answers(areas, kind=kind))
    response = submit(client, YOUNG, django_capture_on_commit_callbacks)

    assert "advocate" in asked, "every child and young person is offered an advocate"
    assert ("put-it-right" in asked) == (kind == Kind.COMPLAINT)
    assert response["Location"] == "/feedback/young-people/confirmation/"
    case = Case.objects.get()
    assert case.kind == kind
    assert case.made_by_child
    assert case.relationship == Relationship.THE_PERSON
    assert not case.on_behalf_of_child
    assert case.advocate_requested
    assert case.channel == Channel.WEB
    assert case.customer.name == "Jamie"
    assert case.customer.phone == "07700 900982"
    person = case.people.get()
    assert (person.name, person.role, person.notes) == ("Jamie", PersonRole.CHILD, "Age 12 when they wrote")
    page = client.get(response["Location"]).content.decode()
    assert case.reference in page
    assert "Thank you, we have your message" in page
    assert not mail.outbox, "no email address was given, so no email is sent"


def test_a_child_may_say_no_to_an_advocate_and_leave_optional_answers_blank(
    client, areas, django_capture_on_commit_callbacks
):
    answers = young_answers(areas)
    answers["when"] = {"happened_on": ""}
    answers["put-it-right"] = {"desired_outcome": ""}
    answers["advocate"] = {"advocate": "no"}
    answers["contact"] = {
        "name": "Jamie",
        "age": "",
        "email": "jamie@example.com",
        "phone": "",
        "address": "",
    }
    walk(client, YOUNG, answers)
    submit(client, YOUNG, django_capture_on_commit_callbacks)
    case = Case.objects.get()
    assert not case.advocate_requested
    assert case.happened_on == ""
    assert case.people.get().notes == ""
    assert "You asked for an advocate" not in mail.outbox[0].body
    assert "You can still ask for an advocate" in mail.outbox[0].body


@pytest.mark.parametrize("prefix", [ADULT, YOUNG])
def test_compliments_and_comments_may_be_anonymous(client, areas, prefix, django_capture_on_commit_callbacks):
    answers = (adult_answers if prefix == ADULT else young_answers)(areas, kind=Kind.COMPLIMENT)
    answers["contact"] = {"name": "", "age": "", "email": "", "phone": "", "address": ""}
    walk(client, prefix, answers)
    submit(client, prefix, django_capture_on_commit_callbacks)
    case = Case.objects.get()
    assert case.customer is None
    assert not Message.objects.exists()
    assert not mail.outbox


def test_check_your_answers_lists_every_answer_with_a_link_to_change_it(client, areas):
    walk(client, ADULT, adult_answers(areas))
    page = client.get("/feedback/check-your-answers/").content.decode()
    for answer in [
        "Complaint",
        "I am a parent or carer of the child or young person",
        "Sam Jones",
        "3 April 2014",
        "March 2026",
        "alex@example.com",
    ]:
        assert answer in page
    assert page.count(">Change<") == 15  # 14 answers and the files
    assert 'href="/feedback/about-the-child/"' in page


def test_changing_an_answer_returns_to_check_your_answers(client, areas):
    walk(client, ADULT, adult_answers(areas))
    response = client.post("/feedback/when/", {"happened_on": "Last week"})
    assert response["Location"] == "/feedback/check-your-answers/"
    assert "Last week" in client.get("/feedback/check-your-answers/").content.decode()


def test_changing_to_a_complaint_asks_the_new_question_before_checking_again(client, areas):
    walk(client, ADULT, adult_answers(areas, kind=Kind.COMMENT, relationship="member_of_public"))
    response = client.post("/feedback/what-kind/", {"kind": "complaint"})
    assert response["Location"] == "/feedback/put-it-right/"


def test_a_parents_comment_turned_into_a_complaint_asks_about_the_child_first(client, areas):
    walk(client, ADULT, adult_answers(areas, kind=Kind.COMMENT))
    response = client.post("/feedback/what-kind/", {"kind": "complaint"})
    assert response["Location"] == "/feedback/their-agreement/"
    assert client.get("/feedback/check-your-answers/")["Location"] == "/feedback/their-agreement/"


def test_a_question_cannot_be_skipped_by_going_to_a_later_page(client, areas):
    response = client.get("/feedback/contact/")
    assert response.status_code == 302
    assert response["Location"] == "/feedback/what-kind/"
    assert client.get("/feedback/check-your-answers/")["Location"] == "/feedback/what-kind/"


def test_an_unknown_page_is_not_found(client, areas):
    assert client.get("/feedback/nothing-here/").status_code == 404


def test_back_links_go_to_the_previous_question(client, areas):
    walk(client, ADULT, adult_answers(areas))
    page = client.get("/feedback/service/").content.decode()
    assert 'href="/feedback/about-the-child/" class="govuk-back-link' in page


def test_the_start_pages_point_to_each_other_and_to_the_first_question(client, db):
    adult = client.get("/feedback/").content.decode()
    young = client.get("/feedback/young-people/").content.decode()
    assert 'href="/feedback/what-kind/"' in adult
    assert 'href="/feedback/young-people/"' in adult
    assert 'href="/feedback/young-people/what-kind/"' in young


def test_the_home_page_links_to_the_form(client, db):
    assert 'href="/feedback/"' in client.get("/").content.decode()


def test_the_accessibility_statement_is_published(client, db):
    page = client.get("/accessibility/")
    assert page.status_code == 200
    assert "WCAG" in page.content.decode() or "Web Content Accessibility Guidelines" in page.content.decode()
