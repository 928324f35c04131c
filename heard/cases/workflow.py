"""The workflow as one table: every action on a case, declared once with the roles that may take it,
its guard (`heard.cases.guards`: allowed, or the reason it is not) and the service that takes it.

The case page asks `offered` which actions to show; every action view asks `refusal` before it shows
its form; the services raise from the same guards. No view works the rules out again.

Complaints officers may take every action. Investigating managers take the actions marked
`managers` on the work in their reach: the investigations allocated to them or their team, and
those cases' learning and actions. Some actions belong to a person as well: an action's owner may
record it done, and a manager an escalation went to may acknowledge it. Senior managers and
administrators change nothing else, but for the actions only senior managers take (deciding,
reviewing and ending an unreasonable behaviour designation).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from heard.accounts.models import Role
from heard.cases import guards, selectors, services
from heard.cases.models import Case, Escalation, Investigation, Learning, OmbudsmanReferral
from heard.casework import services as casework
from heard.conduct import services as conduct
from heard.letters import services as letters
from heard.letters.models import Letter
from heard.people import services as people
from heard.retention import services as retention


def _belongs_to(user, target) -> bool:
    if isinstance(target, Learning):
        return target.owner_id == user.pk
    if isinstance(target, Escalation):
        return target.to_id == user.pk
    if isinstance(target, Investigation):
        return target.investigator_id == user.pk
    if isinstance(target, Letter):
        return target.drafted_by_id == user.pk or (
            target.investigation is not None and target.investigation.investigator_id == user.pk
        )
    return False


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    guard: Callable[[Any], str]
    service: Callable[..., Any] | None
    managers: bool = False  # investigating managers too, on the work in their reach
    personal: bool = False  # and the person the action or escalation belongs to
    roles: frozenset[str] = frozenset()  # when given, these roles only (and no other rule applies)


SENIOR = frozenset({Role.SENIOR_MANAGER})


ACTIONS: dict[str, Action] = {
    action.name: action
    for action in [
        # On no case yet.
        Action("case_log", "Log feedback", guards.always, services.case_log),
        # On a case.
        Action("case_acknowledge", "Acknowledge", guards.case_acknowledge, services.case_acknowledge),
        Action(
            "investigation_open",
            "Allocate an investigation",
            guards.investigation_open,
            services.investigation_open,
        ),
        Action("case_escalate", "Escalate to the next stage", guards.case_escalate, services.case_escalate),
        Action("case_close", "Close the case", guards.case_close, services.case_close),
        Action(
            "learning_record",
            "Record learning or an action",
            guards.learning_record,
            services.learning_record,
            managers=True,
        ),
        Action(
            "ombudsman_referral_record",
            "Record an Ombudsman enquiry",
            guards.always,
            services.ombudsman_referral_record,
        ),
        Action("case_reopen", "Reopen", guards.case_reopen, services.case_reopen),
        Action("case_withdraw", "Withdraw", guards.case_withdraw, services.case_withdraw),
        Action("case_update", "Correct the details", guards.always, services.case_update),
        Action(
            "customer_correct",
            "Correct their contact details",
            guards.customer_correct,
            services.customer_correct,
        ),
        Action("access_log", "See the access log", guards.always, None),
        Action(
            "legal_hold_place",
            "Place a legal hold",
            retention.legal_hold_place_refusal,
            retention.legal_hold_place,
        ),
        Action(
            "legal_hold_lift",
            "Lift the legal hold",
            retention.legal_hold_lift_refusal,
            retention.legal_hold_lift,
        ),
        # On the person who gave the case: unreasonable behaviour designations (heard.conduct).
        Action(
            "designation_propose",
            "Propose an unreasonable behaviour designation",
            conduct.designation_propose_refusal,
            conduct.designation_propose,
        ),
        Action(
            "designation_decide",
            "Decide",
            conduct.designation_decide_refusal,
            conduct.designation_decide,
            roles=SENIOR,
        ),
        Action(
            "designation_tell", "Send the letter", conduct.designation_tell_refusal, conduct.designation_tell
        ),
        Action(
            "designation_review",
            "Review",
            conduct.designation_in_force_refusal,
            conduct.designation_review,
            roles=SENIOR,
        ),
        Action(
            "designation_end",
            "End early",
            conduct.designation_in_force_refusal,
            conduct.designation_end,
            roles=SENIOR,
        ),
        # The case's papers.
        Action(
            "document_add",
            "Add a document",
            casework.document_add_refusal,
            casework.document_add,
            managers=True,
        ),
        Action(
            "contact_record",
            "Record a contact",
            casework.contact_record_refusal,
            casework.contact_record,
            managers=True,
        ),
        Action(
            "bundle_produce",
            "Produce the Ombudsman bundle",
            casework.bundle_produce_refusal,
            casework.bundle_produce,
        ),
        Action("letter_draft", "Draft a letter", letters.letter_draft_refusal, letters.letter_draft),
        Action("person_split", "Move to another person", people.person_split_refusal, people.person_split),
        # On an investigation.
        Action(
            "investigation_acknowledge",
            "Acknowledge request",
            guards.investigation_acknowledge,
            services.investigation_acknowledge,
        ),
        Action(
            "investigation_allocate",
            "Reallocate",
            guards.investigation_allocate,
            services.investigation_allocate,
        ),
        Action(
            "investigation_extend",
            "Extend",
            guards.investigation_extend,
            services.investigation_extend,
            managers=True,
        ),
        Action(
            "investigation_delay_report",
            "Report a delay",
            guards.investigation_delay_report,
            services.investigation_delay_report,
            managers=True,
        ),
        Action(
            "investigation_close",
            "Record outcome",
            guards.investigation_close,
            services.investigation_close,
            managers=True,
        ),
        Action(
            "investigation_panel_record",
            "Record panel",
            guards.investigation_panel_record,
            services.investigation_panel_record,
        ),
        Action(
            "investigation_letter_draft",
            "Draft a letter",
            letters.investigation_letter_draft_refusal,
            letters.letter_draft,
            personal=True,  # the investigation's investigator
        ),
        # On an Ombudsman enquiry.
        Action(
            "ombudsman_response_record",
            "Record response",
            guards.ombudsman_response_record,
            services.ombudsman_response_record,
        ),
        Action(
            "ombudsman_decision_record",
            "Record decision",
            guards.ombudsman_decision_record,
            services.ombudsman_decision_record,
        ),
        Action(
            "ombudsman_remedy_complete",
            "Record remedy completed",
            guards.ombudsman_remedy_complete,
            services.ombudsman_remedy_complete,
        ),
        # On an action, and on an escalation.
        Action(
            "action_complete",
            "Mark as done",
            guards.action_complete,
            services.action_complete,
            managers=True,
            personal=True,
        ),
        Action(
            "escalation_acknowledge",
            "Acknowledge",
            guards.escalation_acknowledge,
            services.escalation_acknowledge,
            personal=True,
        ),
        # On a letter: its drafter (or the stage's investigator) corrects and sends it; the feedback
        # team checks it.
        Action(
            "letter_edit",
            "Correct the letter",
            letters.letter_edit_refusal,
            letters.letter_edit,
            personal=True,
        ),
        Action(
            "letter_submit",
            "Send for quality check",
            letters.letter_submit_refusal,
            letters.letter_submit,
            personal=True,
        ),
        Action("letter_check", "Check the letter", letters.letter_check_refusal, letters.letter_check),
        Action(
            "letter_send", "Send the letter", letters.letter_send_refusal, letters.letter_send, personal=True
        ),
    ]
}


def _in_reach(user, target) -> bool:
    """Whether an investigating manager's work includes the target."""
    if isinstance(target, Investigation):
        return target.investigator_id == user.pk or (
            user.team_id is not None and target.team_id == user.team_id
        )
    if isinstance(target, Learning):
        target = target.case
    if isinstance(target, Case):
        return any(_in_reach(user, inv) for inv in target.investigations.all())
    return False


