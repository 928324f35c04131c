"""The workflow: each transition, what it records, and each move the rules refuse."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import IntegrityError, transaction

from heard.cases import services
from heard.cases.models import Case, CaseEvent, EventKind, Status
from heard.cases.tests.factories import (
    CaseFactory,
    ClosedInvestigationFactory,
    ComplaintsOfficerFactory,
    ComplimentFactory,
    InvestigatingManagerFactory,
    OmbudsmanReferralFactory,
    OpenInvestigationFactory,
    ServiceAreaFactory,
    TeamFactory,
)
from heard.core.errors import RuleBroken

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return ComplaintsOfficerFactory()


def log_complaint(officer, **overrides):
    fields = {
        "kind": "complaint",
        "received_on": date(2025, 6, 2),
        "service_area": ServiceAreaFactory(),
        "customer": services.customer_for(customer_ref="C100", name="Alex Parent"),
        "procedure": "statutory",
        "channel": "phone",
        "summary": "No reply from the social worker",
        "actor": officer,
    }
    return services.case_log(**(fields | overrides))


# --- Logging -----------------------------------------------------------------------------------


def test_logged_cases_get_unique_readable_references_numbered_per_year(officer):
    first = log_complaint(officer)
    second = log_complaint(officer, received_on=date(2025, 6, 3))
    next_year = log_complaint(officer, received_on=date(2026, 1, 5))
    assert (first.reference, second.reference) == ("CS-2025-00001", "CS-2025-00002")
    assert next_year.reference == "CS-2026-00001"


def test_a_reference_already_taken_by_an_imported_case_is_passed_over(officer):
    CaseFactory(reference="CS-2025-00001")
    CaseFactory(reference="CS-2025-00002")
    assert log_complaint(officer).reference == "CS-2025-00003"


def test_logging_records_who_logged_it_on_the_timeline(officer):
    case = log_complaint(officer)
    event = case.events.get()
    assert event.kind == EventKind.LOGGED
    assert event.actor == officer
    assert event.description == "Complaint received by phone"


def test_a_complaint_must_follow_a_procedure(officer):
    with pytest.raises(RuleBroken, match="must follow the statutory or the corporate procedure") as refused:
        log_complaint(officer, procedure="")
    assert refused.value.field == "procedure"


def test_a_complaint_must_name_the_person_who_made_it(officer):
    with pytest.raises(RuleBroken, match="must name the person who made it"):
        log_complaint(officer, customer=None)


def test_compliments_follow_no_complaints_procedure(officer):
    with pytest.raises(RuleBroken, match="Only complaints follow a complaints procedure"):
        log_complaint(officer, kind="compliment")
    compliment = log_complaint(officer, kind="compliment", procedure="", customer=None)
    assert compliment.acknowledgement_due_on is None


@time_machine.travel(datetime(2025, 6, 20, 9, 0, tzinfo=UTC), tick=False)
def test_feedback_cannot_be_received_in_the_future(officer):
    with pytest.raises(RuleBroken, match="cannot be in the future"):
        log_complaint(officer, received_on=date(2025, 6, 22))
    assert log_complaint(officer, received_on=date(2025, 6, 20)).received_on == date(2025, 6, 20)


def test_the_same_customer_reference_is_one_customer_across_cases(officer):
    first = log_complaint(officer)
    second = log_complaint(officer, customer=services.customer_for(customer_ref="C100", phone="0123"))
    assert first.customer_id == second.customer_id
    assert second.customer.phone == "0123"
    assert second.customer.name == "Alex Parent"


def test_a_customer_without_a_reference_gets_a_new_one():
    one = services.customer_for(name="A")
    two = services.customer_for(name="A")
    assert one.customer_ref and two.customer_ref and one.customer_ref != two.customer_ref


# --- Acknowledging and investigating -----------------------------------------------------------


def test_acknowledgement_is_recorded_and_cannot_predate_receipt(officer):
    case = log_complaint(officer)
    with pytest.raises(RuleBroken, match="cannot be before the case was received"):
        services.case_acknowledge(case=case, acknowledged_on=date(2025, 6, 1), actor=officer)
    services.case_acknowledge(case=case, acknowledged_on=date(2025, 6, 3), actor=officer)
    case.refresh_from_db()
    assert case.acknowledged_on == date(2025, 6, 3)
    assert case.events.last().kind == EventKind.ACKNOWLEDGED


def test_a_complaint_split_between_teams_has_numbered_stage_1_investigations(officer):
    case = CaseFactory()
    manager = InvestigatingManagerFactory()
    first = services.investigation_open(case=case, team=manager.team, investigator=manager, actor=officer)
    second = services.investigation_open(case=case, split=True, actor=officer)
    assert (first.number, second.number) == (1, 2)
    assert first.investigator_name == manager.display_name
    assert first.team == manager.team


def test_allocating_twice_without_saying_it_is_a_split_is_refused(officer):
    case = CaseFactory()
    manager = InvestigatingManagerFactory(team=TeamFactory(name="Fostering Team"))
    services.investigation_open(case=case, team=manager.team, investigator=manager, actor=officer)
    with pytest.raises(RuleBroken) as refused:
        services.investigation_open(case=case, team=manager.team, investigator=manager, actor=officer)
    assert str(refused.value) == (
        f"{case.reference} already has a stage 1 investigation (allocated to Fostering Team). To split the "
        "complaint between teams, say so; otherwise reallocate the one it has."
    )
    assert refused.value.field == "split"
    assert case.investigations.count() == 1


def test_an_investigator_from_another_team_is_refused_and_no_team_means_theirs(officer):
    fostering, leaving_care = TeamFactory(name="Fostering Team"), TeamFactory(name="Leaving Care Team")
    manager = InvestigatingManagerFactory(first_name="Mina", last_name="Manager", team=fostering)
    case = CaseFactory()
    with pytest.raises(RuleBroken) as refused:
        services.investigation_open(case=case, team=leaving_care, investigator=manager, actor=officer)
    assert str(refused.value) == (
        "Mina Manager is in the Fostering Team, not the Leaving Care Team: choose someone from the Leaving "
        "Care Team, or the Fostering Team."
    )
    assert refused.value.field == "investigator"
    investigation = services.investigation_open(case=case, investigator=manager, actor=officer)
    assert investigation.team == fostering
    with pytest.raises(RuleBroken, match="is in the Fostering Team, not the Leaving Care Team"):
        services.investigation_allocate(investigation=investigation, team=leaving_care, investigator=manager)


def test_compliments_are_not_investigated():
    with pytest.raises(RuleBroken, match="Only complaints can be investigated"):
        services.investigation_open(case=ComplimentFactory())


def test_an_extension_needs_a_reason():
    investigation = services.investigation_open(case=CaseFactory())
    with pytest.raises(RuleBroken, match="Give the reason for the extension") as refused:
        services.investigation_extend(investigation=investigation, extended_to=date(2025, 6, 20), reason=" ")
    assert refused.value.field == "reason"


def test_an_extension_must_move_the_due_date_later():
    investigation = services.investigation_open(case=CaseFactory())
    with pytest.raises(RuleBroken, match=r"must be after the current one \(16 June 2025\)"):
        services.investigation_extend(investigation=investigation, extended_to=date(2025, 6, 16), reason="x")


def test_an_extension_is_on_the_timeline_with_its_reason(officer):
    investigation = services.investigation_open(case=CaseFactory())
    services.investigation_extend(
        investigation=investigation,
        extended_to=date(2025, 6, 23),
        reason="Awaiting school records",
        actor=officer,
    )
    event = investigation.case.events.last()
    assert event.kind == EventKind.INVESTIGATION_EXTENDED
    assert event.before == {"due": "2025-06-16"}
    assert event.after == {"due": "2025-06-23", "reason": "Awaiting school records"}


def test_closing_needs_an_outcome():
    investigation = services.investigation_open(case=CaseFactory())
    with pytest.raises(RuleBroken, match="Record the outcome") as refused:
        services.investigation_close(investigation=investigation, closed_on=date(2025, 6, 10), outcome="")
    assert refused.value.field == "outcome"


def test_closing_the_last_open_investigation_closes_the_case():
    case = CaseFactory()
    first = services.investigation_open(case=case)
    second = services.investigation_open(case=case, split=True)
    services.investigation_close(investigation=first, closed_on=date(2025, 6, 10), outcome="upheld")
    case.refresh_from_db()
    assert case.status == Status.OPEN
    services.investigation_close(investigation=second, closed_on=date(2025, 6, 12), outcome="not_upheld")
    case.refresh_from_db()
    assert (case.status, case.closed_on) == (Status.CLOSED, date(2025, 6, 12))


def test_an_investigation_cannot_close_before_it_opened_or_twice():
    investigation = services.investigation_open(case=CaseFactory())
    with pytest.raises(RuleBroken, match="cannot be before the investigation opened"):
        services.investigation_close(
            investigation=investigation, closed_on=date(2025, 5, 30), outcome="upheld"
        )
    services.investigation_close(investigation=investigation, closed_on=date(2025, 6, 10), outcome="upheld")
    with pytest.raises(RuleBroken, match="already closed"):
        services.investigation_close(
            investigation=investigation, closed_on=date(2025, 6, 11), outcome="upheld"
        )
    with pytest.raises(RuleBroken, match="is closed: it cannot be extended"):
        services.investigation_extend(investigation=investigation, extended_to=date(2025, 6, 20), reason="x")


def test_closing_records_category_and_themes():
    from heard.cases.tests.factories import ProblemCategoryFactory, ThemeFactory

    investigation = services.investigation_open(case=CaseFactory())
    services.investigation_close(
        investigation=investigation,
        closed_on=date(2025, 6, 10),
        outcome="upheld",
        problem_category=ProblemCategoryFactory(),
        themes=[ThemeFactory()],
    )
    investigation.refresh_from_db()
    assert investigation.problem_category.name == "Service standards"
    assert [t.name for t in investigation.themes.all()] == ["EHC plans"]


# --- Escalation --------------------------------------------------------------------------------


def test_escalation_needs_the_current_stage_to_be_closed():
    case = CaseFactory()
    OpenInvestigationFactory(case=case)
    with pytest.raises(RuleBroken) as refused:
        services.case_escalate(case=case, requested_on=date(2025, 6, 20))
    assert str(refused.value) == (
        "Stage 1 is still open: it must be closed before the complaint can go to the next stage."
    )


def test_escalation_needs_a_stage_1_investigation():
    with pytest.raises(RuleBroken, match="has no stage 1 investigation to escalate from"):
        services.case_escalate(case=CaseFactory(), requested_on=date(2025, 6, 20))


def test_escalation_reopens_a_closed_case_at_the_next_stage(officer):
    case = CaseFactory(status=Status.CLOSED, closed_on=date(2025, 6, 13))
    ClosedInvestigationFactory(case=case, closed_on=date(2025, 6, 13))
    stage_2 = services.case_escalate(case=case, requested_on=date(2025, 6, 20), actor=officer)
    case.refresh_from_db()
    assert (case.status, case.closed_on) == (Status.OPEN, None)
    assert (stage_2.stage, stage_2.opened_on) == (2, date(2025, 6, 20))
    assert case.events.last().after["stage"] == 2


def test_no_stage_1_investigation_can_be_added_once_a_case_is_at_stage_2():
    case = CaseFactory()
    ClosedInvestigationFactory(case=case, closed_on=date(2025, 6, 13))
    services.case_escalate(case=case, requested_on=date(2025, 6, 20))
    with pytest.raises(RuleBroken, match="has gone beyond stage 1"):
        services.investigation_open(case=case)


# --- Withdrawal, closure, reopening ------------------------------------------------------------


def test_withdrawal_closes_open_investigations_as_withdrawn(officer):
    case = CaseFactory()
    investigation = services.investigation_open(case=case)
    services.case_withdraw(
        case=case, withdrawn_on=date(2025, 6, 5), reason="Resolved informally", actor=officer
    )
    case.refresh_from_db()
    investigation.refresh_from_db()
    assert case.status == Status.WITHDRAWN
    assert (investigation.outcome, investigation.closed_on) == ("withdrawn", date(2025, 6, 5))
    with pytest.raises(RuleBroken, match="is withdrawn: reopen it first"):
        services.investigation_open(case=case)


def test_reopening_needs_a_reason_and_a_closed_case(officer):
    case = CaseFactory()
    with pytest.raises(RuleBroken, match="is already open"):
        services.case_reopen(case=case, reason="x")
    services.case_withdraw(case=case, withdrawn_on=date(2025, 6, 5))
    with pytest.raises(RuleBroken, match="Give the reason for reopening"):
        services.case_reopen(case=case, reason="")
    services.case_reopen(case=case, reason="Customer changed their mind", actor=officer)
    case.refresh_from_db()
    assert (case.status, case.closed_on) == (Status.OPEN, None)
    assert case.events.last().before["status"] == "withdrawn"


def test_a_compliment_closes_directly_but_not_before_it_was_received():
    compliment = ComplimentFactory()
    with pytest.raises(RuleBroken, match="cannot close before it was received"):
        services.case_close(case=compliment, closed_on=date(2025, 6, 1))
    services.case_close(case=compliment, closed_on=date(2025, 6, 2))
    compliment.refresh_from_db()
    assert compliment.status == Status.CLOSED


def test_a_complaint_with_open_investigations_cannot_be_closed_directly():
    case = CaseFactory()
    OpenInvestigationFactory(case=case)
    with pytest.raises(RuleBroken, match="has open investigations"):
        services.case_close(case=case, closed_on=date(2025, 6, 10))


# --- Learning and the Ombudsman ----------------------------------------------------------------


def test_learning_and_actions_are_recorded_on_complaints_only(officer):
    case = CaseFactory()
    action = services.learning_record(
        case=case,
        kind="action",
        category="Apology",
        detail="Apology letter",
        due_on=date(2025, 6, 20),
        actor=officer,
    )
    assert action.due_on == date(2025, 6, 20)
    with pytest.raises(RuleBroken, match="Only actions have an owner and due and completion dates"):
        services.learning_record(
            case=case, kind="learning", category="Service delivery", due_on=date(2025, 6, 20)
        )
    with pytest.raises(RuleBroken, match="Only complaints can record learning"):
        services.learning_record(case=ComplimentFactory(), kind="learning", category="Service delivery")


def test_ombudsman_decision_is_recorded_with_its_date(officer):
    referral = OmbudsmanReferralFactory()
    with pytest.raises(RuleBroken, match="Choose the Ombudsman's decision"):
        services.ombudsman_decision_record(
            referral=referral, decision="pending", decided_on=date(2025, 10, 1)
        )
    with pytest.raises(RuleBroken, match="cannot be before the enquiry arrived"):
        services.ombudsman_decision_record(referral=referral, decision="upheld", decided_on=date(2025, 8, 1))
    services.ombudsman_decision_record(
        referral=referral,
        decision="upheld",
        decided_on=date(2025, 10, 1),
        remedy="Apology and £150",
        actor=officer,
    )
    referral.refresh_from_db()
    assert (referral.decision, referral.remedy) == ("upheld", "Apology and £150")
    assert referral.case.events.last().before == {"decision": "pending"}


# --- The timeline ------------------------------------------------------------------------------


def test_events_are_immutable():
    case = CaseFactory()
    services.case_acknowledge(case=case, acknowledged_on=date(2025, 6, 3))
    event = case.events.get()
    event.description = "rewritten"
    with pytest.raises(ValueError, match="immutable"):
        event.save()
    with pytest.raises(ValueError, match="immutable"):
        event.delete()
    assert CaseEvent.objects.get(pk=event.pk).description == "Acknowledged on 3 June 2025"


def test_a_full_statutory_journey_leaves_a_complete_timeline(officer):
    case = log_complaint(officer)
    services.case_acknowledge(case=case, acknowledged_on=date(2025, 6, 3), actor=officer)
    investigation = services.investigation_open(case=case, actor=officer)
    services.investigation_extend(
        investigation=investigation, extended_to=date(2025, 6, 20), reason="x", actor=officer
    )
    services.investigation_close(
        investigation=investigation, closed_on=date(2025, 6, 18), outcome="upheld", actor=officer
    )
    services.learning_record(case=case, kind="learning", category="Communication/information", actor=officer)
    services.case_escalate(case=case, requested_on=date(2025, 6, 25), actor=officer)
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds == [
        "logged",
        "acknowledged",
        "investigation_opened",
        "investigation_extended",
        "investigation_closed",
        "closed",
        "learning_recorded",
        "escalated",
    ]


def test_references_are_unique_in_the_database():
    CaseFactory(reference="CS-2025-00009")
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseFactory(reference="CS-2025-00009")
    assert Case.objects.count() == 1
