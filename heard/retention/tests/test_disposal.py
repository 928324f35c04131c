"""Retention rules, legal holds, the monthly disposal list and disposal: personal data goes, the
figures stay exactly as they were."""

import datetime
import json

import pytest
import time_machine

from heard.cases.models import CaseEvent, CasePerson, EventKind, Status
from heard.cases.selectors import CaseFilters, case_list
from heard.cases.tests.factories import (
    ActionFactory,
    CaseFactory,
    ClosedInvestigationFactory,
    ComplaintsOfficerFactory,
    ComplimentFactory,
    CustomerFactory,
    OmbudsmanReferralFactory,
)
from heard.casework.models import Document as Attachment
from heard.core.errors import RuleBroken
from heard.intake.tests.files import stored_pdf
from heard.reporting import metrics
from heard.retention import services
from heard.retention.models import DisposalStatus, RecordClass, RetentionRule

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 6, 1)


def closed_complaint(closed_on, **kwargs):
    received = closed_on - datetime.timedelta(days=20)
    case = CaseFactory(
        received_on=received,
        status=Status.CLOSED,
        closed_on=closed_on,
        summary="Pat Parent says the social worker never called about Sam",
        details="Sam (aged 9) was moved without a word to Pat.",
        desired_outcome="An apology to Pat and Sam",
        **kwargs,
    )
    ClosedInvestigationFactory(
        case=case, findings="Sam's social worker did not call Pat.", closed_on=closed_on
    )
    ActionFactory(case=case, detail="Tell Pat Parent when Sam's worker changes", category="Communication")
    CasePerson.objects.create(case=case, name="Sam Parent", role="child", date_of_birth=D(2010, 3, 4))
    return case


@pytest.fixture
def officer():
    return ComplaintsOfficerFactory(username="olu")


@pytest.fixture
def dispose(django_capture_on_commit_callbacks):
    """Draw the list on a day, authorise it, and let the disposal run as it does once the request's
    transaction commits."""

    def run(on: D, officer, *, before_authorising=None):
        disposal_list, _ = services.disposal_list_draw(on=on)
        if before_authorising:
            before_authorising(disposal_list)
        at = datetime.datetime(on.year, on.month, on.day, 10, tzinfo=datetime.UTC)
        with time_machine.travel(at, tick=False), django_capture_on_commit_callbacks(execute=True):
            services.disposal_list_authorise(disposal_list=disposal_list, actor=officer)
        disposal_list.refresh_from_db()
        return disposal_list

    return run


def test_a_complaint_is_due_six_years_after_it_closed_and_not_before():
    due = closed_complaint(D(2020, 5, 29))
    not_yet = closed_complaint(D(2020, 6, 2))
    CaseFactory(received_on=D(2019, 1, 7))  # open: never due
    found = {d.reference: d for d in services.due_for_disposal(TODAY)}
    assert set(found) == {due.reference}
    assert found[due.reference].due_on == D(2026, 5, 29)
    assert found[due.reference].record_class == RecordClass.COMPLAINT
    assert not_yet.reference not in found


def test_a_looked_after_childs_complaint_is_kept_for_its_own_longer_period():
    closed_complaint(D(2019, 5, 1), looked_after_child=True)
    assert list(services.due_for_disposal(TODAY)) == []


def test_rules_are_versioned_by_date_and_a_list_uses_the_rule_in_force_that_day():
    case = closed_complaint(D(2021, 5, 3))
    RetentionRule.objects.create(
        record_class=RecordClass.COMPLAINT,
        keep_years=5,
        effective_from=D(2026, 7, 1),
        source="Council policy 2026",
    )
    assert list(services.due_for_disposal(TODAY)) == []
    assert [d.reference for d in services.due_for_disposal(D(2026, 7, 1))] == [case.reference]


def test_a_legal_hold_on_the_case_or_the_person_keeps_it_off_the_list(officer):
    case = closed_complaint(D(2019, 5, 1))
    hold = services.legal_hold_place(case=case, reason="Insurance claim", whole_person=False, actor=officer)
    assert list(services.due_for_disposal(TODAY)) == []
    services.legal_hold_lift(case=case, reason="Claim settled", actor=officer)
    assert [d.reference for d in services.due_for_disposal(TODAY)] == [case.reference]
    services.legal_hold_place(case=case, reason="Subject access request", whole_person=True, actor=officer)
    assert list(services.due_for_disposal(TODAY)) == []
    hold.refresh_from_db()
    assert hold.lifted_by == officer and hold.lift_reason == "Claim settled"
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds.count(EventKind.LEGAL_HOLD_PLACED) == 2 and kinds.count(EventKind.LEGAL_HOLD_LIFTED) == 1
    with pytest.raises(RuleBroken, match="Say why"):
        services.legal_hold_place(case=case, reason=" ", whole_person=False, actor=officer)
    with pytest.raises(RuleBroken, match="already under a legal hold"):
        services.legal_hold_place(case=case, reason="Another claim", whole_person=False, actor=officer)


