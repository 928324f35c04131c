"""Every change to a case goes through these functions.

Each is a transition of the complaints procedure: it checks the rules, writes inside a transaction
and appends an immutable event to the case's timeline. A move the rules do not allow raises
RuleBroken with a message that names the rule.
"""

import uuid
from dataclasses import dataclass
from datetime import date

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from heard.calendar.selectors import council_calendar
from heard.cases import guards, selectors
from heard.cases.guards import STAGE_NAMES
from heard.cases.models import (
    Case,
    CaseEvent,
    ClosureReason,
    Customer,
    Decision,
    DelayReason,
    DelayReport,
    Escalation,
    EventKind,
    Investigation,
    Kind,
    Learning,
    LearningKind,
    OmbudsmanReferral,
    Outcome,
    ReferenceCounter,
    Status,
)
from heard.core.errors import RuleBroken
from heard.core.formats import long_date
from heard.procedures import deadlines
from heard.procedures.models import Procedure
from heard.procedures.selectors import rules_in_force


def _record(case: Case, kind: str, actor, description: str = "", before=None, after=None) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=actor if actor is not None and getattr(actor, "pk", None) else None,
        description=description,
        before=before or {},
        after=after or {},
    )


def _procedure_name(case: Case) -> str:
    return Procedure(case.procedure).label.lower() if case.procedure else "no"


def case_reference_next(*, year: int) -> str:
    """The next unique, readable reference for the year, e.g. CS-2026-00042.

    The year's counter is advanced and read in one statement (`UPDATE ... RETURNING`, on SQLite
    and PostgreSQL alike), which holds its row for that statement alone: every submission of the
    public form takes a number, so this is the one row they all queue for. A number already taken
    by an imported case is passed over, so logging never collides with references brought in from
    another system.
    """
    table = ReferenceCounter._meta.db_table
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                f'UPDATE "{table}" SET "last" = "last" + 1 WHERE "year" = %s RETURNING "last"', [year]
            )
            row = cursor.fetchone()
        if row is None:  # the year's first case
            ReferenceCounter.objects.get_or_create(year=year)
            continue
        reference = f"{settings.CASE_REFERENCE_PREFIX}-{year}-{row[0]:05d}"
        if not Case.objects.filter(reference=reference).exists():
            return reference


def customer_for(
    *, customer_ref: str = "", name: str = "", email: str = "", phone: str = "", address: str = ""
) -> Customer:
    """The customer with this reference, or a new one; a new reference is made when none is given."""
    if customer_ref:
        customer, created = Customer.objects.get_or_create(
            customer_ref=customer_ref,
            defaults={"name": name, "email": email, "phone": phone, "address": address},
        )
        if not created:
            changed = {
                field: value
                for field, value in {
                    "name": name,
                    "email": email,
                    "phone": phone,
                    "address": address,
                }.items()
                if value and getattr(customer, field) != value
            }
            if changed:
                for field, value in changed.items():
                    setattr(customer, field, value)
                customer.save(update_fields=[*changed, "updated_at"])
        return customer
    return Customer.objects.create(
        customer_ref=f"P-{uuid.uuid4().hex[:12].upper()}",
        name=name,
        email=email,
        phone=phone,
        address=address,
    )


@transaction.atomic
def case_log(
    *,
    kind: str,
    received_on: date,
    service_area,
    actor=None,
    channel: str = "",
    team=None,
    summary: str = "",
    details: str = "",
    happened_on: str = "",
    desired_outcome: str = "",
    customer: Customer | None = None,
    procedure: str = "",
    relationship: str = "",
    on_behalf_of_child: bool = False,
    consent: str = "",
    advocate_requested: bool = False,
    made_by_child: bool = False,
    looked_after_child: bool = False,
    reference: str = "",
) -> Case:
    """Log a piece of feedback from any channel. A complaint needs its procedure and a customer."""
    if kind not in Kind.values:
        raise RuleBroken(f"Kind must be one of {', '.join(Kind.values)}.", field="kind")
    if kind == Kind.COMPLAINT:
        if procedure not in Procedure.values:
            raise RuleBroken(
                "A complaint must follow the statutory or the corporate procedure.",
                field="procedure",
            )
        if customer is None:
            raise RuleBroken("A complaint must name the person who made it.", field="customer")
    elif procedure:
        raise RuleBroken("Only complaints follow a complaints procedure.", field="procedure")
    if received_on > timezone.localdate():
        raise RuleBroken("The date received cannot be in the future.", field="received_on")

    acknowledgement_due_on = None
    if kind == Kind.COMPLAINT:
        acknowledgement_due_on = deadlines.acknowledgement_due(
            rules_in_force(procedure=procedure, received_on=received_on),
            received_on=received_on,
            calendar=council_calendar(),
        )
    case = Case.objects.create(
        reference=reference or case_reference_next(year=received_on.year),
        kind=kind,
        received_on=received_on,
        channel=channel,
        service_area=service_area,
        team=team,
        summary=summary,
        details=details,
        happened_on=happened_on,
        desired_outcome=desired_outcome,
        customer=customer,
        procedure=procedure if kind == Kind.COMPLAINT else "",
        relationship=relationship,
        on_behalf_of_child=on_behalf_of_child,
        consent=consent,
        advocate_requested=advocate_requested,
        made_by_child=made_by_child,
        looked_after_child=looked_after_child,
        acknowledgement_due_on=acknowledgement_due_on,
    )
    _record(
        case,
        EventKind.LOGGED,
        actor,
        f"{case.get_kind_display()} received by {case.get_channel_display().lower() or 'unknown channel'}",
        after={"reference": case.reference, "kind": kind, "received_on": received_on.isoformat()},
    )
    return case


