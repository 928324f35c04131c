"""The designation's life: proposed, decided, told, reviewed, ended; each on every case's timeline,
each refused with a reason when it may not happen."""

import datetime

import pytest

from heard.cases.models import CaseEvent, EventKind
from heard.cases.tests.factories import (
    CaseFactory,
    ComplaintsOfficerFactory,
    CustomerFactory,
    SeniorManagerFactory,
)
from heard.casework.models import ContactRecord
from heard.conduct import services
from heard.conduct.models import Decision, DesignationStatus, Ending, ReviewOutcome
from heard.conduct.tests.factories import InForceDesignationFactory, ProposedDesignationFactory
from heard.core.errors import RuleBroken
from heard.notifications.models import Message, MessageKind

TODAY = datetime.date(2025, 6, 9)
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime.datetime(2025, 6, 9, 10, 0, tzinfo=datetime.UTC), tick=False),
]


@pytest.fixture
def person_cases():
    customer = CustomerFactory(name="Pat Persistent", email="pat@example.com")
    return [CaseFactory(customer=customer), CaseFactory(customer=customer)]


def events(case, kind):
    return list(CaseEvent.objects.filter(case=case, kind=kind).values_list("description", flat=True))


def test_propose_records_behaviour_and_evidence_on_every_case_of_the_person(person_cases):
    first, second = person_cases
    contact = ContactRecord.objects.create(
        case=first,
        happened_at=datetime.datetime(2025, 5, 1, 9, tzinfo=datetime.UTC),
        channel="phone",
        direction="in",
        with_whom="Pat",
        summary="Twelfth call this week about the closed complaint",
    )
    officer = ComplaintsOfficerFactory()
    designation = services.designation_propose(
        case=first,
        behaviours=["excessive_contact"],
        details="Twelve calls a week",
        evidence_cases=[first],
        evidence_contacts=[contact],
        actor=officer,
    )
    assert designation.status == DesignationStatus.PROPOSED
    assert list(designation.evidence_contacts.all()) == [contact]
    for case in person_cases:
        assert events(case, EventKind.DESIGNATION_PROPOSED) == [
            "Unreasonable behaviour designation proposed, for a senior manager to decide: "
            "Contact so frequent or long that it hinders the handling of their or others' complaints"
        ]


def test_propose_refuses_missing_behaviour_foreign_evidence_and_a_second_designation(person_cases):
    first, _ = person_cases
    officer = ComplaintsOfficerFactory()
    with pytest.raises(RuleBroken, match="Choose the behaviour seen") as refused:
        services.designation_propose(
            case=first, behaviours=[], details="x", evidence_cases=[first], actor=officer
        )
    assert refused.value.field == "behaviours"
    stranger = CaseFactory()
    with pytest.raises(RuleBroken, match="Evidence must be cases of this person"):
        services.designation_propose(
            case=first, behaviours=["abusive"], details="x", evidence_cases=[stranger], actor=officer
        )
    services.designation_propose(
        case=first, behaviours=["abusive"], details="Shouting", evidence_cases=[first], actor=officer
    )
    with pytest.raises(RuleBroken, match="already has a designation proposed"):
        services.designation_propose(
            case=first, behaviours=["abusive"], details="Again", evidence_cases=[first], actor=officer
        )


def test_propose_refused_for_anonymous_feedback():
    case = CaseFactory(customer=None)
    assert services.designation_propose_refusal(case) == (
        "The case has no complainant recorded: there is nobody to designate."
    )


def test_agree_records_restrictions_and_review_date(person_cases):
    designation = ProposedDesignationFactory(customer=person_cases[0].customer)
    senior, contact = SeniorManagerFactory(), ComplaintsOfficerFactory(first_name="Cara", last_name="Contact")
    services.designation_decide(
        designation=designation,
        decision=Decision.AGREED,
        reasons="Calls stop the team's other work",
        today=TODAY,
        actor=senior,
        contact_person=contact,
        channels=["email", "letter"],
        contact_frequency="One email a week",
        topics_closed="The 2024 complaint about contact visits",
        restrictions=["witness"],
        review_due_on=datetime.date(2025, 12, 9),
    )
    designation.refresh_from_db()
    assert designation.in_force and designation.decided_by == senior
    assert designation.what_applies == [
        "All contact goes through Cara Contact",
        "Contact only by email or letter",
        "How often: One email a week",
        "Matters closed, not discussed further: The 2024 complaint about contact visits",
        "Meetings only with a second member of staff present",
    ]
    assert (
        "agreed, to be reviewed by 9 December 2025"
        in events(person_cases[1], EventKind.DESIGNATION_DECIDED)[0]
    )


