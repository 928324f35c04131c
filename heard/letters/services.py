"""Every change to letters: templates saved, letters drafted, corrected, sent for quality check,
checked, sent and recorded as the answer to a stage. Each step on a case goes on its timeline.

The `*_refusal` functions are the guards the workflow table (`heard.cases.workflow`) asks: "" when
the step may be taken, or why not. The services call them again before they change anything.
"""

import re
import secrets
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from heard.cases.guards import require
from heard.cases.models import Case, CaseEvent, EventKind, Investigation, Kind
from heard.casework.models import Document, DocumentKind
from heard.core.errors import RuleBroken
from heard.core.formats import long_date
from heard.letters import selectors
from heard.letters.documents import letter_pdf
from heard.letters.merge import FIELD, merge, template_errors
from heard.letters.models import (
    ANSWERS_STAGE,
    REQUIRED_FIELDS,
    CheckAnswer,
    CheckDecision,
    ChecklistPoint,
    Letter,
    LetterKind,
    LetterStatus,
    LetterTemplate,
    QualityCheck,
    SentBy,
)
from heard.notifications import jobs
from heard.notifications import services as outbox
from heard.notifications.models import MessageKind

EDITABLE = (LetterStatus.DRAFT, LetterStatus.RETURNED)
REMINDER = re.compile(r"\[[^\]\n]{3,}\]")


def _event(case: Case, kind: str, actor, description: str, **after) -> None:
    CaseEvent.objects.create(case=case, kind=kind, actor=actor, description=description, after=after)


def _named(letter: Letter) -> str:
    about = letter.investigation if letter.kind not in ANSWERS_STAGE else None  # the name says its stage
    stage = f" ({about.get_stage_display().lower()})" if about else ""
    return f"{letter.get_kind_display()}{stage}"


# --- Templates --------------------------------------------------------------------------------------


@transaction.atomic
def letter_template_save(*, template: LetterTemplate, subject: str, body: str, actor) -> LetterTemplate:
    """Save the council's wording; a merge field that does not exist is refused, saying which."""
    required = REQUIRED_FIELDS.get(template.kind, ())
    for field, messages in template_errors(subject=subject, body=body, required=required).items():
        raise RuleBroken(messages[0], field=field)
    if not subject.strip() or not body.strip():
        raise RuleBroken(
            "Write the letter's subject and its text.", field="subject" if not subject else "body"
        )
    template.subject, template.body, template.updated_by = subject.strip(), body.strip(), actor
    template.save()
    return template


# --- Guards -----------------------------------------------------------------------------------------


def letter_draft_refusal(case: Case) -> str:
    if case.kind != Kind.COMPLAINT:
        return f"Letters are written for complaints; {case.reference} is a {case.kind}."
    if case.disposed_on:
        return "The case's personal data has been disposed of: no letter can be written from it."
    return ""


def investigation_letter_draft_refusal(investigation: Investigation) -> str:
    return letter_draft_refusal(investigation.case)


def letter_edit_refusal(letter: Letter) -> str:
    if letter.status not in EDITABLE:
        return f"The letter is {letter.get_status_display().lower()}: it can no longer be changed."
    return ""


def letter_submit_refusal(letter: Letter) -> str:
    if not selectors.quality_check_on():
        return "Quality checking is off: send the letter when it is ready."
    if letter.status == LetterStatus.SUBMITTED:
        return "The letter is already waiting for its quality check."
    return letter_edit_refusal(letter)


def letter_check_refusal(letter: Letter) -> str:
    if letter.status != LetterStatus.SUBMITTED:
        return "The letter is not waiting for a quality check."
    return ""


def letter_send_refusal(letter: Letter) -> str:
    if letter.status == LetterStatus.SENT:
        return f"The letter was sent on {long_date(letter.sent_on)}."
    if letter.status == LetterStatus.APPROVED:
        return ""
    if selectors.quality_check_on():
        return "The feedback team must approve the letter at its quality check before it is sent."
    return ""


# --- Drafting and correcting ------------------------------------------------------------------------