# --- Acknowledgement and investigations ------------------------------------------------------


@transaction.atomic
def case_acknowledge(*, case: Case, acknowledged_on: date, actor=None) -> Case:
    guards.require(guards.case_acknowledge(case))
    if acknowledged_on < case.received_on:
        raise RuleBroken(
            f"The acknowledgement cannot be before the case was received ({long_date(case.received_on)}).",
            field="acknowledged_on",
        )
    before = {"acknowledged_on": case.acknowledged_on.isoformat() if case.acknowledged_on else None}
    case.acknowledged_on = acknowledged_on
    case.save(update_fields=["acknowledged_on", "updated_at"])
    if case.kind == Kind.COMPLAINT:
        # Where the clock starts on acknowledgement, the open stage 1 due dates move with it.
        for investigation in case.investigations.filter(stage=1, closed_on__isnull=True):
            investigation.due_on = selectors.stage_clock(investigation).dates.due_on
            investigation.save(update_fields=["due_on", "updated_at"])
    _record(
        case,
        EventKind.ACKNOWLEDGED,
        actor,
        f"Acknowledged on {long_date(acknowledged_on)}",
        before=before,
        after={"acknowledged_on": acknowledged_on.isoformat()},
    )
    return case


def _allocation(team, investigator) -> dict:
    """The team and investigator of an investigation. An investigator who belongs to a team
    investigates for that team: another team is refused, and no team means theirs."""
    if investigator is not None and investigator.team_id is not None:
        if team is None:
            team = investigator.team
        elif investigator.team_id != team.pk:
            raise RuleBroken(
                f"{investigator.display_name} is in the {investigator.team}, not the {team}: choose someone "
                f"from the {team}, or the {investigator.team}.",
                field="investigator",
            )
    return {
        "team": team,
        "investigator": investigator,
        "investigator_name": investigator.display_name if investigator else "",
    }


@transaction.atomic
def investigation_open(
    *,
    case: Case,
    opened_on: date | None = None,
    team=None,
    investigator=None,
    split: bool = False,
    actor=None,
) -> Investigation:
    """Allocate a stage 1 investigation to a team and an investigator.

    A complaint about several teams is split: with ``split``, each call opens one more stage 1
    investigation. Without it, a complaint that has one already is refused, so that pressing
    Allocate twice does not open two.
    """
    guards.require(guards.investigation_open(case))
    existing = list(case.investigations.filter(stage=1).select_related("team"))
    if existing and not split:
        allocated = ", ".join(sorted({inv.team.name if inv.team else "no team" for inv in existing}))
        raise RuleBroken(
            f"{case.reference} already has a stage 1 investigation (allocated to {allocated}). To split the "
            "complaint between teams, say so; otherwise reallocate the one it has.",
            field="split",
        )
    opened_on = opened_on or case.received_on
    if opened_on < case.received_on:
        raise RuleBroken(
            f"An investigation cannot open before the case was received ({long_date(case.received_on)}).",
            field="opened_on",
        )
    number = max((inv.number for inv in existing), default=0) + 1
    investigation = Investigation(
        case=case, stage=1, number=number, opened_on=opened_on, **_allocation(team, investigator)
    )
    investigation.due_on = selectors.stage_clock(investigation).dates.due_on
    investigation.save()
    _record(
        case,
        EventKind.INVESTIGATION_OPENED,
        actor,
        f"Stage 1 investigation {number} allocated to "
        f"{', '.join(filter(None, [str(team or ''), investigation.investigator_name])) or 'nobody yet'}; "
        f"due {long_date(investigation.due_on)}",
        after={"investigation": str(investigation), "due_on": investigation.due_on.isoformat()},
    )
    return investigation


