"""Every timescale of both procedures, worked out on a calendar by hand.

Dates are chosen clear of bank holidays unless a test says otherwise. 2 June 2025 and
1 June 2026 are Mondays.
"""

from datetime import date

import pytest

from heard.cases import services
from heard.cases.tests.factories import (
    CaseFactory,
    ClosedInvestigationFactory,
    CorporateComplaintFactory,
    OpenInvestigationFactory,
)
from heard.core.errors import RuleBroken
from heard.procedures.models import RuleSet
from heard.procedures.selectors import rules_in_force

pytestmark = pytest.mark.django_db


def open_stage_1(case, **kwargs):
    return services.investigation_open(case=case, **kwargs)


# --- Which version judges a case ---------------------------------------------------------------


def test_corporate_cases_received_before_1_april_2026_follow_the_councils_policy():
    rules = rules_in_force(procedure="corporate", received_on=date(2026, 3, 31))
    assert rules.name == "Corporate procedure (council policy)"
    assert rules.stage(1).response_days == 30


def test_corporate_cases_received_from_1_april_2026_follow_the_complaint_handling_code():
    rules = rules_in_force(procedure="corporate", received_on=date(2026, 4, 1))
    assert rules.name == "Corporate procedure (Ombudsman's Complaint Handling Code)"
    assert rules.acknowledgement_days == 5


def test_a_case_is_judged_by_the_version_in_force_when_received_not_when_handled():
    case = CorporateComplaintFactory(received_on=date(2026, 3, 30))  # Monday
    investigation = open_stage_1(case, opened_on=date(2026, 4, 7))
    # Council policy: 30 working days from opening (Easter 3 and 6 April 2026 are before it).
    assert investigation.due_on == date(2026, 5, 20)


def test_a_date_before_any_rule_set_is_refused_with_a_reason():
    with pytest.raises(RuleBroken, match="No statutory procedure was in force on 1 January 2000"):
        rules_in_force(procedure="statutory", received_on=date(2000, 1, 1))


def test_rule_sets_are_data_a_new_version_applies_from_its_date():
    current = RuleSet.objects.get(procedure="statutory", effective_from__lte=date(2025, 1, 1))
    newer = RuleSet.objects.create(
        procedure="statutory",
        name="Statutory (local variation)",
        effective_from=date(2025, 6, 1),
        acknowledgement_days=2,
    )
    for rule in current.stages.all():
        rule.pk = None
        rule.rule_set = newer
        rule.response_days = 12 if rule.stage == 1 else rule.response_days
        rule.extension_limit_days = max(rule.extension_limit_days, rule.response_days)
        rule.save()
    before = services.investigation_open(case=CaseFactory(received_on=date(2025, 5, 30)))
    after = services.investigation_open(case=CaseFactory(received_on=date(2025, 6, 2)))
    assert before.due_on == date(2025, 6, 13)  # 10 working days after Friday 30 May
    assert after.due_on == date(2025, 6, 18)  # 12 working days after Monday 2 June


# --- Statutory children's procedure ------------------------------------------------------------


def test_statutory_acknowledgement_is_due_within_3_working_days(officer):
    case = services.case_log(
        kind="complaint",
        received_on=date(2025, 6, 6),
        service_area=CaseFactory().service_area,
        customer=services.customer_for(customer_ref="C1"),
        procedure="statutory",
        actor=officer,
    )
    assert case.acknowledgement_due_on == date(2025, 6, 11)  # Friday + 3 working days


def test_statutory_stage_1_is_due_in_10_working_days():
    investigation = open_stage_1(CaseFactory(received_on=date(2025, 6, 2)))
    assert investigation.due_on == date(2025, 6, 16)


def test_statutory_stage_1_may_be_extended_to_20_working_days():
    investigation = open_stage_1(CaseFactory(received_on=date(2025, 6, 2)))
    services.investigation_extend(
        investigation=investigation, extended_to=date(2025, 6, 30), reason="Complex"
    )
    investigation.refresh_from_db()
    assert investigation.extended_to == date(2025, 6, 30)
    assert investigation.due_on == date(2025, 6, 16)  # the date before any extension is kept


def test_statutory_stage_1_extension_beyond_20_working_days_is_refused():
    investigation = open_stage_1(CaseFactory(received_on=date(2025, 6, 2)))
    with pytest.raises(RuleBroken) as refused:
        services.investigation_extend(
            investigation=investigation, extended_to=date(2025, 7, 1), reason="Complex"
        )
    assert str(refused.value) == (
        "The statutory children's procedure allows stage 1 to be extended to at most "
        "20 working days, which is 30 June 2025."
    )


