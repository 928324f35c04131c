"""Every change to a designation: propose, decide, tell the person, review, end. Each writes an event
on the timeline of every case of the person; each refuses, with a reason, what its guard forbids.

    designation_propose(...)   an officer proposes, with the behaviour seen and the evidence
    designation_decide(...)    a senior manager agrees (with restrictions and a review date) or declines
    designation_tell(...)      the letter: queued by email, or recorded as posted
    designation_review(...)    renewed with a new review date, or ended
    designation_end(...)       ended early by decision
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from heard.calendar.selectors import council_calendar
from heard.cases.guards import require
from heard.cases.models import Case, CaseEvent, EventKind
from heard.casework.models import ContactRecord
from heard.conduct.models import (
    Behaviour,
    Channel,
    Decision,
    Designation,
    DesignationReview,
    DesignationStatus,
    Ending,
    Restriction,
    ReviewOutcome,
)
from heard.core.errors import RuleBroken
from heard.core.formats import long_date
from heard.notifications.models import MessageKind
from heard.notifications.services import NewMessage, message_templates, messages_queue

REVIEW_MONTHS = 6  # the review date offered when a designation is agreed or renewed


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def default_review_date(today: datetime.date) -> datetime.date:
    """Six months on, moved to the next working day if it falls on a day the council is closed."""
    day = add_months(today, REVIEW_MONTHS)
    calendar = council_calendar()
    return day if calendar.is_working_day(day) else calendar.add_working_days(day, 1)


# --- Guards: "" when allowed, otherwise why not ------------------------------------------------------


def designation_propose_refusal(case: Case) -> str:
    if case.customer_id is None:
        return "The case has no complainant recorded: there is nobody to designate."
    if case.disposed_on:
        return "The case's personal data has been disposed of."
    current = (
        Designation.objects.filter(customer_id=case.customer_id, ended_on__isnull=True)
        .exclude(decision=Decision.DECLINED)
        .first()
    )
    if current is not None:
        return f"This person already has a designation {current.get_status_display().lower()}."
    return ""


def designation_decide_refusal(designation: Designation) -> str:
    if designation.status != DesignationStatus.PROPOSED:
        return f"The designation was already decided: {designation.get_status_display().lower()}."
    return ""


def designation_tell_refusal(designation: Designation) -> str:
    if not designation.in_force:
        return "Only a designation in force is told to the person."
    if designation.told_on:
        return f"The person was told on {long_date(designation.told_on)}."
    return ""


def designation_in_force_refusal(designation: Designation) -> str:
    if not designation.in_force:
        return f"The designation is {designation.get_status_display().lower()}, not in force."
    return ""


# --- Changes -------------------------------------------------------------------------------------------


def _on_timelines(designation: Designation, actor, kind: str, description: str) -> None:
    """An event on the timeline of every case of the person."""
    CaseEvent.objects.bulk_create(
        CaseEvent(case_id=pk, actor=actor, kind=kind, description=description)
        for pk in Case.objects.filter(customer_id=designation.customer_id).values_list("pk", flat=True)
    )


def _codes(values: Iterable[str], choices, field: str) -> list[str]:
    values = list(dict.fromkeys(values))
    unknown = [v for v in values if v not in choices.values]
    if unknown:
        raise RuleBroken(f"{unknown[0]!r} is not one of the choices.", field=field)
    return values


@transaction.atomic
def designation_propose(
    *,
    case: Case,
    behaviours: Iterable[str],
    details: str,
    evidence_cases: Iterable[Case],
    evidence_contacts: Iterable[ContactRecord] = (),
    actor,
) -> Designation:
    require(designation_propose_refusal(case))
    assert case.customer_id is not None  # the guard refuses a case without one
    behaviours = _codes(behaviours, Behaviour, "behaviours")
    if not behaviours:
        raise RuleBroken("Choose the behaviour seen.", field="behaviours")
    if not details.strip():
        raise RuleBroken("Describe what was seen, with dates.", field="details")
    cases = list(evidence_cases)
    if not cases:
        raise RuleBroken("Choose the cases that show the behaviour.", field="evidence_cases")
    if any(c.customer_id != case.customer_id for c in cases):
        raise RuleBroken("Evidence must be cases of this person.", field="evidence_cases")
    contacts = list(evidence_contacts)
    if any(c.case_id not in {e.pk for e in cases} for c in contacts):
        raise RuleBroken("Contacts given as evidence must be on the cases chosen.", field="evidence_contacts")
    designation = Designation.objects.create(
        customer_id=case.customer_id,
        behaviours=behaviours,
        behaviour_details=details.strip(),
        proposed_at=timezone.now(),
        proposed_by=actor,
    )
    designation.evidence_cases.set(cases)
    designation.evidence_contacts.set(contacts)
    _on_timelines(
        designation,
        actor,
        EventKind.DESIGNATION_PROPOSED,
        "Unreasonable behaviour designation proposed, for a senior manager to decide: "
        + "; ".join(designation.behaviour_labels),
    )
    return designation


@transaction.atomic
def designation_decide(
    *,
    designation: Designation,
    decision: str,
    reasons: str,
    today: datetime.date,
    actor,
    contact_person=None,
    channels: Iterable[str] = (),
    contact_frequency: str = "",
    topics_closed: str = "",
    restrictions: Iterable[str] = (),
    other_restrictions: str = "",
    review_due_on: datetime.date | None = None,
) -> Designation:
    require(designation_decide_refusal(designation))
    if decision not in Decision.values:
        raise RuleBroken("Choose whether you agree the designation.", field="decision")
    if not reasons.strip():
        raise RuleBroken("Give the reasons for the decision.", field="reasons")
    if decision == Decision.AGREED:
        channels = _codes(channels, Channel, "channels")
        restrictions = _codes(restrictions, Restriction, "restrictions")
        texts = [contact_frequency.strip(), topics_closed.strip(), other_restrictions.strip()]
        if contact_person is None and not channels and not restrictions and not any(texts):
            raise RuleBroken("Choose at least one restriction.", field="contact_person")
        if review_due_on is None:
            raise RuleBroken("Enter the review date.", field="review_due_on")
        if review_due_on <= today:
            raise RuleBroken("The review date must be in the future.", field="review_due_on")
        designation.contact_person = contact_person
        designation.channels, designation.restrictions = channels, restrictions
        designation.contact_frequency, designation.topics_closed, designation.other_restrictions = texts
        designation.review_due_on = review_due_on
    designation.decision = decision
    designation.decided_on = today
    designation.decided_by = actor
    designation.decision_reasons = reasons.strip()
    if decision == Decision.AGREED:
        description = (
            f"Unreasonable behaviour designation agreed, to be reviewed by {long_date(review_due_on)}: "
            + "; ".join(designation.what_applies)
        )
    else:
        description = f"Unreasonable behaviour designation declined: {designation.decision_reasons}"
    designation.save()
    _on_timelines(designation, actor, EventKind.DESIGNATION_DECIDED, description)
    return designation


def designation_letter(designation: Designation, *, on: datetime.date) -> tuple[str, str]:
    """The letter's subject and words, from the council's template."""
    template = message_templates()[MessageKind.DESIGNATION_LETTER]
    contact = designation.contact_person
    return template.render(
        {
            "name": designation.customer.name or "Sir or Madam",
            "date": long_date(on),
            "behaviour": "\n".join(f"- {label}" for label in designation.behaviour_labels),
            "restrictions": "\n".join(f"- {line}" for line in designation.what_applies),
            "contact_person": contact.display_name if contact else settings.COUNCIL_TEAM_NAME,
            "review_date": long_date(designation.review_due_on),
            "team_name": settings.COUNCIL_TEAM_NAME,
            "council_name": settings.COUNCIL_NAME,
            "council_phone": settings.COUNCIL_PHONE,
            "council_email": settings.COUNCIL_EMAIL,
        }
    )


@transaction.atomic
def designation_tell(*, designation: Designation, today: datetime.date, actor) -> Designation:
    """Send the letter: by email (queued in the outbox) when the person gave an email address,
    otherwise recorded as posted today (the printable letter is the PDF)."""
    require(designation_tell_refusal(designation))
    email = designation.customer.email
    if email:
        subject, body = designation_letter(designation, on=today)
        latest = (
            Case.objects.filter(customer_id=designation.customer_id).order_by("-received_on", "-id").first()
        )
        messages_queue(
            [
                NewMessage(
                    key=f"designation_letter:{designation.pk}",
                    kind=MessageKind.DESIGNATION_LETTER,
                    to=email,
                    subject=subject,
                    body=body,
                    case_id=latest.pk if latest else None,
                )
            ]
        )
    designation.told_on = today
    designation.told_by_post = not email
    designation.save(update_fields=["told_on", "told_by_post"])
    how = "by email" if email else "by post"
    _on_timelines(designation, actor, EventKind.LETTER_SENT, f"Letter about the designation sent {how}")
    return designation


@transaction.atomic
def designation_review(
    *,
    designation: Designation,
    outcome: str,
    reasons: str,
    today: datetime.date,
    actor,
    next_review_on: datetime.date | None = None,
) -> DesignationReview:
    require(designation_in_force_refusal(designation))
    if outcome not in ReviewOutcome.values:
        raise RuleBroken("Choose whether to renew or end the designation.", field="outcome")
    if not reasons.strip():
        raise RuleBroken("Give the reasons for the review's outcome.", field="reasons")
    if outcome == ReviewOutcome.RENEWED:
        if next_review_on is None:
            raise RuleBroken("Enter the next review date.", field="next_review_on")
        if next_review_on <= today:
            raise RuleBroken("The next review date must be in the future.", field="next_review_on")
    assert designation.review_due_on is not None
    review = DesignationReview.objects.create(
        designation=designation,
        due_on=designation.review_due_on,
        reviewed_on=today,
        reviewed_by=actor,
        outcome=outcome,
        reasons=reasons.strip(),
        next_review_on=next_review_on if outcome == ReviewOutcome.RENEWED else None,
    )
    if outcome == ReviewOutcome.RENEWED:
        assert next_review_on is not None
        designation.review_due_on = next_review_on
        designation.save(update_fields=["review_due_on"])
        _on_timelines(
            designation,
            actor,
            EventKind.DESIGNATION_DECIDED,
            f"Unreasonable behaviour designation renewed at review, to be reviewed again by "
            f"{long_date(next_review_on)}: {review.reasons}",
        )
    else:
        _end(designation, how=Ending.AT_REVIEW, reasons=review.reasons, today=today, actor=actor)
    return review


def _end(designation: Designation, *, how: str, reasons: str, today: datetime.date, actor) -> None:
    designation.ended_on, designation.ended_how = today, how
    designation.ended_by, designation.end_reasons = actor, reasons
    designation.save(update_fields=["ended_on", "ended_how", "ended_by", "end_reasons"])
    _on_timelines(
        designation,
        actor,
        EventKind.DESIGNATION_ENDED,
        f"Unreasonable behaviour designation {Ending(how).label.lower()}: {reasons}",
    )


@transaction.atomic
def designation_end(*, designation: Designation, reasons: str, today: datetime.date, actor) -> Designation:
    require(designation_in_force_refusal(designation))
    if not reasons.strip():
        raise RuleBroken("Give the reasons for ending the designation.", field="reasons")
    _end(designation, how=Ending.EARLY, reasons=reasons.strip(), today=today, actor=actor)
    return designation