@transaction.atomic
def investigation_allocate(*, investigation: Investigation, team=None, investigator=None, actor=None):
    guards.require(guards.investigation_allocate(investigation))
    before = {
        "team": str(investigation.team or ""),
        "investigator": investigation.investigator_name,
    }
    for field, value in _allocation(team, investigator).items():
        setattr(investigation, field, value)
    investigation.save(update_fields=["team", "investigator", "investigator_name", "updated_at"])
    after = {"team": str(investigation.team or ""), "investigator": investigation.investigator_name}
    _record(investigation.case, EventKind.UPDATED, actor, f"{investigation} reallocated", before, after)
    return investigation


@transaction.atomic
def investigation_extend(
    *, investigation: Investigation, extended_to: date, reason: str, actor=None
) -> Investigation:
    """Extend a stage's due date, within the procedure's limit, for a recorded reason."""
    guards.require(guards.investigation_extend(investigation))
    if not reason.strip():
        raise RuleBroken("Give the reason for the extension.", field="reason")
    clock = selectors.stage_clock(investigation)
    procedure = _procedure_name(investigation.case)
    stage = STAGE_NAMES[investigation.stage]
    if extended_to <= investigation.current_due_on:
        raise RuleBroken(
            f"The new due date must be after the current one ({long_date(investigation.current_due_on)}).",
            field="extended_to",
        )
    if extended_to > clock.dates.extension_limit:
        raise RuleBroken(
            f"The {procedure} procedure allows {stage} to be extended to at most "
            f"{clock.rule.extension_limit_days} working days, which is "
            f"{long_date(clock.dates.extension_limit)}.",
            field="extended_to",
        )
    before = {"due": investigation.current_due_on.isoformat()}
    investigation.extended_to = extended_to
    investigation.extension_reason = reason.strip()
    investigation.save(update_fields=["extended_to", "extension_reason", "updated_at"])
    _record(
        investigation.case,
        EventKind.INVESTIGATION_EXTENDED,
        actor,
        f"{investigation} extended to {long_date(extended_to)}: {reason.strip()}",
        before=before,
        after={"due": extended_to.isoformat(), "reason": reason.strip()},
    )
    return investigation


@transaction.atomic
def investigation_close(
    *,
    investigation: Investigation,
    closed_on: date,
    outcome: str,
    findings: str = "",
    problem_category=None,
    problem_subcategory=None,
    themes=None,
    actor=None,
) -> Investigation:
    """Record the response and outcome. When the last open investigation closes, the case closes."""
    guards.require(guards.investigation_close(investigation))
    if not outcome:
        raise RuleBroken("Record the outcome of the investigation.", field="outcome")
    if outcome not in Outcome.values:
        raise RuleBroken(f"Outcome must be one of {', '.join(Outcome.values)}.", field="outcome")
    if closed_on < investigation.opened_on:
        raise RuleBroken(
            f"The response cannot be before the investigation opened ({long_date(investigation.opened_on)}).",
            field="closed_on",
        )
    if closed_on > timezone.localdate():
        raise RuleBroken("The response date cannot be in the future.", field="closed_on")
    investigation.closed_on = closed_on
    investigation.outcome = outcome
    investigation.findings = findings or investigation.findings
    if problem_category is not None:
        investigation.problem_category = problem_category
    if problem_subcategory is not None:
        investigation.problem_subcategory = problem_subcategory
    investigation.save()
    if themes is not None:
        investigation.themes.set(themes)
    case = investigation.case
    _record(
        case,
        EventKind.INVESTIGATION_CLOSED,
        actor,
        f"{investigation} closed on {long_date(closed_on)}: {Outcome(outcome).label.lower()}",
        after={"closed_on": closed_on.isoformat(), "outcome": outcome},
    )
    if not case.investigations.filter(closed_on__isnull=True).exists() and case.status == Status.OPEN:
        last = case.investigations.aggregate(last=Max("closed_on"))["last"]
        case.closure_reason, case.closure_note = "", ""
        _close(case, last, actor)
    return investigation


def _close(case: Case, closed_on: date, actor) -> None:
    case.status = Status.CLOSED
    case.closed_on = closed_on
    case.save(update_fields=["status", "closed_on", "closure_reason", "closure_note", "updated_at"])
    why = ""
    if case.closure_reason:
        why = f": {ClosureReason(case.closure_reason).label}" + (
            f" ({case.closure_note})" if case.closure_note else ""
        )
    _record(
        case,
        EventKind.CLOSED,
        actor,
        f"Closed on {long_date(closed_on)}{why}",
        after={"status": "closed", "closure_reason": case.closure_reason},
    )


@transaction.atomic
def case_close(*, case: Case, closed_on: date, reason: str = "", note: str = "", actor=None) -> Case:
    """Close a compliment or comment; or a complaint that was resolved without an investigation, or
    was reopened after its investigations closed, for a recorded reason."""
    guards.require(guards.case_close(case))
    if closed_on < case.received_on:
        raise RuleBroken(
            f"A case cannot close before it was received ({long_date(case.received_on)}).",
            field="closed_on",
        )
    if closed_on > timezone.localdate():
        raise RuleBroken("The date closed cannot be in the future.", field="closed_on")
    if case.kind == Kind.COMPLAINT:
        if reason not in ClosureReason.values:
            raise RuleBroken("Choose why the complaint is closing.", field="reason")
        if reason == ClosureReason.OTHER and not note.strip():
            raise RuleBroken("Say why the complaint is closing.", field="note")
        case.closure_reason, case.closure_note = reason, note.strip()
    _close(case, closed_on, actor)
    return case