def test_statutory_stage_2_is_due_in_25_working_days_extendable_to_65():
    stage_2 = escalated(CaseFactory(received_on=date(2025, 6, 2)), requested_on=date(2025, 6, 23))
    assert stage_2.due_on == date(2025, 7, 28)
    # 65 working days after Monday 23 June 2025, with the 25 August bank holiday, is 23 September.
    services.investigation_extend(investigation=stage_2, extended_to=date(2025, 9, 23), reason="IO ill")
    with pytest.raises(RuleBroken, match="at most 65 working days, which is 23 September 2025"):
        services.investigation_extend(investigation=stage_2, extended_to=date(2025, 9, 24), reason="More")


def test_statutory_stage_3_panel_within_30_working_days_report_5_after_response_15_after():
    case = CaseFactory(received_on=date(2025, 6, 2))
    stage_2 = escalated(case, requested_on=date(2025, 6, 23))
    services.investigation_close(investigation=stage_2, closed_on=date(2025, 7, 25), outcome="not_upheld")
    stage_3 = services.case_escalate(case=case, requested_on=date(2025, 8, 1))
    assert stage_3.stage == 3
    assert stage_3.due_on == date(2025, 9, 15)  # 30 working days; 25 August is a bank holiday
    services.investigation_panel_record(
        investigation=stage_3,
        panel_on=date(2025, 9, 10),
        members=["A Chair", "B Member", "C Member"],
        complainant_attended=True,
        report_on=date(2025, 9, 16),
    )
    stage_3.refresh_from_db()
    assert stage_3.panel_report_due_on == date(2025, 9, 17)
    assert stage_3.council_response_due_on == date(2025, 10, 7)


def test_a_review_panel_has_three_members():
    case = CaseFactory(received_on=date(2025, 6, 2))
    stage_2 = escalated(case, requested_on=date(2025, 6, 23))
    services.investigation_close(investigation=stage_2, closed_on=date(2025, 7, 25), outcome="not_upheld")
    stage_3 = services.case_escalate(case=case, requested_on=date(2025, 8, 1))
    with pytest.raises(RuleBroken, match="three independent members"):
        services.investigation_panel_record(
            investigation=stage_3, panel_on=date(2025, 9, 10), members=["A", "B"], complainant_attended=False
        )


def test_statutory_next_stage_may_be_asked_for_within_20_working_days():
    case = CaseFactory(received_on=date(2025, 6, 2))
    ClosedInvestigationFactory(case=case, closed_on=date(2025, 6, 13))
    # 20 working days after Friday 13 June 2025 is Friday 11 July.
    stage_2 = services.case_escalate(case=case, requested_on=date(2025, 7, 11))
    assert stage_2.stage == 2


def test_a_late_request_for_the_next_stage_needs_a_recorded_reason():
    case = CaseFactory(received_on=date(2025, 6, 2))
    ClosedInvestigationFactory(case=case, closed_on=date(2025, 6, 13))
    with pytest.raises(RuleBroken) as refused:
        services.case_escalate(case=case, requested_on=date(2025, 7, 14))
    assert str(refused.value) == (
        "The request came after the 20 working days allowed to ask for stage 2 "
        "(the window ended on 11 July 2025): record why it is accepted late."
    )
    stage_2 = services.case_escalate(
        case=case, requested_on=date(2025, 7, 14), reason="Complainant was in hospital"
    )
    assert "accepted late: Complainant was in hospital" in case.events.last().description
    assert stage_2.stage == 2


def test_the_statutory_procedure_has_no_stage_4():
    case = CaseFactory(received_on=date(2025, 6, 2))
    for stage in (1, 2, 3):
        ClosedInvestigationFactory(case=case, stage=stage, closed_on=date(2025, 6, 13))
    with pytest.raises(RuleBroken, match="Stage 3 is the last stage .* Ombudsman"):
        services.case_escalate(case=case, requested_on=date(2025, 6, 16))


# --- Corporate procedure: council policy (before 1 April 2026) ---------------------------------


def test_council_policy_stage_1_is_due_in_30_working_days_and_cannot_be_extended():
    investigation = open_stage_1(CorporateComplaintFactory(received_on=date(2025, 6, 2)))
    assert investigation.due_on == date(2025, 7, 14)
    with pytest.raises(RuleBroken) as refused:
        services.investigation_extend(
            investigation=investigation, extended_to=date(2025, 7, 15), reason="Complex"
        )
    assert str(refused.value) == (
        "The corporate procedure does not allow stage 1 to be extended beyond 30 working days."
    )