def test_the_list_is_drawn_once_a_month():
    closed_complaint(D(2019, 5, 1))
    first, created = services.disposal_list_draw(on=TODAY)
    again, created_again = services.disposal_list_draw(on=D(2026, 6, 15))
    assert created and not created_again and first == again
    assert first.items.count() == 1


def test_disposal_removes_personal_data_and_keeps_the_statistical_rows(officer, settings, tmp_path, dispose):
    settings.MEDIA_ROOT = tmp_path
    case = closed_complaint(D(2019, 5, 1))
    attachment = stored_pdf(case)
    stored = tmp_path / attachment.file.name
    assert stored.exists()

    disposal_list = dispose(TODAY, officer)

    assert disposal_list.status == DisposalStatus.DISPOSED
    assert disposal_list.authorised_by_name == officer.get_full_name()
    case.refresh_from_db()
    assert case.disposed_on == TODAY
    assert (case.summary, case.details, case.desired_outcome) == ("", "", "")
    investigation = case.investigations.get()
    assert investigation.findings == "" and investigation.outcome and investigation.closed_on
    learning = case.learning.get()
    assert learning.detail == "" and learning.category == "Communication"
    assert not CasePerson.objects.filter(case=case).exists()
    assert not Attachment.objects.filter(case=case).exists() and not stored.exists()
    assert list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True)) == [EventKind.DISPOSED]
    customer = case.customer
    customer.refresh_from_db()
    assert (customer.name, customer.email, customer.customer_ref) == ("", "", f"disposed-{customer.pk}")
    assert disposal_list.items.get().disposed
    assert list(services.due_for_disposal(D(2026, 7, 1))) == []


def test_a_complainants_details_stay_while_another_of_their_cases_is_kept(officer, dispose):
    customer = CustomerFactory(name="Pat Parent")
    closed_complaint(D(2019, 5, 1), customer=customer)
    CaseFactory(customer=customer, received_on=D(2026, 5, 1))
    dispose(TODAY, officer)
    customer.refresh_from_db()
    assert customer.name == "Pat Parent"


def test_a_case_kept_by_the_officer_or_held_after_drawing_is_not_disposed(officer, dispose):
    kept = closed_complaint(D(2019, 5, 1))
    held = closed_complaint(D(2019, 5, 2))
    gone = closed_complaint(D(2019, 5, 3))

    def review(disposal_list):
        services.disposal_item_keep(
            item=disposal_list.items.get(case=kept),
            reason="Still part of an Ombudsman investigation",
            actor=officer,
        )
        services.legal_hold_place(case=held, reason="Police inquiry", whole_person=False, actor=officer)

    disposal_list = dispose(TODAY, officer, before_authorising=review)
    for case in (kept, held, gone):
        case.refresh_from_db()
    assert kept.disposed_on is None and held.disposed_on is None and gone.disposed_on is not None
    reasons = dict(disposal_list.items.filter(kept=True).values_list("reference", "kept_reason"))
    assert reasons == {
        kept.reference: "Still part of an Ombudsman investigation",
        held.reference: "A legal hold was placed after the list was drawn.",
    }


def test_every_past_reports_figures_are_the_same_after_disposal(officer, dispose):
    repeat = CustomerFactory(name="Pat Parent")
    for day in range(1, 25):
        case = closed_complaint(D(2019, 5, day), **({"customer": repeat} if day <= 3 else {}))
        if day % 3 == 0:
            OmbudsmanReferralFactory(
                case=case,
                received_on=D(2019, 9, day),
                response_due_on=D(2019, 10, day),
                remedy="Pay Pat £100",
            )
    ComplimentFactory(received_on=D(2019, 6, 3), status=Status.CLOSED, closed_on=D(2019, 6, 3))
    figures = metrics.annual_report(2019).as_json()
    assert figures["complaints"]["repeat_customers"] == 1
    before = json.dumps(figures, sort_keys=True, default=str)
    disposal_list = dispose(TODAY, officer)
    assert disposal_list.items.filter(disposed=True).count() == 25
    after = json.dumps(metrics.annual_report(2019).as_json(), sort_keys=True, default=str)
    assert after == before


def test_the_daily_sweep_draws_the_months_list_once_and_tells_the_feedback_team(officer):
    from heard.chasing.services import chase
    from heard.notifications.models import Message, MessageKind

    closed_complaint(D(2019, 5, 1))
    chase(today=TODAY, send=False)
    chase(today=D(2026, 6, 2), send=False)
    message = Message.objects.get(kind=MessageKind.DISPOSAL_LIST)
    assert message.to == officer.email
    assert message.subject == "Disposal list for June 2026: 1 cases to review"
    assert "/staff/disposal/" in message.body


def test_a_disposed_case_is_no_longer_found_by_its_summary_or_complainants_name(officer, dispose):
    def found(q):
        return [case.reference for case in case_list(officer, CaseFilters(q=q), today=TODAY).cases]

    case = closed_complaint(D(2019, 5, 1), customer=CustomerFactory(name="Pat Fairweather"))
    assert found("Fairweather") == found("social worker") == [case.reference]
    dispose(TODAY, officer)
    assert found("Fairweather") == found("social worker") == []
    assert found(case.reference) == [case.reference]  # its reference is not personal data