# --- Escalation ------------------------------------------------------------------------------


def case_current_stage(case: Case) -> int:
    return case.investigations.aggregate(stage=Max("stage"))["stage"] or 0


@transaction.atomic
def case_escalate(
    *, case: Case, requested_on: date, reason: str = "", team=None, investigator=None, actor=None
) -> Investigation:
    """Move a complaint to the next stage once the current one has responded.

    A request outside the procedure's window is accepted only with a recorded reason.
    """
    guards.require(guards.case_escalate(case))
    rules = selectors.case_rules(case)
    stage = case_current_stage(case)
    current = list(case.investigations.filter(stage=stage))
    next_stage = stage + 1
    calendar = council_calendar()
    last_answered = max(current, key=lambda inv: inv.closed_on or date.min)
    responded_on = last_answered.closed_on
    assert responded_on is not None  # every investigation of the stage is closed
    if requested_on < responded_on:
        raise RuleBroken(
            f"The request cannot be before the {STAGE_NAMES[stage]} response ({long_date(responded_on)}).",
            field="requested_on",
        )
    clock = selectors.stage_clock(last_answered, rules=rules, calendar=calendar)
    window_ends = clock.dates.request_window_ends
    if window_ends is not None and requested_on > window_ends and not reason.strip():
        raise RuleBroken(
            f"The request came after the {clock.rule.request_window_days} working days allowed to ask for "
            f"{STAGE_NAMES[next_stage]} (the window ended on {long_date(window_ends)}): "
            "record why it is accepted late.",
            field="reason",
        )
    investigation = Investigation(
        case=case,
        stage=next_stage,
        number=1,
        opened_on=requested_on,
        **_allocation(team, investigator),
    )
    investigation.due_on = selectors.stage_clock(investigation, rules=rules, calendar=calendar).dates.due_on
    investigation.save()
    case.status = Status.OPEN
    case.closed_on = None
    case.save(update_fields=["status", "closed_on", "updated_at"])
    _record(
        case,
        EventKind.ESCALATED,
        actor,
        f"Escalated to {STAGE_NAMES[next_stage]}, due {long_date(investigation.due_on)}"
        + (f"; accepted late: {reason.strip()}" if reason.strip() else ""),
        before={"stage": stage},
        after={"stage": next_stage, "due_on": investigation.due_on.isoformat()},
    )
    return investigation


@transaction.atomic
def investigation_acknowledge(*, investigation: Investigation, acknowledged_on: date, actor=None):
    """Acknowledge a request for stage 2 or 3; where the clock starts on acknowledgement, it moves."""
    guards.require(guards.investigation_acknowledge(investigation))
    if acknowledged_on < investigation.opened_on:
        raise RuleBroken(
            f"The acknowledgement cannot be before the request ({long_date(investigation.opened_on)}).",
            field="acknowledged_on",
        )
    investigation.acknowledged_on = acknowledged_on
    investigation.due_on = selectors.stage_clock(investigation).dates.due_on
    investigation.save(update_fields=["acknowledged_on", "due_on", "updated_at"])
    _record(
        investigation.case,
        EventKind.ACKNOWLEDGED,
        actor,
        f"{investigation} request acknowledged on {long_date(acknowledged_on)}",
        after={
            "acknowledged_on": acknowledged_on.isoformat(),
            "due_on": investigation.due_on.isoformat(),
        },
    )
    return investigation


@transaction.atomic
def investigation_panel_record(
    *,
    investigation: Investigation,
    panel_on: date,
    members: list[str],
    complainant_attended: bool,
    recommendations: str = "",
    report_on: date | None = None,
    actor=None,
) -> Investigation:
    """Record a stage 3 review panel; the report and the council's response fall due from it."""
    guards.require(guards.investigation_panel_record(investigation))
    members = [m.strip() for m in members if m and m.strip()]
    if len(members) != 3:
        raise RuleBroken("A review panel has three independent members: name all three.", field="members")
    if panel_on < investigation.opened_on:
        raise RuleBroken(
            f"The panel cannot meet before it was asked for ({long_date(investigation.opened_on)}).",
            field="panel_on",
        )
    investigation.panel_on = panel_on
    investigation.panel_members = members
    investigation.complainant_attended = complainant_attended
    investigation.panel_recommendations = recommendations
    investigation.panel_report_on = report_on
    dates = selectors.stage_clock(investigation).dates
    investigation.panel_report_due_on = dates.panel_report_due_on
    investigation.council_response_due_on = dates.council_response_due_on
    investigation.save()
    _record(
        investigation.case,
        EventKind.PANEL_RECORDED,
        actor,
        f"Review panel met on {long_date(panel_on)}"
        + (f"; report due {long_date(dates.panel_report_due_on)}" if dates.panel_report_due_on else ""),
        after={"panel_on": panel_on.isoformat(), "members": members},
    )
    return investigation