def test_council_policy_stage_2_is_due_in_30_working_days_and_is_the_last_stage():
    case = CorporateComplaintFactory(received_on=date(2025, 6, 2))
    stage_2 = escalated(case, requested_on=date(2025, 6, 23))
    assert stage_2.due_on == date(2025, 8, 4)
    services.investigation_close(investigation=stage_2, closed_on=date(2025, 7, 25), outcome="upheld")
    with pytest.raises(RuleBroken) as refused:
        services.case_escalate(case=case, requested_on=date(2025, 7, 28))
    assert str(refused.value) == (
        "Stage 2 is the last stage of the corporate procedure: the complainant may go to the "
        "Local Government and Social Care Ombudsman."
    )


# --- Corporate procedure: the Complaint Handling Code (from 1 April 2026) ----------------------


def test_code_acknowledgement_is_due_within_5_working_days(officer):
    case = services.case_log(
        kind="complaint",
        received_on=date(2026, 6, 1),
        service_area=CaseFactory().service_area,
        customer=services.customer_for(customer_ref="C2"),
        procedure="corporate",
        actor=officer,
    )
    assert case.acknowledgement_due_on == date(2026, 6, 8)


def test_code_stage_1_is_due_10_working_days_after_acknowledgement():
    case = CorporateComplaintFactory(received_on=date(2026, 6, 1))
    investigation = open_stage_1(case)
    # Not yet acknowledged: the clock is taken to start when acknowledgement falls due (8 June).
    assert investigation.due_on == date(2026, 6, 22)
    services.case_acknowledge(case=case, acknowledged_on=date(2026, 6, 3))
    investigation.refresh_from_db()
    assert investigation.due_on == date(2026, 6, 17)


def test_code_stage_1_may_be_extended_by_up_to_10_more_working_days():
    case = CorporateComplaintFactory(received_on=date(2026, 6, 1))
    services.case_acknowledge(case=case, acknowledged_on=date(2026, 6, 3))
    investigation = open_stage_1(case)
    services.investigation_extend(investigation=investigation, extended_to=date(2026, 7, 1), reason="Complex")
    with pytest.raises(RuleBroken, match="at most 20 working days, which is 1 July 2026"):
        services.investigation_extend(
            investigation=investigation, extended_to=date(2026, 7, 2), reason="More"
        )


def test_code_stage_2_is_acknowledged_in_5_and_answered_20_working_days_after_acknowledgement():
    case = CorporateComplaintFactory(received_on=date(2026, 6, 1))
    services.case_acknowledge(case=case, acknowledged_on=date(2026, 6, 3))
    stage_1 = open_stage_1(case)
    services.investigation_close(investigation=stage_1, closed_on=date(2026, 6, 15), outcome="not_upheld")
    stage_2 = services.case_escalate(case=case, requested_on=date(2026, 6, 22))
    assert stage_2.due_on == date(2026, 7, 27)  # 5 working days to 29 June, then 20 more
    services.investigation_acknowledge(investigation=stage_2, acknowledged_on=date(2026, 6, 24))
    stage_2.refresh_from_db()
    assert stage_2.due_on == date(2026, 7, 22)
    services.investigation_extend(investigation=stage_2, extended_to=date(2026, 8, 19), reason="Complex")
    with pytest.raises(RuleBroken, match="at most 40 working days, which is 19 August 2026"):
        services.investigation_extend(investigation=stage_2, extended_to=date(2026, 8, 20), reason="More")


# --- The Ombudsman -----------------------------------------------------------------------------


def test_ombudsman_response_is_due_28_calendar_days_after_the_enquiry():
    referral = services.ombudsman_referral_record(
        case=CaseFactory(received_on=date(2025, 6, 2)), received_on=date(2025, 9, 1)
    )
    assert referral.response_due_on == date(2025, 9, 29)


def test_ombudsman_may_set_its_own_response_date():
    referral = services.ombudsman_referral_record(
        case=CaseFactory(received_on=date(2025, 6, 2)),
        received_on=date(2025, 9, 1),
        response_due_on=date(2025, 9, 15),
    )
    assert referral.response_due_on == date(2025, 9, 15)


# --- Helpers -----------------------------------------------------------------------------------


def escalated(case, *, requested_on):
    OpenInvestigationFactory(case=case)
    services.investigation_close(
        investigation=case.investigations.get(stage=1), closed_on=case.received_on, outcome="not_upheld"
    )
    return services.case_escalate(case=case, requested_on=requested_on)


@pytest.fixture
def officer():
    from heard.cases.tests.factories import ComplaintsOfficerFactory

    return ComplaintsOfficerFactory()