def permitted(user, name: str, target=None) -> bool:
    """Whether the user's role (or their part in it) lets them take the action on the target; the
    target must already have come from `selectors.case_visible_to(user)`."""
    action = ACTIONS[name]
    role = selectors.role_of(user)
    if not role:
        return False
    if action.roles:
        return role in action.roles
    if role == Role.COMPLAINTS_OFFICER:
        return True
    if action.personal and target is not None and _belongs_to(user, target):
        return True
    return (
        action.managers
        and role == Role.INVESTIGATING_MANAGER
        and target is not None
        and _in_reach(user, target)
    )


def refusal(name: str, target=None) -> str:
    """Why the action cannot be taken on the target now ("" when it can)."""
    return ACTIONS[name].guard(target)


def allowed(user, name: str, target=None) -> bool:
    return permitted(user, name, target) and not refusal(name, target)


@dataclass
class Offered:
    """The actions the case page shows: on the case, and on each of its parts by id."""

    case: set[str]
    investigations: dict[int, set[str]]
    referrals: dict[int, set[str]]
    learning: dict[int, set[str]]
    escalations: dict[int, set[str]]
    letters: dict[int, set[str]] = field(default_factory=dict)

    def __contains__(self, name: str) -> bool:
        return name in self.case


CASE_ACTIONS = [
    "case_acknowledge",
    "investigation_open",
    "case_escalate",
    "case_close",
    "learning_record",
    "ombudsman_referral_record",
    "case_reopen",
    "case_withdraw",
    "case_update",
    "customer_correct",
    "access_log",
    "legal_hold_place",
    "legal_hold_lift",
    "designation_propose",
    "document_add",
    "contact_record",
    "bundle_produce",
    "letter_draft",
    "person_split",
]
DESIGNATION_ACTIONS = ["designation_decide", "designation_tell", "designation_review", "designation_end"]
PART_ACTIONS: dict[type, list[str]] = {
    Investigation: [
        "investigation_acknowledge",
        "investigation_allocate",
        "investigation_extend",
        "investigation_delay_report",
        "investigation_close",
        "investigation_panel_record",
        "investigation_letter_draft",
    ],
    OmbudsmanReferral: [
        "ombudsman_response_record",
        "ombudsman_decision_record",
        "ombudsman_remedy_complete",
    ],
    Learning: ["action_complete"],
    Escalation: ["escalation_acknowledge"],
    Letter: ["letter_edit", "letter_submit", "letter_check", "letter_send"],
}


def offered(user, case: Case, *, investigations, referrals, learning, escalations, letters=()) -> Offered:
    def each(parts) -> dict[int, set[str]]:
        return {
            part.pk: {name for name in PART_ACTIONS[type(part)] if allowed(user, name, part)}
            for part in parts
        }

    return Offered(
        case={name for name in CASE_ACTIONS if allowed(user, name, case)},
        investigations=each(investigations),
        referrals=each(referrals),
        learning=each(learning),
        escalations=each(escalations),
        letters=each(letters),
    )
