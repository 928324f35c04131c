"""Drafting, quality checking, sending and closing a stage with its letter, through the services."""

import datetime
import io
import re
import subprocess

import docx
import pytest
import time_machine
from django.core import mail

from heard.cases import services as case_services
from heard.cases.models import CaseEvent, EventKind, Outcome
from heard.casework.models import Document, DocumentKind
from heard.core.errors import RuleBroken
from heard.letters import selectors, services
from heard.letters.documents import letter_docx, letter_pdf, page_of
from heard.letters.models import (
    CheckDecision,
    LetterKind,
    LetterSettings,
    LetterStatus,
    QualityCheck,
    SentBy,
)
from heard.letters.tests.conftest import finished
from heard.notifications.models import Message, MessageKind, MessageStatus

pytestmark = pytest.mark.django_db

MONDAY = datetime.datetime(2025, 6, 9, 10, tzinfo=datetime.UTC)  # a week after the complaint arrived
WEDNESDAY = datetime.datetime(2025, 6, 11, 15, tzinfo=datetime.UTC)
FRIDAY = datetime.datetime(2025, 6, 13, 11, tzinfo=datetime.UTC)


def answers(*, unmet: dict[str, str] | None = None):
    unmet = unmet or {}
    return [
        services.Answer(point, point.text not in unmet, unmet.get(point.text, ""))
        for point in selectors.checklist()
    ]


def kinds(case):
    return list(CaseEvent.objects.filter(case=case).order_by("id").values_list("kind", flat=True))


@pytest.fixture
def drafted(stage_1, manager):
    with time_machine.travel(MONDAY, tick=False):
        letter = services.letter_draft(
            case=stage_1.case, kind=LetterKind.STAGE_1_RESPONSE, investigation=stage_1, actor=manager
        )
        return finished(letter, manager)


def test_a_draft_is_the_councils_template_filled_in_from_the_case(drafted, stage_1):
    assert drafted.status == LetterStatus.DRAFT
    assert drafted.subject == "Our response to your complaint"
    assert drafted.body.startswith(
        "Dear Alex Parent,\n\nThank you for your complaint, which we received on 2 June 2025."
    )
    assert "The contact visits on 3 and 10 May were cancelled without telling you." in drafted.body
    assert "{{" not in drafted.body
    assert kinds(stage_1.case) == [EventKind.LETTER_DRAFTED]


def test_the_templates_reminders_in_square_brackets_are_replaced_before_checking_or_sending(stage_1, manager):
    letter = services.letter_draft(
        case=stage_1.case, kind=LetterKind.STAGE_1_RESPONSE, investigation=stage_1, actor=manager
    )
    with pytest.raises(RuleBroken, match=r"reminder in square brackets, \[Set out each point"):
        services.letter_submit(letter=letter, actor=manager)
    LetterSettings.objects.filter(pk=1).update(quality_check=False)
    with pytest.raises(RuleBroken, match="replace it before it is sent"):
        services.letter_send(letter=letter, sent_by=SentBy.POST, actor=manager)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DRAFT


def test_a_response_letter_must_be_about_the_stage_it_answers(stage_1, manager):
    with pytest.raises(RuleBroken, match="answers stage 2"):
        services.letter_draft(
            case=stage_1.case, kind=LetterKind.STAGE_2_ADJUDICATION, investigation=stage_1, actor=manager
        )