@transaction.atomic
def letter_draft(*, case: Case, kind: str, investigation: Investigation | None = None, actor) -> Letter:
    """A new letter, its text merged from the council's template with the case's details."""
    require(letter_draft_refusal(case))
    if kind not in LetterKind.values:
        raise RuleBroken("Choose which letter to write.", field="kind")
    if investigation is not None and investigation.case_id != case.pk:
        raise RuleBroken("Choose a stage of this case.", field="investigation")
    stage = ANSWERS_STAGE.get(kind)
    if stage is not None and (investigation is None or investigation.stage != stage):
        raise RuleBroken(
            f"A {LetterKind(kind).label.lower()} answers stage {stage}: choose the stage {stage} investigation.",
            field="investigation",
        )
    template = LetterTemplate.objects.filter(kind=kind).first()
    if template is None:
        raise RuleBroken("The council has no template for this letter yet.", field="kind")
    values = selectors.merge_values(case, investigation)
    letter = Letter.objects.create(
        case=case,
        investigation=investigation,
        kind=kind,
        subject=merge(template.subject, values),
        body=merge(template.body, values),
        drafted_by=actor,
    )
    _event(case, EventKind.LETTER_DRAFTED, actor, f"{_named(letter)} drafted", letter=letter.pk)
    return letter


@transaction.atomic
def letter_edit(*, letter: Letter, subject: str, body: str, actor) -> Letter:
    require(letter_edit_refusal(letter))
    if not subject.strip():
        raise RuleBroken("Write the letter's subject.", field="subject")
    if not body.strip():
        raise RuleBroken("Write the letter.", field="body")
    if FIELD.search(body) or FIELD.search(subject):
        raise RuleBroken(
            "The letter still has a merge field in it: replace each {{ … }} with the words it stands for.",
            field="body",
        )
    letter.subject, letter.body = subject.strip(), body.strip()
    letter.save(update_fields=["subject", "body", "updated_at"])
    return letter


# --- Quality check ----------------------------------------------------------------------------------


def _require_finished(letter: Letter, before: str) -> None:
    """The template's reminders, in [square brackets], are replaced before a letter goes anywhere."""
    if found := REMINDER.search(letter.body) or REMINDER.search(letter.subject):
        raise RuleBroken(
            f"The letter still has a reminder in square brackets, {found.group(0)[:80]}: correct the "
            f"letter and replace it before {before}."
        )


@transaction.atomic
def letter_submit(*, letter: Letter, actor) -> Letter:
    require(letter_submit_refusal(letter))
    _require_finished(letter, "it is checked")
    again = letter.status == LetterStatus.RETURNED
    letter.status, letter.submitted_at = LetterStatus.SUBMITTED, timezone.now()
    letter.save(update_fields=["status", "submitted_at", "updated_at"])
    said = "sent back for quality check after correction" if again else "sent for quality check"
    _event(letter.case, EventKind.LETTER_SUBMITTED, actor, f"{_named(letter)} {said}", letter=letter.pk)
    return letter


@dataclass(frozen=True)
class Answer:
    point: ChecklistPoint
    met: bool
    comment: str = ""


@transaction.atomic
def letter_check(
    *, letter: Letter, decision: str, answers: list[Answer], comment: str, actor
) -> QualityCheck:
    """Approve the letter, or return it to its drafter with comments; the check is kept either way."""
    require(letter_check_refusal(letter))
    if decision not in CheckDecision.values:
        raise RuleBroken("Choose whether to approve the letter or return it.", field="decision")
    if letter.drafted_by_id is not None and letter.drafted_by_id == getattr(actor, "pk", None):
        raise RuleBroken("You drafted this letter: someone else in the feedback team checks it.")
    not_met = [answer for answer in answers if not answer.met]
    if decision == CheckDecision.APPROVED and not_met:
        raise RuleBroken(
            f"“{not_met[0].point.text}” is not met: return the letter for correction, or mark the point met.",
            field="decision",
        )
    said = comment.strip() or "; ".join(a.comment.strip() for a in not_met if a.comment.strip())
    if decision == CheckDecision.RETURNED and not said:
        raise RuleBroken(
            "Say what needs correcting: comment on a point not met, or overall.", field="comment"
        )
    now = timezone.now()
    submitted_at = letter.submitted_at or now
    check = QualityCheck.objects.create(
        letter=letter,
        submitted_at=submitted_at,
        checked_at=now,
        submitted_on=timezone.localdate(submitted_at),
        checked_on=timezone.localdate(now),
        checked_by=actor,
        decision=decision,
        comment=comment.strip(),
    )
    CheckAnswer.objects.bulk_create(
        CheckAnswer(check_made=check, point=a.point.text, met=a.met, comment=a.comment.strip())
        for a in answers
    )
    if decision == CheckDecision.APPROVED:
        letter.status, letter.approved_at, letter.approved_by = LetterStatus.APPROVED, now, actor
        _event(letter.case, EventKind.LETTER_APPROVED, actor, f"{_named(letter)} approved", letter=letter.pk)
    else:
        letter.status = LetterStatus.RETURNED
        _event(
            letter.case,
            EventKind.LETTER_RETURNED,
            actor,
            f"{_named(letter)} returned at quality check: {said}",
            letter=letter.pk,
        )
    letter.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
    return check


