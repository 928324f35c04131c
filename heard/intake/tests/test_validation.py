"""Every validation message: what the person sees when an answer is missing or wrong, and that it
says how to put it right, at the top of the page and by the question."""

import re

import pytest
from django.utils.html import escape

from heard.cases.models import Case
from heard.intake.tests.journeys import ADULT, YOUNG, adult_answers, walk, young_answers

pytestmark = pytest.mark.django_db


def answered_up_to(client, prefix, answers, slug):
    """Answer every page before `slug`, leaving the person on it."""
    url = f"{prefix}what-kind/"
    while not url.endswith(f"/{slug}/"):
        page = url.rstrip("/").rsplit("/", 1)[-1]
        response = client.post(url, answers[page])
        assert response.status_code == 302, response.content.decode()[:2000]
        url = response["Location"]
    return url


def assert_error(response, message, field_id):
    page = response.content.decode()
    message = escape(message)
    assert response.status_code == 200
    assert re.search(r"<title>Error: ", page), "the page title starts with Error:"
    assert 'class="govuk-error-summary"' in page
    assert f'<a href="#{field_id}">{message}</a>' in page, f"summary links {message!r} to #{field_id}"
    assert f'<span class="govuk-visually-hidden">Error:</span> {message}' in page, (
        "the message is by the field"
    )
    assert f'id="{field_id}"' in page, "the link goes to a field on the page"


ADULT_CASES = [
    (
        "what-kind",
        {},
        "Select whether you want to make a complaint, give a compliment or make a comment",
        "id_kind",
    ),
    (
        "what-kind",
        {"kind": "threat"},
        "Select whether you want to make a complaint, give a compliment or make a comment",
        "id_kind",
    ),
    ("who-are-you", {}, "Select who you are", "id_relationship"),
    (
        "their-agreement",
        {},
        "Select whether the child or young person agrees to you contacting us",
        "id_consent",
    ),
    ("about-the-child", {"child_name": ""}, "Enter the child or young person's name", "id_child_name"),
    (
        "about-the-child",
        {"child_name": "x" * 201},
        "The child or young person's name must be 200 characters or less",
        "id_child_name",
    ),
    (
        "about-the-child",
        {"child_name": "Sam", "dob_day": "3", "dob_month": "", "dob_year": ""},
        "Date of birth must include a month and year",
        "id_dob_month",
    ),
    (
        "about-the-child",
        {"child_name": "Sam", "dob_day": "", "dob_month": "4", "dob_year": "2014"},
        "Date of birth must include a day",
        "id_dob_day",
    ),
    (
        "about-the-child",
        {"child_name": "Sam", "dob_day": "31", "dob_month": "2", "dob_year": "2014"},
        "Date of birth must be a real date",
        "id_dob_day",
    ),
    (
        "about-the-child",
        {"child_name": "Sam", "dob_day": "3", "dob_month": "four", "dob_year": "2014"},
        "Date of birth must be a real date",
        "id_dob_day",
    ),
    (
        "about-the-child",
        {"child_name": "Sam", "dob_day": "3", "dob_month": "4", "dob_year": "14"},
        "Year must include 4 numbers",
        "id_dob_year",
    ),
    (
        "about-the-child",
        {"child_name": "Sam", "dob_day": "3", "dob_month": "4", "dob_year": "2999"},
        "Date of birth must be today or in the past",
        "id_dob_day",
    ),
    ("service", {}, "Select the service your feedback is about", "id_service_area"),
    ("service", {"service_area": "999999"}, "Select the service your feedback is about", "id_service_area"),
    ("what-happened", {"details": "   "}, "Enter what happened", "id_details"),
    (
        "what-happened",
        {"details": "x" * 10_001},
        "What happened must be 10,000 characters or less",
        "id_details",
    ),
    ("when", {"happened_on": ""}, "Enter when it happened", "id_happened_on"),
    ("when", {"happened_on": "x" * 201}, "When it happened must be 200 characters or less", "id_happened_on"),
    ("put-it-right", {"desired_outcome": ""}, "Enter what would put things right", "id_desired_outcome"),
    (
        "put-it-right",
        {"desired_outcome": "x" * 5001},
        "What would put things right must be 5,000 characters or less",
        "id_desired_outcome",
    ),
    ("advocate", {}, "Select yes if the child or young person would like an advocate", "id_advocate"),
    (
        "contact",
        {"name": "", "email": "alex@example.com"},
        "Enter your full name so we know who to reply to",
        "id_name",
    ),
    (
        "contact",
        {"name": "Alex", "email": "", "phone": "", "address": ""},
        "Enter an email address, a phone number or a postal address so we can reply to you",
        "id_email",
    ),
    (
        "contact",
        {"name": "Alex", "email": "alex@example"},
        "Enter an email address in the correct format, like name@example.com",
        "id_email",
    ),
    (
        "contact",
        {"name": "Alex", "phone": "call me"},
        "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192",
        "id_phone",
    ),
    (
        "contact",
        {"name": "Alex", "phone": "0123"},
        "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192",
        "id_phone",
    ),
    (
        "contact",
        {"name": "x" * 201, "phone": "01632 960001"},
        "Your name must be 200 characters or less",
        "id_name",
    ),
    (
        "contact",
        {"name": "Alex", "address": "x" * 501},
        "Address must be 500 characters or less",
        "id_address",
    ),
]