def test_returned_corrected_approved_sent_by_email_with_its_pdf_kept_on_the_case(
    drafted, stage_1, manager, officer, checker, django_capture_on_commit_callbacks
):
    case = stage_1.case
    with time_machine.travel(MONDAY, tick=False):
        services.letter_submit(letter=drafted, actor=manager)
    with time_machine.travel(WEDNESDAY, tick=False):
        check = services.letter_check(
            letter=drafted,
            decision=CheckDecision.RETURNED,
            answers=answers(
                unmet={"An apology is given where fault was found": "Say sorry for the missed visits."}
            ),
            comment="",
            actor=officer,
        )
    drafted.refresh_from_db()
    assert drafted.status == LetterStatus.RETURNED
    assert [(a.point, a.met, a.comment) for a in check.answers.filter(met=False)] == [
        ("An apology is given where fault was found", False, "Say sorry for the missed visits.")
    ]
    event = CaseEvent.objects.filter(case=case, kind=EventKind.LETTER_RETURNED).get()
    assert "Say sorry for the missed visits." in event.description

    # Sending before approval is refused while quality checking is on.
    with pytest.raises(RuleBroken, match="must approve the letter"):
        services.letter_send(letter=drafted, sent_by=SentBy.POST, actor=manager)

    services.letter_edit(
        letter=drafted,
        subject=drafted.subject,
        body=drafted.body + "\n\nI am sorry that the visits were cancelled without warning.",
        actor=manager,
    )
    with time_machine.travel(WEDNESDAY + datetime.timedelta(hours=1), tick=False):
        services.letter_submit(letter=drafted, actor=manager)
    with time_machine.travel(FRIDAY, tick=False):
        services.letter_check(
            letter=drafted, decision=CheckDecision.APPROVED, answers=answers(), comment="", actor=checker
        )
    drafted.refresh_from_db()
    assert drafted.status == LetterStatus.APPROVED and drafted.approved_by == checker
    # Both checks are kept, in order.
    assert list(drafted.checks.order_by("checked_at").values_list("decision", flat=True)) == [
        "returned",
        "approved",
    ]

    with time_machine.travel(FRIDAY, tick=False), django_capture_on_commit_callbacks(execute=True):
        services.letter_send(letter=drafted, sent_by=SentBy.EMAIL, actor=officer)
    drafted.refresh_from_db()
    assert drafted.status == LetterStatus.SENT and drafted.sent_on == datetime.date(2025, 6, 13)
    document = Document.objects.get(case=case, kind=DocumentKind.LETTER_SENT)
    assert drafted.document == document
    assert document.file.name.startswith("letters/") and case.reference not in document.file.name
    pdf = document.file.read()
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Our response to your complaint" in text
    assert "Our reference: " + case.reference in text
    assert "13 June 2025" in text
    assert "I am sorry that the visits were cancelled without warning." in text
    message = Message.objects.get(kind=MessageKind.LETTER, case=case)
    assert message.to == "alex@example.com" and message.status == MessageStatus.SENT
    assert mail.outbox[-1].attachments[0][0] == document.original_name
    assert kinds(case) == [
        EventKind.LETTER_DRAFTED,
        EventKind.LETTER_SUBMITTED,
        EventKind.LETTER_RETURNED,
        EventKind.LETTER_SUBMITTED,
        EventKind.LETTER_APPROVED,
        EventKind.LETTER_SENT,
    ]
    with pytest.raises(RuleBroken, match="can no longer be changed"):
        services.letter_edit(letter=drafted, subject="x", body="y", actor=manager)


def test_the_drafter_does_not_check_their_own_letter(drafted, manager, officer):
    drafted.drafted_by = officer
    drafted.save()
    services.letter_submit(letter=drafted, actor=officer)
    with pytest.raises(RuleBroken, match="someone else in the feedback team"):
        services.letter_check(
            letter=drafted, decision=CheckDecision.APPROVED, answers=answers(), comment="", actor=officer
        )
    assert not QualityCheck.objects.exists()


def test_a_letter_is_not_approved_with_a_point_not_met_nor_returned_without_a_comment(
    drafted, manager, officer
):
    services.letter_submit(letter=drafted, actor=manager)
    unmet = answers(unmet={"It is in plain English": ""})
    with pytest.raises(RuleBroken, match="“It is in plain English” is not met"):
        services.letter_check(
            letter=drafted, decision=CheckDecision.APPROVED, answers=unmet, comment="", actor=officer
        )
    with pytest.raises(RuleBroken, match="Say what needs correcting"):
        services.letter_check(
            letter=drafted, decision=CheckDecision.RETURNED, answers=unmet, comment="", actor=officer
        )
    drafted.refresh_from_db()
    assert drafted.status == LetterStatus.SUBMITTED