# --- Learning and the Ombudsman --------------------------------------------------------------


@transaction.atomic
def learning_record(
    *,
    case: Case,
    kind: str,
    category: str,
    detail: str = "",
    owner=None,
    due_on: date | None = None,
    completed_on: date | None = None,
    actor=None,
) -> Learning:
    """A learning point, or an action with its owner and due date (the sweep reminds the owner)."""
    guards.require(guards.learning_record(case))
    if not category.strip():
        raise RuleBroken("Choose a category.", field="category")
    if kind == LearningKind.LEARNING and (due_on or completed_on or owner):
        raise RuleBroken("Only actions have an owner and due and completion dates.", field="due_on")
    item = Learning.objects.create(
        case=case,
        kind=kind,
        category=category.strip(),
        detail=detail,
        owner=owner,
        due_on=due_on,
        completed_on=completed_on,
    )
    owned = f"; owner {owner.display_name}" if owner else ""
    due = f", due {long_date(due_on)}" if due_on else ""
    _record(
        case,
        EventKind.LEARNING_RECORDED,
        actor,
        f"{item}{owned}{due}",
        after={"kind": kind, "category": category},
    )
    return item


@transaction.atomic
def action_complete(*, item: Learning, completed_on: date, done: str, actor=None) -> Learning:
    """Record an action as done, and what was done."""
    guards.require(guards.action_complete(item))
    if not done.strip():
        raise RuleBroken("Say what was done.", field="done")
    if completed_on > timezone.localdate():
        raise RuleBroken("The date it was done cannot be in the future.", field="completed_on")
    if completed_on < item.case.received_on:
        raise RuleBroken(
            f"The action cannot be done before the case was received ({long_date(item.case.received_on)}).",
            field="completed_on",
        )
    item.completed_on, item.done_note = completed_on, done.strip()
    item.save(update_fields=["completed_on", "done_note", "updated_at"])
    _record(
        item.case,
        EventKind.ACTION_COMPLETED,
        actor,
        f"Action done on {long_date(completed_on)}: {item.category}. {done.strip()}",
        after={"action": item.pk, "completed_on": completed_on.isoformat()},
    )
    return item


@transaction.atomic
def ombudsman_referral_record(
    *,
    case: Case,
    received_on: date,
    ombudsman_reference: str = "",
    response_due_on: date | None = None,
    actor=None,
) -> OmbudsmanReferral:
    """Record an enquiry from the Ombudsman: the response is due 28 calendar days later unless the
    Ombudsman set another date."""
    if received_on < case.received_on:
        raise RuleBroken(
            f"The Ombudsman's enquiry cannot be before the case was received ({long_date(case.received_on)}).",
            field="received_on",
        )
    if response_due_on is None:
        response_due_on = deadlines.ombudsman_response_due(
            selectors.case_rules(case) if case.procedure else None, received_on=received_on
        )
    referral = OmbudsmanReferral.objects.create(
        case=case,
        received_on=received_on,
        ombudsman_reference=ombudsman_reference,
        response_due_on=response_due_on,
    )
    _record(
        case,
        EventKind.OMBUDSMAN_REFERRAL,
        actor,
        f"Ombudsman enquiry {ombudsman_reference} received; response due {long_date(response_due_on)}".replace(
            "  ", " "
        ),
        after={
            "received_on": received_on.isoformat(),
            "response_due_on": response_due_on.isoformat(),
        },
    )
    return referral


@transaction.atomic
def ombudsman_response_record(*, referral: OmbudsmanReferral, response_sent_on: date, actor=None):
    guards.require(guards.ombudsman_response_record(referral))
    if response_sent_on < referral.received_on:
        raise RuleBroken("The response cannot be before the enquiry arrived.", field="response_sent_on")
    referral.response_sent_on = response_sent_on
    referral.save(update_fields=["response_sent_on", "updated_at"])
    _record(
        referral.case,
        EventKind.OMBUDSMAN_REFERRAL,
        actor,
        f"Response sent to the Ombudsman on {long_date(response_sent_on)}",
        after={"response_sent_on": response_sent_on.isoformat()},
    )
    return referral