@pytest.mark.parametrize(("slug", "data", "message", "field_id"), ADULT_CASES)
def test_each_adult_question_says_how_to_fix_a_wrong_answer(client, areas, slug, data, message, field_id):
    url = answered_up_to(client, ADULT, adult_answers(areas), slug)
    response = client.post(url, data)
    assert_error(response, message, field_id)


@pytest.mark.parametrize(
    ("kind", "message"),
    [("compliment", "Enter what you want to thank us for"), ("comment", "Enter your comment")],
)
def test_the_details_message_fits_the_kind_of_feedback(client, areas, kind, message):
    url = answered_up_to(client, ADULT, adult_answers(areas, kind=kind), "what-happened")
    assert_error(client.post(url, {"details": ""}), message, "id_details")


YOUNG_CASES = [
    ("what-kind", {}, "Choose what you want to tell us", "id_kind"),
    ("service", {}, "Choose who your message is about", "id_service_area"),
    ("what-happened", {"details": ""}, "Tell us what happened", "id_details"),
    ("advocate", {}, "Choose yes if you would like an advocate to help you", "id_advocate"),
    ("contact", {"name": "", "phone": "07700 900982"}, "Enter your name", "id_name"),
    (
        "contact",
        {"name": "Jamie"},
        "Enter an email address, a phone number or an address so we can tell you what happens",
        "id_email",
    ),
    (
        "contact",
        {"name": "Jamie", "phone": "07700 900982", "age": "twelve"},
        "Age must be a number, like 12",
        "id_age",
    ),
    (
        "contact",
        {"name": "Jamie", "phone": "07700 900982", "age": "40"},
        "Age must be between 1 and 25",
        "id_age",
    ),
]


@pytest.mark.parametrize(("slug", "data", "message", "field_id"), YOUNG_CASES)
def test_each_young_peoples_question_says_how_to_fix_a_wrong_answer(
    client, areas, slug, data, message, field_id
):
    url = answered_up_to(client, YOUNG, young_answers(areas), slug)
    assert_error(client.post(url, data), message, field_id)


def test_young_people_may_leave_when_and_what_would_help_blank(client, areas):
    answers = young_answers(areas)
    answers["when"] = {"happened_on": ""}
    answers["put-it-right"] = {"desired_outcome": ""}
    walk(client, YOUNG, answers)


def test_when_is_optional_for_compliments(client, areas):
    answers = adult_answers(areas, kind="compliment")
    answers["when"] = {"happened_on": ""}
    walk(client, ADULT, answers)


def test_a_wrong_answer_keeps_what_was_typed(client, areas):
    url = answered_up_to(client, ADULT, adult_answers(areas), "contact")
    page = client.post(url, {"name": "Alex Jones", "email": "not-an-email"}).content.decode()
    assert 'value="Alex Jones"' in page
    assert 'value="not-an-email"' in page


def test_nothing_is_written_until_the_answers_are_sent(client, areas):
    walk(client, ADULT, adult_answers(areas))
    assert not Case.objects.exists()