def test_with_quality_checking_off_the_drafter_sends_a_draft_by_post(drafted, manager):
    LetterSettings.objects.filter(pk=1).update(quality_check=False)
    with pytest.raises(RuleBroken, match="Quality checking is off"):
        services.letter_submit(letter=drafted, actor=manager)
    with time_machine.travel(FRIDAY, tick=False):
        services.letter_send(letter=drafted, sent_by=SentBy.POST, actor=manager)
    drafted.refresh_from_db()
    assert drafted.status == LetterStatus.SENT and drafted.sent_by == SentBy.POST
    assert not Message.objects.filter(kind=MessageKind.LETTER).exists()
    assert Document.objects.filter(case=drafted.case, kind=DocumentKind.LETTER_SENT).count() == 1


def test_email_needs_an_address(drafted, manager, officer):
    drafted.case.customer.email = ""
    drafted.case.customer.save()
    LetterSettings.objects.filter(pk=1).update(quality_check=False)
    with pytest.raises(RuleBroken, match="no email address"):
        services.letter_send(letter=drafted, sent_by=SentBy.EMAIL, actor=officer)
    assert not Document.objects.exists()


def test_closing_the_stage_with_its_approved_letter_records_which_letter_answered_it(
    drafted, stage_1, manager, officer
):
    assert not selectors.letters_answering(stage_1).exists()  # a draft is not offered
    services.letter_submit(letter=drafted, actor=manager)
    services.letter_check(
        letter=drafted, decision=CheckDecision.APPROVED, answers=answers(), comment="", actor=officer
    )
    assert list(selectors.letters_answering(stage_1)) == [drafted]
    with time_machine.travel(FRIDAY, tick=False):
        services.letter_answer(letter=drafted, investigation=stage_1)
        case_services.investigation_close(
            investigation=stage_1, closed_on=datetime.date(2025, 6, 13), outcome=Outcome.UPHELD, actor=manager
        )
    drafted.refresh_from_db()
    assert drafted.answers == stage_1
    assert not selectors.letters_answering(stage_1).exists()  # it answers one stage only


def test_the_letter_as_word_and_pdf_has_the_councils_details_and_its_headings(drafted):
    on = datetime.date(2025, 6, 13)
    document = docx.Document(io.BytesIO(letter_docx(drafted, on=on)))
    text = [p.text for p in document.paragraphs]
    assert any("Our reference: " + drafted.case.reference in t for t in text)
    assert "Our response to your complaint" in text
    assert any(t.startswith("Exampleshire Council\nCounty Hall") for t in text)
    bold = [p.text for p in document.paragraphs if p.runs and all(r.bold for r in p.runs)]
    assert "What we found" in bold and "Mina Manager" not in bold
    pdf = letter_pdf(drafted, on=on)
    words = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "1 High Street" in words and "Exampletown EX1 1AA" in words
    assert re.search(r"Page 1 of \d", words)  # the footer


def test_the_ombudsman_cover_letter_is_addressed_to_the_ombudsman(stage_1, officer):
    letter = services.letter_draft(case=stage_1.case, kind=LetterKind.OMBUDSMAN_COVER, actor=officer)
    page = page_of(letter, on=datetime.date(2025, 9, 1))
    assert page.to == ["Local Government and Social Care Ombudsman", "PO Box 4771", "Coventry CV4 0EH"]
    assert "the complaint of Alex Parent, our reference " + stage_1.case.reference in letter.body


def test_a_list_in_a_letter_is_not_taken_for_a_heading():
    from heard.letters.documents import _blocks

    blocks = _blocks(
        ["- All contact goes through Olu Officer\n- Contact only by email", "What we found\nIt was late."]
    )
    assert [block.heading for block in blocks] == ["", "What we found"]