@transaction.atomic
def ombudsman_decision_record(
    *,
    referral: OmbudsmanReferral,
    decision: str,
    decided_on: date,
    remedy: str = "",
    remedy_due_on: date | None = None,
    actor=None,
) -> OmbudsmanReferral:
    """The Ombudsman's decision, and any remedy it asked for with the date it set for it."""
    guards.require(guards.ombudsman_decision_record(referral))
    if decision not in Decision.values or decision == Decision.PENDING:
        raise RuleBroken("Choose the Ombudsman's decision.", field="decision")
    if decided_on < referral.received_on:
        raise RuleBroken(
            f"The decision cannot be before the enquiry arrived ({long_date(referral.received_on)}).",
            field="decided_on",
        )
    if remedy_due_on and not remedy.strip():
        raise RuleBroken("Describe the remedy, or leave the date it is due blank.", field="remedy")
    if remedy_due_on and remedy_due_on < decided_on:
        raise RuleBroken("The remedy cannot be due before the decision.", field="remedy_due_on")
    before = {"decision": referral.decision}
    referral.decision = decision
    referral.decided_on = decided_on
    referral.remedy = remedy
    referral.remedy_due_on = remedy_due_on
    referral.save(update_fields=["decision", "decided_on", "remedy", "remedy_due_on", "updated_at"])
    _record(
        referral.case,
        EventKind.OMBUDSMAN_DECISION,
        actor,
        f"Ombudsman decision: {Decision(decision).label.lower()}",
        before=before,
        after={"decision": decision, "decided_on": decided_on.isoformat()},
    )
    return referral


@transaction.atomic
def ombudsman_remedy_complete(
    *, referral: OmbudsmanReferral, completed_on: date, actor=None
) -> OmbudsmanReferral:
    """Record that the council completed the remedy the Ombudsman asked for."""
    guards.require(guards.ombudsman_remedy_complete(referral))
    if completed_on > timezone.localdate():
        raise RuleBroken("The date it was completed cannot be in the future.", field="completed_on")
    if referral.decided_on and completed_on < referral.decided_on:
        raise RuleBroken(
            f"The remedy cannot be completed before the decision ({long_date(referral.decided_on)}).",
            field="completed_on",
        )
    referral.remedy_completed_on = completed_on
    referral.save(update_fields=["remedy_completed_on", "updated_at"])
    due = f" (due {long_date(referral.remedy_due_on)})" if referral.remedy_due_on else ""
    _record(
        referral.case,
        EventKind.OMBUDSMAN_DECISION,
        actor,
        f"Ombudsman remedy completed on {long_date(completed_on)}{due}",
        after={"remedy_completed_on": completed_on.isoformat()},
    )
    return referral


# --- Delays and escalations ---------------------------------------------------------------------


@transaction.atomic
def investigation_delay_report(
    *, investigation: Investigation, reason: DelayReason, expected_on: date, note: str = "", actor=None
) -> DelayReport:
    """The investigator's early warning that the response will be late: the feedback team sees it in
    My work and on the case, before the due date passes."""
    guards.require(guards.investigation_delay_report(investigation))
    today = timezone.localdate()
    if expected_on < today:
        raise RuleBroken("The date the response is now expected cannot be in the past.", field="expected_on")
    if reason.name.lower() == "other" and not note.strip():
        raise RuleBroken("Say what is causing the delay.", field="note")
    report = DelayReport.objects.create(
        investigation=investigation,
        reason=reason,
        note=note.strip(),
        expected_on=expected_on,
        reported_on=today,
        reported_by=actor if getattr(actor, "pk", None) else None,
    )
    _record(
        investigation.case,
        EventKind.DELAY_REPORTED,
        actor,
        f"{investigation}: delay reported ({reason.name.lower()}); the response is now expected by "
        f"{long_date(expected_on)}, due {long_date(investigation.current_due_on)}"
        + (f". {note.strip()}" if note.strip() else ""),
        after={"reason": reason.name, "expected_on": expected_on.isoformat()},
    )
    return report


@dataclass(frozen=True)
class OverdueEscalation:
    """What the daily sweep escalates: which work, which step of the ladder, to whom."""

    key: str
    case_id: int
    subject: str
    what: str
    due_on: date
    working_days_overdue: int
    step: int
    repeat: int
    to_id: int | None
    to_description: str
    reason: str
    reference: str = ""
    investigation_id: int | None = None
    referral_id: int | None = None


def escalations_record(escalations: list[OverdueEscalation], *, on: date) -> list[Escalation]:
    """Record overdue escalations found by the sweep, each with its event on the case's timeline.
    Call it in the sweep's transaction; one whose key is recorded already raises IntegrityError, so
    that two sweeps running at once record it once."""
    created = Escalation.objects.bulk_create(
        [
            Escalation(
                key=e.key,
                case_id=e.case_id,
                subject=e.subject,
                investigation_id=e.investigation_id,
                referral_id=e.referral_id,
                what=e.what,
                due_on=e.due_on,
                working_days_overdue=e.working_days_overdue,
                step=e.step,
                repeat=e.repeat,
                to_id=e.to_id,
                to_description=e.to_description,
                reason=e.reason,
                escalated_on=on,
            )
            for e in escalations
        ]
    )
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(
                case_id=e.case_id,
                kind=EventKind.OVERDUE_ESCALATED,
                description=f"{e.reason} Escalated to {e.to_description}.",
                after={
                    "step": e.step,
                    "repeat": e.repeat,
                    "to": e.to_description,
                    "due_on": e.due_on.isoformat(),
                },
            )
            for e in escalations
        ]
    )
    return created