# --- Sending ----------------------------------------------------------------------------------------


def _keep_on_case(letter: Letter, pdf: bytes, actor) -> Document:
    """The PDF sent, kept on the case as a document (a random name under MEDIA_ROOT)."""
    stored = default_storage.save(f"letters/{secrets.token_hex(16)}.pdf", ContentFile(pdf))
    return Document.objects.create(
        case=letter.case,
        kind=DocumentKind.LETTER_SENT,
        file=stored,
        original_name=f"{letter.case.reference}-{letter.kind.replace('_', '-')}.pdf",
        content_type="application/pdf",
        size=len(pdf),
        description=letter.subject[:300],
        from_whom=letter.approved_by.display_name if letter.approved_by else "",
        added_at=timezone.now(),
        added_by=actor,
    )


@transaction.atomic
def letter_send(*, letter: Letter, sent_by: str, actor) -> Letter:
    """Send the letter: by email through the outbox (the PDF attached), or record it as posted. Its
    PDF is kept on the case either way."""
    require(letter_send_refusal(letter))
    _require_finished(letter, "it is sent")
    case = letter.case
    email = case.customer.email.strip() if case.customer else ""
    if sent_by not in SentBy.values:
        raise RuleBroken("Choose how the letter is sent.", field="sent_by")
    if sent_by == SentBy.EMAIL and not email:
        raise RuleBroken("There is no email address on the case: post the letter instead.", field="sent_by")
    today = timezone.localdate()
    pdf = letter_pdf(letter, on=today)
    letter.document = _keep_on_case(letter, pdf, actor)
    if sent_by == SentBy.EMAIL:
        queued = outbox.messages_queue(
            [
                outbox.NewMessage(
                    key=f"{MessageKind.LETTER}:{letter.pk}",
                    kind=MessageKind.LETTER,
                    to=email,
                    subject=f"{letter.subject} ({case.reference})",
                    body=letter.body,
                    case_id=case.pk,
                    attachment_name=letter.document.original_name,
                    attachment=pdf,
                )
            ]
        )
        for message in queued:
            jobs.after_commit(outbox.message_send, message.pk)
    letter.status, letter.sent_on, letter.sent_by = LetterStatus.SENT, today, sent_by
    letter.save(update_fields=["status", "sent_on", "sent_by", "document", "updated_at"])
    how = f"emailed to {email}" if sent_by == SentBy.EMAIL else "posted"
    _event(
        case,
        EventKind.LETTER_SENT,
        actor,
        f"{_named(letter)} {how}; its PDF is kept on the case",
        letter=letter.pk,
    )
    return letter


# --- Closing a stage with its letter ----------------------------------------------------------------


def letter_answer(*, letter: Letter, investigation: Investigation) -> Letter:
    """Record that the letter answered the stage (called as the stage closes with it)."""
    if not selectors.letters_answering(investigation).filter(pk=letter.pk).exists():
        raise RuleBroken("Choose an approved response letter of this stage.", field="letter")
    letter.answers = investigation
    letter.save(update_fields=["answers", "updated_at"])
    return letter