def test_agree_needs_a_restriction_and_a_future_review_date(person_cases):
    designation = ProposedDesignationFactory(customer=person_cases[0].customer)
    senior = SeniorManagerFactory()
    with pytest.raises(RuleBroken, match="Choose at least one restriction"):
        services.designation_decide(
            designation=designation,
            decision=Decision.AGREED,
            reasons="r",
            today=TODAY,
            actor=senior,
            review_due_on=datetime.date(2025, 12, 9),
        )
    with pytest.raises(RuleBroken, match="The review date must be in the future") as refused:
        services.designation_decide(
            designation=designation,
            decision=Decision.AGREED,
            reasons="r",
            today=TODAY,
            actor=senior,
            channels=["letter"],
            review_due_on=TODAY,
        )
    assert refused.value.field == "review_due_on"


def test_decline_with_reasons_lets_a_new_proposal_be_made(person_cases):
    designation = ProposedDesignationFactory(customer=person_cases[0].customer)
    services.designation_decide(
        designation=designation,
        decision=Decision.DECLINED,
        reasons="A warning first",
        today=TODAY,
        actor=SeniorManagerFactory(),
    )
    assert designation.status == DesignationStatus.DECLINED
    assert events(person_cases[0], EventKind.DESIGNATION_DECIDED) == [
        "Unreasonable behaviour designation declined: A warning first"
    ]
    assert services.designation_propose_refusal(person_cases[0]) == ""
    with pytest.raises(RuleBroken, match="already decided"):
        services.designation_decide(
            designation=designation, decision="agreed", reasons="r", today=TODAY, actor=SeniorManagerFactory()
        )


def test_tell_by_email_queues_the_letter_from_the_template_once(person_cases):
    designation = InForceDesignationFactory(customer=person_cases[0].customer)
    services.designation_tell(designation=designation, today=TODAY, actor=ComplaintsOfficerFactory())
    message = Message.objects.get(kind=MessageKind.DESIGNATION_LETTER)
    assert message.to == "pat@example.com"
    assert message.subject == "How we will deal with your contact with us"
    assert "Dear Pat Persistent" in message.body
    assert "- Contact only by email" in message.body
    assert "considered on its merits" in message.body
    assert "by 9 December 2025" in message.body
    assert designation.told_on == TODAY and not designation.told_by_post
    with pytest.raises(RuleBroken, match="The person was told on 9 June 2025"):
        services.designation_tell(designation=designation, today=TODAY, actor=ComplaintsOfficerFactory())


def test_tell_without_email_records_the_letter_as_posted(person_cases):
    customer = person_cases[0].customer
    customer.email = ""
    customer.save()
    designation = InForceDesignationFactory(customer=customer)
    services.designation_tell(designation=designation, today=TODAY, actor=ComplaintsOfficerFactory())
    assert designation.told_by_post and designation.told_on == TODAY
    assert not Message.objects.filter(kind=MessageKind.DESIGNATION_LETTER).exists()
    assert events(person_cases[1], EventKind.LETTER_SENT) == ["Letter about the designation sent by post"]


def test_review_renews_with_a_new_date_or_ends(person_cases):
    designation = InForceDesignationFactory(customer=person_cases[0].customer)
    senior = SeniorManagerFactory()
    review = services.designation_review(
        designation=designation,
        outcome=ReviewOutcome.RENEWED,
        reasons="Still calling daily",
        next_review_on=datetime.date(2026, 6, 9),
        today=datetime.date(2025, 12, 9),
        actor=senior,
    )
    assert review.due_on == datetime.date(2025, 12, 9)
    assert designation.review_due_on == datetime.date(2026, 6, 9) and designation.in_force
    with pytest.raises(RuleBroken, match="Enter the next review date"):
        services.designation_review(
            designation=designation, outcome="renewed", reasons="r", today=TODAY, actor=senior
        )
    services.designation_review(
        designation=designation,
        outcome=ReviewOutcome.ENDED,
        reasons="Contact is now reasonable",
        today=datetime.date(2026, 6, 9),
        actor=senior,
    )
    assert designation.status == DesignationStatus.ENDED and designation.ended_how == Ending.AT_REVIEW
    assert events(person_cases[1], EventKind.DESIGNATION_ENDED) == [
        "Unreasonable behaviour designation ended at review: Contact is now reasonable"
    ]


def test_end_early_and_then_nothing_more(person_cases):
    designation = InForceDesignationFactory(customer=person_cases[0].customer)
    ended = datetime.date(2025, 7, 1)
    services.designation_end(
        designation=designation, reasons="Apologised", today=ended, actor=SeniorManagerFactory()
    )
    assert designation.ended_how == Ending.EARLY and designation.ended_on == ended
    assert not designation.in_force_on(ended) and designation.in_force_on(ended - datetime.timedelta(days=1))
    with pytest.raises(RuleBroken, match="ended, not in force"):
        services.designation_end(
            designation=designation, reasons="x", today=TODAY, actor=SeniorManagerFactory()
        )


def test_default_review_date_is_six_months_on_a_working_day():
    assert services.default_review_date(datetime.date(2025, 6, 9)) == datetime.date(2025, 12, 9)
    # 31 August 2025 + 6 months is 28 February 2026, a Saturday: the next working day.
    assert services.default_review_date(datetime.date(2025, 8, 31)) == datetime.date(2026, 3, 2)
