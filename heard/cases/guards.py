"""When each workflow action may be taken: a guard per action, returning "" when the case (or its
investigation, referral, action or escalation) allows it, or the reason it does not, in words a
complaints officer would use.

The services call these before they change anything (`require`), and the workflow table
(`heard.cases.workflow`) asks them which actions the case page offers, so the rules are written
once. What an action needs from the person taking it (a date, a reason) is the service's to check.
"""

from heard.cases import selectors
from heard.cases.models import Case, Escalation, Investigation, Kind, Learning, LearningKind, Status
from heard.cases.models import OmbudsmanReferral as Referral
from heard.core.errors import RuleBroken
from heard.core.formats import long_date

STAGE_NAMES = {1: "stage 1", 2: "stage 2", 3: "stage 3"}


def require(reason: str) -> None:
    """Refuse with the guard's reason, if it gave one."""
    if reason:
        raise RuleBroken(reason)


def _open(case: Case) -> str:
    if case.status != Status.OPEN:
        return f"Case {case.reference} is {case.get_status_display().lower()}: reopen it first."
    return ""


def _complaint(case: Case, action: str) -> str:
    if case.kind != Kind.COMPLAINT:
        return f"Only complaints can {action}; {case.reference} is a {case.kind}."
    return ""


def _stage(case: Case) -> int:
    return max((inv.stage for inv in case.investigations.all()), default=0)


# --- The case -----------------------------------------------------------------------------------


def case_acknowledge(case: Case) -> str:
    if reason := _complaint(case, "be acknowledged") or _open(case):
        return reason
    if case.acknowledged_on:
        return f"{case.reference} was acknowledged on {long_date(case.acknowledged_on)}."
    return ""


def investigation_open(case: Case) -> str:
    if reason := _complaint(case, "be investigated") or _open(case):
        return reason
    if _stage(case) > 1:
        return f"{case.reference} has gone beyond stage 1: a stage 1 investigation cannot be added."
    return ""


def case_escalate(case: Case) -> str:
    if reason := _complaint(case, "be escalated"):
        return reason
    if case.status == Status.WITHDRAWN:
        return f"{case.reference} was withdrawn: reopen it first."
    stage = _stage(case)
    if stage == 0:
        return f"{case.reference} has no stage 1 investigation to escalate from."
    if any(inv.is_open for inv in case.investigations.all() if inv.stage == stage):
        return (
            f"{STAGE_NAMES[stage].capitalize()} is still open: it must be closed before the complaint can "
            "go to the next stage."
        )
    if stage == 3 or selectors.case_rules(case).stage(stage + 1) is None:
        return (
            f"{STAGE_NAMES[stage].capitalize()} is the last stage of the "
            f"{case.get_procedure_display().lower()} procedure: the complainant may go to the Local "
            "Government and Social Care Ombudsman."
        )
    return ""


def learning_record(case: Case) -> str:
    return _complaint(case, "record learning and actions")


def case_withdraw(case: Case) -> str:
    return _open(case)


def case_reopen(case: Case) -> str:
    if case.status == Status.OPEN:
        return f"{case.reference} is already open."
    return ""


def case_close(case: Case) -> str:
    """A compliment or comment is closed by hand. So is a complaint that was resolved without an
    investigation once it has been acknowledged, or one reopened after its investigations closed;
    an open investigation closes its complaint when its outcome is recorded."""
    if reason := _open(case):
        return reason
    if any(inv.is_open for inv in case.investigations.all()):
        return f"{case.reference} has open investigations: record their outcomes, and the case closes."
    if case.kind == Kind.COMPLAINT and not case.acknowledged_on and not case.investigations.all():
        return f"Record the acknowledgement of {case.reference} first: a complaint is acknowledged before it closes."
    return ""


def always(target) -> str:
    return ""


# --- An investigation ---------------------------------------------------------------------------


def investigation_allocate(investigation: Investigation) -> str:
    if not investigation.is_open:
        return f"{investigation} is closed: it cannot be reallocated."
    return ""


def investigation_extend(investigation: Investigation) -> str:
    if not investigation.is_open:
        return f"{investigation} is closed: it cannot be extended."
    clock = selectors.stage_clock(investigation)
    if not clock.rule.extendable:
        return (
            f"The {investigation.case.get_procedure_display().lower()} procedure does not allow "
            f"{STAGE_NAMES[investigation.stage]} to be extended beyond {clock.rule.response_days} working days."
        )
    if investigation.current_due_on >= clock.dates.extension_limit:
        return (
            f"The {investigation.case.get_procedure_display().lower()} procedure allows "
            f"{STAGE_NAMES[investigation.stage]} to be extended to at most {clock.rule.extension_limit_days} "
            f"working days, which is {long_date(clock.dates.extension_limit)}: it is extended that far already."
        )
    return ""


def investigation_close(investigation: Investigation) -> str:
    if not investigation.is_open:
        return f"{investigation} is already closed."
    return ""


def investigation_acknowledge(investigation: Investigation) -> str:
    if investigation.stage == 1:
        return "Stage 1 is acknowledged with the complaint."
    if investigation.acknowledged_on:
        return f"The request for {STAGE_NAMES[investigation.stage]} was acknowledged on {long_date(investigation.acknowledged_on)}."
    return investigation_close(investigation)


def investigation_panel_record(investigation: Investigation) -> str:
    if investigation.stage != 3:
        return "Only a stage 3 review can record a panel."
    return ""


def investigation_delay_report(investigation: Investigation) -> str:
    if not investigation.is_open:
        return f"{investigation} is closed: there is no delay to report."
    return ""


# --- The Ombudsman, actions and escalations ------------------------------------------------------


def ombudsman_response_record(referral: Referral) -> str:
    if referral.response_sent_on:
        return f"The response was sent on {long_date(referral.response_sent_on)}."
    return ""


def ombudsman_decision_record(referral: Referral) -> str:
    if referral.decided_on:
        return f"The decision was recorded on {long_date(referral.decided_on)}."
    return ""


def ombudsman_remedy_complete(referral: Referral) -> str:
    if not referral.remedy.strip():
        return "The Ombudsman asked for no remedy on this enquiry."
    if referral.remedy_completed_on:
        return f"The remedy was completed on {long_date(referral.remedy_completed_on)}."
    return ""


def action_complete(item: Learning) -> str:
    if item.kind != LearningKind.ACTION:
        return "Only actions are done; this is a learning point."
    if item.completed_on:
        return f"This action was done on {long_date(item.completed_on)}."
    return ""


def escalation_acknowledge(escalation: Escalation) -> str:
    if escalation.acknowledged_at:
        return "This escalation has been acknowledged."
    return ""


def customer_correct(case: Case) -> str:
    if case.customer_id is None:
        return f"{case.reference} was given anonymously: there are no contact details to correct."
    if case.disposed_on:
        return f"The personal data of {case.reference} was disposed of: there are no details to correct."
    return ""