@transaction.atomic
def escalation_acknowledge(*, escalation: Escalation, note: str, planned_on: date | None = None, actor=None):
    """The person the work was escalated to says what will happen, and by when."""
    guards.require(guards.escalation_acknowledge(escalation))
    if not note.strip():
        raise RuleBroken("Say what will be done.", field="note")
    if planned_on is not None and planned_on < timezone.localdate():
        raise RuleBroken("The planned date cannot be in the past.", field="planned_on")
    escalation.acknowledged_at = timezone.now()
    escalation.acknowledged_by = actor if getattr(actor, "pk", None) else None
    escalation.acknowledgement_note = note.strip()
    escalation.planned_on = planned_on
    escalation.save(
        update_fields=["acknowledged_at", "acknowledged_by", "acknowledgement_note", "planned_on"]
    )
    planned = f"; planned for {long_date(planned_on)}" if planned_on else ""
    _record(
        escalation.case,
        EventKind.ESCALATION_ACKNOWLEDGED,
        actor,
        f"Escalation of the {escalation.what.lower()} acknowledged{planned}: {note.strip()}",
        after={"escalation": escalation.pk, "planned_on": planned_on.isoformat() if planned_on else None},
    )
    return escalation


# --- Withdrawal and reopening ----------------------------------------------------------------


@transaction.atomic
def case_withdraw(*, case: Case, withdrawn_on: date, reason: str = "", actor=None) -> Case:
    """The person withdraws their feedback: open investigations close as withdrawn."""
    guards.require(guards.case_withdraw(case))
    if withdrawn_on < case.received_on:
        raise RuleBroken(
            f"A case cannot be withdrawn before it was received ({long_date(case.received_on)}).",
            field="withdrawn_on",
        )
    for investigation in case.investigations.filter(closed_on__isnull=True):
        investigation.closed_on = max(withdrawn_on, investigation.opened_on)
        investigation.outcome = Outcome.WITHDRAWN
        investigation.save(update_fields=["closed_on", "outcome", "updated_at"])
    case.status = Status.WITHDRAWN
    case.closed_on = withdrawn_on
    case.save(update_fields=["status", "closed_on", "updated_at"])
    _record(
        case,
        EventKind.WITHDRAWN,
        actor,
        f"Withdrawn on {long_date(withdrawn_on)}. {reason}".strip(),
        after={"status": "withdrawn"},
    )
    return case


@transaction.atomic
def case_reopen(*, case: Case, reason: str, actor=None) -> Case:
    guards.require(guards.case_reopen(case))
    if not reason.strip():
        raise RuleBroken("Give the reason for reopening the case.", field="reason")
    before = {
        "status": case.status,
        "closed_on": case.closed_on.isoformat() if case.closed_on else None,
    }
    case.status = Status.OPEN
    case.closed_on = None
    case.save(update_fields=["status", "closed_on", "updated_at"])
    _record(
        case,
        EventKind.REOPENED,
        actor,
        f"Reopened: {reason.strip()}",
        before=before,
        after={"status": "open"},
    )
    return case


@transaction.atomic
def reference_data_load() -> None:
    """Create the starting reference data where it is missing; existing rows are left as they are."""
    from heard.cases import reference_data
    from heard.cases.models import ProblemCategory, ProblemSubcategory, ServiceArea, Team, Theme

    for area_name, description in reference_data.SERVICE_AREAS.items():
        area, _ = ServiceArea.objects.get_or_create(
            name=area_name, defaults={"public_description": description}
        )
        for team_name in reference_data.TEAMS.get(area_name, []):
            Team.objects.get_or_create(name=team_name, defaults={"service_area": area})
    for category_name, subcategories in reference_data.PROBLEM_CATEGORIES.items():
        category, _ = ProblemCategory.objects.get_or_create(name=category_name)
        for sub in subcategories:
            ProblemSubcategory.objects.get_or_create(category=category, name=sub)
    for theme in reference_data.THEMES:
        Theme.objects.get_or_create(name=theme)


# --- People involved -------------------------------------------------------------------------


