"""The questions fit the person and the kind of feedback: only a complaint made on a child's behalf
asks about the child, their agreement and an advocate; and the answers land on the case."""

import pytest

from heard.cases.models import Case, Consent, Kind, Relationship
from heard.intake.tests.journeys import ADULT, adult_answers, submit, walk

pytestmark = pytest.mark.django_db

CHILD_QUESTIONS = {"their-agreement", "about-the-child"}
COMMON = ["what-kind", "who-are-you", "service", "what-happened", "when"]


def expected_pages(kind: str, *, asked_if_for_a_child: bool, for_child: bool, advocate: bool) -> list[str]:
    pages = ["what-kind", "who-are-you"]
    if asked_if_for_a_child:
        pages.append("for-a-child")
    if for_child:
        pages += ["their-agreement", "about-the-child"]
    pages += ["service", "what-happened", "when"]
    if kind == Kind.COMPLAINT:
        pages.append("put-it-right")
    if advocate:
        pages.append("advocate")
    return [*pages, "contact", "files"]


# (who, kind, their answer to "on behalf of a child?" or None when not asked,
#  asked about the child, offered an advocate)
CASES = [
    (Relationship.THE_PERSON, Kind.COMPLAINT, None, False, False),
    (Relationship.THE_PERSON, Kind.COMPLIMENT, None, False, False),
    (Relationship.PARENT_OR_CARER, Kind.COMPLAINT, None, True, True),
    (Relationship.PARENT_OR_CARER, Kind.COMPLIMENT, None, False, False),
    (Relationship.PARENT_OR_CARER, Kind.COMMENT, None, False, False),
    (Relationship.RELATIVE_OR_FRIEND, Kind.COMPLAINT, "yes", True, True),
    (Relationship.RELATIVE_OR_FRIEND, Kind.COMPLAINT, "no", False, False),
    (Relationship.RELATIVE_OR_FRIEND, Kind.COMMENT, None, False, False),
    (Relationship.PROFESSIONAL, Kind.COMPLAINT, "yes", True, True),
    (Relationship.PROFESSIONAL, Kind.COMPLAINT, "no", False, False),
    (Relationship.PROFESSIONAL, Kind.COMPLIMENT, None, False, False),
    (Relationship.PROFESSIONAL, Kind.COMMENT, None, False, False),
    (Relationship.ADVOCATE, Kind.COMPLAINT, None, True, False),
    (Relationship.ADVOCATE, Kind.COMMENT, None, False, False),
    (Relationship.MEMBER_OF_PUBLIC, Kind.COMPLAINT, None, False, False),
    (Relationship.MEMBER_OF_PUBLIC, Kind.COMPLIMENT, None, False, False),
    (Relationship.MEMBER_OF_PUBLIC, Kind.COMMENT, None, False, False),
]


@pytest.mark.parametrize(("who", "kind", "for_child", "about_a_child", "advocate"), CASES)
def test_each_person_is_asked_only_the_questions_that_fit(
    client, areas, who, kind, for_child, about_a_child, advocate
):
    answers = adult_answers(areas, kind=kind, relationship=who)
    if for_child:
        answers["for-a-child"] = {"for_child": for_child}
    asked = walk(client, ADULT, answers)
    assert asked == expected_pages(
        kind, asked_if_for_a_child=for_child is not None, for_child=about_a_child, advocate=advocate
    )

    submit(client, ADULT)
    case = Case.objects.get()
    assert case.relationship == who
    assert case.on_behalf_of_child == about_a_child
    assert case.made_by_child == (who == Relationship.THE_PERSON)
    assert case.consent == (Consent.GIVEN if about_a_child else Consent.NOT_REQUIRED)
    assert case.advocate_requested == advocate
    assert [person.name for person in case.people.all()] == (["Sam Jones"] if about_a_child else [])


def test_who_are_you_offers_an_answer_for_everyone(client, areas):
    client.post("/feedback/what-kind/", {"kind": "comment"})
    page = client.get("/feedback/who-are-you/").content.decode()
    for answer in [
        "I am the child or young person it is about",
        "I am a parent or carer of the child or young person",
        "I am another relative or a family friend",
        "I am a professional, such as a teacher, doctor or social worker",
        "I am an advocate for a child or young person",
        "I am a member of the public",
    ]:
        assert answer in page


def test_a_professional_must_say_whether_they_complain_for_a_child(client, areas):
    client.post("/feedback/what-kind/", {"kind": "complaint"})
    response = client.post("/feedback/who-are-you/", {"relationship": "professional"})
    assert response["Location"] == "/feedback/for-a-child/"
    page = client.post("/feedback/for-a-child/", {}).content.decode()
    assert "There is a problem" in page
    assert "Select whether you are complaining on behalf of a child or young person" in page
    assert 'href="#id_for_child"' in page


def test_the_child_questions_cannot_be_reached_for_a_professionals_comment(client, areas):
    walk(client, ADULT, adult_answers(areas, kind=Kind.COMMENT, relationship="professional"))
    assert client.get("/feedback/their-agreement/")["Location"] == "/feedback/check-your-answers/"
    page = client.get("/feedback/check-your-answers/").content.decode()
    assert "Sam Jones" not in page
    assert "Does the child or young person agree" not in page


def test_the_long_answers_count_their_characters_as_people_type(client, areas):
    walk(client, ADULT, adult_answers(areas))
    details = client.get("/feedback/what-happened/").content.decode()
    assert 'data-module="govuk-character-count" data-maxlength="10000"' in details
    assert "You can enter up to 10,000 characters" in details
    outcome = client.get("/feedback/put-it-right/").content.decode()
    assert 'data-maxlength="5000"' in outcome


def test_the_999_warning_comes_before_the_start_button(client, areas):
    for start in ("/feedback/", "/feedback/young-people/"):
        page = client.get(start).content.decode()
        assert page.index("call 999") < page.index("govuk-button--start"), start