@transaction.atomic
def case_person_add(
    *,
    case: Case,
    name: str,
    role: str,
    date_of_birth: date | None = None,
    notes: str = "",
    actor=None,
):
    """Record someone the case is about or involves, other than the person who gave the feedback."""
    from heard.cases.models import CasePerson, PersonRole

    if not name.strip():
        raise RuleBroken("Enter the person's name.", field="name")
    if role not in PersonRole.values:
        raise RuleBroken("Choose the person's part in the case.", field="role")
    if date_of_birth and date_of_birth > timezone.localdate():
        raise RuleBroken("The date of birth cannot be in the future.", field="date_of_birth")
    person = CasePerson.objects.create(
        case=case, name=name.strip(), role=role, date_of_birth=date_of_birth, notes=notes.strip()
    )
    _record(
        case,
        EventKind.UPDATED,
        actor,
        f"Person involved added: {person}",
        after={"person": person.name, "role": role},
    )
    return person


CASE_CORRECTABLE_FIELDS = (
    "summary",
    "details",
    "happened_on",
    "desired_outcome",
    "service_area",
    "team",
    "channel",
    "relationship",
    "consent",
    "on_behalf_of_child",
    "made_by_child",
    "looked_after_child",
    "advocate_requested",
)


@transaction.atomic
def case_update(*, case: Case, changes: dict, actor=None) -> Case:
    """Correct a case's details. The kind, procedure and date received set its deadlines, so they
    are not changed here; the timeline records each value before and after."""
    unknown = set(changes) - set(CASE_CORRECTABLE_FIELDS)
    if unknown:
        raise RuleBroken(f"These details cannot be corrected here: {', '.join(sorted(unknown))}.")
    if "service_area" in changes and changes["service_area"] is None:
        raise RuleBroken("Choose the service area.", field="service_area")
    changed = {field: value for field, value in changes.items() if getattr(case, field) != value}
    if not changed:
        raise RuleBroken("Nothing was changed: change a detail, or go back to the case.")

    def shown(value):
        return str(value) if value is not None else ""

    before = {field: shown(getattr(case, field)) for field in changed}
    for field, value in changed.items():
        setattr(case, field, value)
    case.save(update_fields=[*changed, "updated_at"])
    labels = ", ".join(field.replace("_", " ") for field in changed)
    _record(
        case,
        EventKind.UPDATED,
        actor,
        f"Details corrected: {labels}",
        before=before,
        after={field: shown(value) for field, value in changed.items()},
    )
    return case


# --- The complainant's contact details ---------------------------------------------------------

CUSTOMER_CORRECTABLE_FIELDS = ("name", "email", "phone", "address")
CUSTOMER_FIELD_LABELS = {
    "name": "name",
    "email": "email address",
    "phone": "phone number",
    "address": "address",
}


def contact_details_problems(*, email: str, phone: str) -> dict[str, str]:
    """What is wrong with an email address and a phone number, by field (empty when both are
    right or left blank). A phone number is kept as written; it only has to be one."""
    problems = {}
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems["email"] = "Enter an email address in the correct format, like name@example.com"
    if phone:
        try:
            number = phonenumbers.parse(phone, "GB")
            possible = phonenumbers.is_possible_number(number)
        except phonenumbers.NumberParseException:
            possible = False
        if not possible:
            problems["phone"] = "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
    return problems


@transaction.atomic
def customer_correct(*, case: Case, changes: dict[str, str], actor=None) -> Customer:
    """Correct the contact details of the person who gave the feedback. They are one customer across
    all their cases, so the correction applies to every case; the timeline of the case it was made
    from records each value before and after. Saved through `Customer.save()`, so that what is
    derived from the details stays right."""
    guards.require(guards.customer_correct(case))
    unknown = set(changes) - set(CUSTOMER_CORRECTABLE_FIELDS)
    if unknown:
        raise RuleBroken(f"These details cannot be corrected here: {', '.join(sorted(unknown))}.")
    cleaned = {field: (value or "").strip() for field, value in changes.items()}
    problems = contact_details_problems(email=cleaned.get("email", ""), phone=cleaned.get("phone", ""))
    if problems:
        field, message = next(iter(problems.items()))
        raise RuleBroken(message, field=field)
    customer = Customer.objects.select_for_update().get(cases=case)
    changed = {field: value for field, value in cleaned.items() if getattr(customer, field) != value}
    if not changed:
        raise RuleBroken("Nothing was changed: change a detail, or go back to the case.")
    before = {field: getattr(customer, field) for field in changed}
    for field, value in changed.items():
        setattr(customer, field, value)
    customer.save()
    case.customer = customer

    def shown(value: str) -> str:
        return f"“{' '.join(value.split())}”" if value else "(none)"

    corrections = "; ".join(
        f"{CUSTOMER_FIELD_LABELS[field]} from {shown(before[field])} to {shown(value)}"
        for field, value in changed.items()
    )
    _record(
        case,
        EventKind.DETAILS_CORRECTED,
        actor,
        f"Contact details corrected, for all their cases: {corrections}.",
        before=before,
        after=changed,
    )
    return customer
