"""Every workflow form: it does what it says, and a refusal shows the rule it breaks in the error
summary, linked to the field."""

import datetime
import html
from typing import cast

import pytest
from django.urls import reverse

from heard.audit.models import AccessAction, CaseAccess
from heard.cases.models import (
    Case,
    CaseEvent,
    EventKind,
    Investigation,
    Learning,
    OmbudsmanReferral,
    ServiceArea,
    Status,
)
from heard.cases.tests.factories import (
    CaseFactory,
    ClosedInvestigationFactory,
    ComplimentFactory,
    CorporateComplaintFactory,
    OmbudsmanReferralFactory,
    OpenInvestigationFactory,
    ProblemCategoryFactory,
    ServiceAreaFactory,
    TeamFactory,
    ThemeFactory,
)

RECEIVED = datetime.date(2025, 6, 2)  # a Monday; statutory stage 1 is due 16 June, at most 30 June
TODAY = datetime.date(2025, 10, 15)  # after every date the factories give

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime.datetime(2025, 10, 15, 10, 0, tzinfo=datetime.UTC), tick=False),
]


def date_fields(name: str, day: datetime.date | None) -> dict:
    if day is None:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def post(client, name: str, args: list, data: dict):
    return client.post(reverse(name, args=args), data)


def assert_done(response, case, message: str):
    assert response.status_code == 302, _errors(response)
    assert response["Location"] == reverse("cases:detail", args=[case.reference])
    page = html.unescape(response.client.get(response["Location"]).content.decode())
    assert "govuk-notification-banner--success" in page
    assert message in page


def _errors(response) -> str:
    content = html.unescape(response.content.decode()) if hasattr(response, "content") else ""
    start = content.find("govuk-error-summary__list")
    return content[start : start + 600] if start >= 0 else content[:300]


def assert_not_now(response, message: str):
    """The action cannot be taken on the case as it stands: the page says why, with no form."""
    assert response.status_code == 409
    page = html.unescape(response.content.decode())
    assert "This cannot be done now." in page and message in page, page[page.find("<main") :][:600]
    assert '<form method="post" novalidate>' not in page


def assert_refused(response, message: str, anchor: str | None = None):
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "There is a problem" in page
    summary = page[page.index("govuk-error-summary__list") :]
    summary = summary[: summary.index("</ul>")]
    assert message in summary, summary
    if anchor:
        assert f'href="#{anchor}"' in summary, summary
    assert "<title>Error: " in page


# --- Log feedback ----------------------------------------------------------------------------


def log_data(**overrides) -> dict:
    area = cast(ServiceArea, ServiceAreaFactory())
    data = {
        "kind": "complaint",
        "channel": "phone",
        "procedure": "statutory",
        "service_area": area.pk,
        "summary": "Social worker changed without warning",
        "customer_name": "Pat Parent",
        "customer_phone": "07700 900123",
        **date_fields("received_on", TODAY),
    }
    data.update(overrides)
    return data


def test_log_a_phone_complaint(officer_client, officer):
    response = officer_client.post(reverse("cases:log"), log_data(looked_after_child="1"))
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[case.reference])
    assert case.channel == "phone" and case.kind == "complaint" and case.procedure == "statutory"
    assert case.customer.name == "Pat Parent" and case.looked_after_child
    assert case.acknowledgement_due_on is not None
    event = case.events.get()
    assert event.kind == EventKind.LOGGED and event.actor == officer
    page = officer_client.get(response["Location"]).content.decode()
    assert f"Complaint logged as {case.reference}" in page


def test_log_a_compliment_by_letter_needs_no_procedure_or_name(officer_client):
    response = officer_client.post(
        reverse("cases:log"), log_data(kind="compliment", channel="letter", procedure="", customer_name="")
    )
    assert response.status_code == 302
    assert Case.objects.get().kind == "compliment"


def test_log_links_a_returning_customer_by_reference(officer_client):
    existing = CaseFactory(customer__customer_ref="C-RETURNING")
    officer_client.post(reverse("cases:log"), log_data(customer_ref="C-RETURNING", customer_name=""))
    new = Case.objects.exclude(pk=existing.pk).get()
    assert new.customer_id == existing.customer_id


@pytest.mark.parametrize(
    ("overrides", "message", "anchor"),
    [
        (
            {"procedure": ""},
            "A complaint must follow the statutory or the corporate procedure.",
            "id_procedure_0",
        ),
        ({"customer_name": ""}, "A complaint must name the person who made it.", "id_customer_name"),
        (
            date_fields("received_on", datetime.date(2099, 1, 1)),
            "The date received cannot be in the future.",
            "id_received_on_day",
        ),
        ({"summary": ""}, "Enter a summary of the feedback", "id_summary"),
        ({"kind": ""}, "Select what kind of feedback it is", "id_kind_0"),
        (
            {"received_on_day": "31", "received_on_month": "2"},
            "The date received must be a real date",
            "id_received_on_day",
        ),
        ({"received_on_year": ""}, "The date received must include a year", "id_received_on_day"),
        (
            {"customer_email": "not-an-email"},
            "Enter an email address in the correct format",
            "id_customer_email",
        ),
    ],
)
def test_log_refusals(officer_client, overrides, message, anchor):
    response = officer_client.post(reverse("cases:log"), log_data(**overrides))
    assert_refused(response, message, anchor)
    assert not Case.objects.exists()


def test_a_refused_log_leaves_no_customer_behind(officer_client):
    from heard.cases.models import Customer

    officer_client.post(reverse("cases:log"), log_data(procedure=""))
    assert not Customer.objects.exists()


# --- Correcting details ---------------------------------------------------------------------


def _details(case, **changes) -> dict:
    data = {
        "summary": case.summary,
        "details": case.details,
        "happened_on": case.happened_on,
        "desired_outcome": case.desired_outcome,
        "service_area": case.service_area_id,
        "team": case.team_id or "",
        "channel": case.channel,
        "relationship": case.relationship,
        "consent": case.consent,
    }
    for flag in ("on_behalf_of_child", "made_by_child", "looked_after_child", "advocate_requested"):
        if getattr(case, flag):
            data[flag] = "1"
    data.update(changes)
    return data


def test_correct_the_details(officer_client):
    case = CaseFactory(summary="Social worker changd")
    response = post(
        officer_client,
        "cases:update",
        [case.reference],
        _details(case, summary="Social worker changed", looked_after_child="1"),
    )
    assert_done(response, case, f"Details of {case.reference} corrected")
    case.refresh_from_db()
    assert case.summary == "Social worker changed" and case.looked_after_child
    event = case.events.get()
    assert (
        event.kind == EventKind.UPDATED
        and event.description == "Details corrected: summary, looked after child"
    )
    assert event.before == {"summary": "Social worker changd", "looked_after_child": "False"}


def test_correct_the_details_refusals(officer_client):
    case = CaseFactory()
    assert_refused(
        post(officer_client, "cases:update", [case.reference], _details(case)),
        "Nothing was changed: change a detail, or go back to the case.",
    )
    assert_refused(
        post(officer_client, "cases:update", [case.reference], _details(case, summary="")),
        "Enter a summary of the feedback",
        "id_summary",
    )
    assert not case.events.exists()


# --- People involved ------------------------------------------------------------------------


def test_add_a_person_involved(officer_client):
    case = CaseFactory()
    data = {
        "name": "Jamie",
        "role": "child",
        "notes": "Aged 9",
        **date_fields("date_of_birth", datetime.date(2016, 4, 1)),
    }
    response = post(officer_client, "cases:person_add", [case.reference], data)
    assert_done(response, case, "Jamie added to")
    person = case.people.get()
    assert person.role == "child" and person.date_of_birth == datetime.date(2016, 4, 1)
    assert case.events.get().description == "Person involved added: Jamie (Child or young person)"


@pytest.mark.parametrize(
    ("data", "message", "anchor"),
    [
        ({"name": "", "role": "child"}, "Enter the person's name.", "id_name"),
        ({"name": "Jamie", "role": ""}, "Choose the person's part in the case.", "id_role_0"),
        (
            {"name": "Jamie", "role": "child", **date_fields("date_of_birth", datetime.date(2099, 1, 1))},
            "The date of birth cannot be in the future.",
            "id_date_of_birth_day",
        ),
    ],
)
def test_add_a_person_refusals(officer_client, data, message, anchor):
    case = CaseFactory()
    response = post(
        officer_client, "cases:person_add", [case.reference], {**date_fields("date_of_birth", None), **data}
    )
    assert_refused(response, message, anchor)
    assert not case.people.exists()


# --- Acknowledge -----------------------------------------------------------------------------


def test_acknowledge(officer_client):
    case = CaseFactory()
    response = post(
        officer_client, "cases:acknowledge", [case.reference], date_fields("acknowledged_on", RECEIVED)
    )
    assert_done(response, case, "Acknowledgement recorded for")
    case.refresh_from_db()
    assert case.acknowledged_on == RECEIVED


@pytest.mark.parametrize(
    ("make", "day", "message", "anchor"),
    [
        (
            CaseFactory,
            datetime.date(2025, 5, 30),
            "The acknowledgement cannot be before the case was received (2 June 2025).",
            "id_acknowledged_on_day",
        ),
        (CaseFactory, None, "Enter the date acknowledged", "id_acknowledged_on_day"),
    ],
)
def test_acknowledge_refusals(officer_client, make, day, message, anchor):
    case = make()
    response = post(
        officer_client, "cases:acknowledge", [case.reference], date_fields("acknowledged_on", day)
    )
    assert_refused(response, message, anchor)


def test_a_closed_or_acknowledged_case_is_not_acknowledged_again(officer_client):
    closed = CaseFactory(status=Status.CLOSED)
    data = date_fields("acknowledged_on", RECEIVED)
    assert_not_now(
        post(officer_client, "cases:acknowledge", [closed.reference], data), "is closed: reopen it first."
    )
    acknowledged = CaseFactory(acknowledged_on=RECEIVED)
    assert_not_now(
        officer_client.get(reverse("cases:acknowledge", args=[acknowledged.reference])),
        "was acknowledged on 2 June 2025.",
    )


# --- Allocate --------------------------------------------------------------------------------


def test_allocate_a_stage_1_investigation(officer_client, manager):
    case = CaseFactory()
    data = {"team": manager.team.pk, "investigator": manager.pk, **date_fields("opened_on", None)}
    response = post(officer_client, "cases:investigation_open", [case.reference], data)
    assert_done(response, case, "Stage 1 investigation allocated; due 16 June 2025")
    investigation = case.investigations.get()
    assert investigation.investigator == manager and investigation.stage == 1
    assert investigation.due_on == datetime.date(2025, 6, 16)


def test_allocate_refusals(officer_client, manager):
    case = CaseFactory()
    data = {"team": manager.team.pk, **date_fields("opened_on", datetime.date(2025, 6, 1))}
    assert_refused(
        post(officer_client, "cases:investigation_open", [case.reference], data),
        "An investigation cannot open before the case was received (2 June 2025).",
        "id_opened_on_day",
    )
    compliment = ComplimentFactory()
    data = {"team": manager.team.pk, **date_fields("opened_on", None)}
    assert_not_now(
        post(officer_client, "cases:investigation_open", [compliment.reference], data),
        "Only complaints can be investigated",
    )
    assert_refused(
        post(officer_client, "cases:investigation_open", [case.reference], {}), "Choose the team", "id_team"
    )
    escalated = ClosedInvestigationFactory().case
    OpenInvestigationFactory(case=escalated, stage=2)
    assert_not_now(
        post(officer_client, "cases:investigation_open", [escalated.reference], data),
        "has gone beyond stage 1: a stage 1 investigation cannot be added.",
    )


def test_allocating_twice_asks_whether_the_complaint_is_split(officer_client, manager):
    case = CaseFactory()
    data = {"team": manager.team.pk, "investigator": manager.pk, **date_fields("opened_on", None)}
    assert_done(post(officer_client, "cases:investigation_open", [case.reference], data), case, "allocated")
    again = post(officer_client, "cases:investigation_open", [case.reference], data)
    assert_refused(again, "already has a stage 1 investigation", "id_split")
    assert case.investigations.count() == 1
    split = post(officer_client, "cases:investigation_open", [case.reference], {**data, "split": "on"})
    assert_done(split, case, "allocated")
    assert list(case.investigations.values_list("number", flat=True)) == [1, 2]


def test_an_investigator_from_another_team_is_refused(officer_client, manager):
    case = CaseFactory()
    other_team = TeamFactory(name="Leaving Care Team")
    data = {"team": other_team.pk, "investigator": manager.pk, **date_fields("opened_on", None)}
    response = post(officer_client, "cases:investigation_open", [case.reference], data)
    assert_refused(response, f"is in the {manager.team}, not the Leaving Care Team", "id_investigator")
    assert not case.investigations.exists()


def test_reallocate(officer_client, manager):
    investigation = OpenInvestigationFactory()
    response = post(
        officer_client,
        "cases:investigation_allocate",
        [investigation.case.reference, investigation.pk],
        {"team": manager.team.pk, "investigator": manager.pk},
    )
    assert_done(response, investigation.case, "")
    investigation.refresh_from_db()
    assert investigation.investigator == manager and investigation.investigator_name == "Mina Manager"


def test_reallocate_refused_when_closed(officer_client, manager):
    investigation = ClosedInvestigationFactory()
    response = post(
        officer_client,
        "cases:investigation_allocate",
        [investigation.case.reference, investigation.pk],
        {"team": manager.team.pk},
    )
    assert_not_now(response, "is closed: it cannot be reallocated.")


# --- Extend ----------------------------------------------------------------------------------


def _extend(client, investigation, day, reason="Waiting for the social worker's records"):
    return post(
        client,
        "cases:investigation_extend",
        [investigation.case.reference, investigation.pk],
        {**date_fields("extended_to", day), "reason": reason},
    )


def test_extend(officer_client):
    investigation = OpenInvestigationFactory(due_on=datetime.date(2025, 6, 16))
    response = _extend(officer_client, investigation, datetime.date(2025, 6, 27))
    assert_done(response, investigation.case, "stage 1 extended to 27 June 2025")
    investigation.refresh_from_db()
    assert investigation.extended_to == datetime.date(2025, 6, 27)
    assert investigation.extension_reason == "Waiting for the social worker's records"


def test_manager_extends_their_own_investigation(manager_client, managers_case):
    investigation = managers_case.investigations.get()
    response = _extend(manager_client, investigation, datetime.date(2025, 6, 27))
    assert response.status_code == 302
    investigation.refresh_from_db()
    assert investigation.extended_to == datetime.date(2025, 6, 27)


def test_extend_refusals(officer_client):
    investigation = OpenInvestigationFactory(due_on=datetime.date(2025, 6, 16))
    assert_refused(
        _extend(officer_client, investigation, datetime.date(2025, 6, 27), reason=""),
        "Give the reason for the extension.",
        "id_reason",
    )
    assert_refused(
        _extend(officer_client, investigation, datetime.date(2025, 6, 13)),
        "The new due date must be after the current one (16 June 2025).",
        "id_extended_to_day",
    )
    assert_refused(
        _extend(officer_client, investigation, datetime.date(2025, 7, 1)),
        "The statutory children's procedure allows stage 1 to be extended to at most 20 working days, "
        "which is 30 June 2025.",
        "id_extended_to_day",
    )
    corporate = OpenInvestigationFactory(case=CorporateComplaintFactory(), due_on=datetime.date(2025, 7, 14))
    assert_not_now(
        _extend(officer_client, corporate, datetime.date(2025, 7, 20)),
        "The corporate procedure does not allow stage 1 to be extended beyond 30 working days.",
    )
    closed = ClosedInvestigationFactory()
    assert_not_now(
        _extend(officer_client, closed, datetime.date(2025, 6, 27)), "is closed: it cannot be extended."
    )


# --- Record the outcome ----------------------------------------------------------------------


def _close(client, investigation, day, outcome="upheld", **extra):
    return post(
        client,
        "cases:investigation_close",
        [investigation.case.reference, investigation.pk],
        {**date_fields("closed_on", day), "outcome": outcome, **extra},
    )


def test_record_outcome_closes_the_case_with_category_and_themes(officer_client):
    investigation = OpenInvestigationFactory()
    category, theme = ProblemCategoryFactory(), ThemeFactory()
    response = _close(
        officer_client,
        investigation,
        datetime.date(2025, 6, 13),
        findings="The change was not explained.",
        problem_category=category.pk,
        themes=[theme.pk],
    )
    assert_done(response, investigation.case, "stage 1 closed: upheld")
    investigation.refresh_from_db()
    assert investigation.outcome == "upheld" and investigation.findings == "The change was not explained."
    assert investigation.problem_category == category and list(investigation.themes.all()) == [theme]
    assert Case.objects.get(pk=investigation.case_id).status == Status.CLOSED


def test_record_outcome_refusals(officer_client):
    investigation = OpenInvestigationFactory()
    assert_refused(
        _close(officer_client, investigation, datetime.date(2025, 6, 13), outcome=""),
        "Record the outcome of the investigation.",
        "id_outcome_0",
    )
    assert_refused(
        _close(officer_client, investigation, datetime.date(2025, 6, 1)),
        "The response cannot be before the investigation opened (2 June 2025).",
        "id_closed_on_day",
    )
    assert_refused(
        _close(officer_client, investigation, TODAY + datetime.timedelta(days=3)),
        "The response date cannot be in the future.",
        "id_closed_on_day",
    )
    closed = ClosedInvestigationFactory()
    assert_not_now(_close(officer_client, closed, datetime.date(2025, 6, 13)), "is already closed.")


# --- Learning and actions --------------------------------------------------------------------


def test_record_an_action(manager_client, managers_case):
    response = post(
        manager_client,
        "cases:learning_record",
        [managers_case.reference],
        {
            "kind": "action",
            "category": "Communication",
            "detail": "Brief the team",
            **date_fields("due_on", RECEIVED),
            **date_fields("completed_on", None),
        },
    )
    assert_done(response, managers_case, "Action recorded: Communication")
    assert Learning.objects.get().category == "Communication"


def test_learning_refusals(officer_client):
    case = CaseFactory()
    base = {**date_fields("due_on", None), **date_fields("completed_on", None)}
    assert_refused(
        post(
            officer_client,
            "cases:learning_record",
            [case.reference],
            {**base, "kind": "learning", "category": ""},
        ),
        "Choose a category.",
        "id_category",
    )
    assert_refused(
        post(
            officer_client,
            "cases:learning_record",
            [case.reference],
            {**base, "kind": "learning", "category": "Communication", **date_fields("due_on", RECEIVED)},
        ),
        "Only actions have an owner and due and completion dates.",
        "id_due_on_day",
    )
    compliment = ComplimentFactory()
    assert_not_now(
        post(
            officer_client,
            "cases:learning_record",
            [compliment.reference],
            {**base, "kind": "learning", "category": "X"},
        ),
        "Only complaints can record learning and actions",
    )


# --- Escalate --------------------------------------------------------------------------------


def test_escalate_to_stage_2(officer_client):
    investigation = ClosedInvestigationFactory()
    case = investigation.case
    response = post(
        officer_client,
        "cases:escalate",
        [case.reference],
        date_fields("requested_on", investigation.closed_on),
    )
    assert_done(response, case, "Escalated to stage 2")
    assert case.investigations.filter(stage=2).exists()
    assert Case.objects.get(pk=case.pk).status == Status.OPEN


def test_escalate_refusals(officer_client):
    open_case = OpenInvestigationFactory().case
    assert_not_now(
        post(officer_client, "cases:escalate", [open_case.reference], date_fields("requested_on", RECEIVED)),
        "Stage 1 is still open: it must be closed before the complaint can go to the next stage.",
    )
    fresh = CaseFactory()
    assert_not_now(
        post(officer_client, "cases:escalate", [fresh.reference], date_fields("requested_on", RECEIVED)),
        "has no stage 1 investigation to escalate from.",
    )
    investigation = ClosedInvestigationFactory()  # closed 12 June 2025; the window ends 20 working days on
    late = datetime.date(2025, 8, 1)
    assert_refused(
        post(
            officer_client,
            "cases:escalate",
            [investigation.case.reference],
            date_fields("requested_on", late),
        ),
        "record why it is accepted late.",
        "id_reason",
    )
    response = post(
        officer_client,
        "cases:escalate",
        [investigation.case.reference],
        {**date_fields("requested_on", late), "reason": "The complainant was in hospital"},
    )
    assert response.status_code == 302
    corporate = ClosedInvestigationFactory(case=CorporateComplaintFactory())
    ClosedInvestigationFactory(case=corporate.case, stage=2)
    assert_not_now(
        post(
            officer_client,
            "cases:escalate",
            [corporate.case.reference],
            date_fields("requested_on", datetime.date(2025, 7, 1)),
        ),
        "is the last stage of the corporate procedure",
    )


def test_acknowledge_a_stage_2_request(officer_client):
    stage2 = OpenInvestigationFactory(stage=2, opened_on=datetime.date(2025, 7, 1))
    url_args = [stage2.case.reference, stage2.pk]
    assert_refused(
        post(
            officer_client,
            "cases:investigation_acknowledge",
            url_args,
            date_fields("acknowledged_on", RECEIVED),
        ),
        "The acknowledgement cannot be before the request (1 July 2025).",
        "id_acknowledged_on_day",
    )
    response = post(
        officer_client,
        "cases:investigation_acknowledge",
        url_args,
        date_fields("acknowledged_on", datetime.date(2025, 7, 2)),
    )
    assert_done(response, stage2.case, "")
    assert Investigation.objects.get(pk=stage2.pk).acknowledged_on == datetime.date(2025, 7, 2)


def test_record_a_review_panel(officer_client):
    stage3 = OpenInvestigationFactory(stage=3, opened_on=datetime.date(2025, 9, 1))
    args = [stage3.case.reference, stage3.pk]
    data = {
        **date_fields("panel_on", datetime.date(2025, 10, 1)),
        "member_1": "A Chair",
        "member_2": "B Member",
        "member_3": "",
        "complainant_attended": "yes",
        **date_fields("report_on", None),
    }
    assert_refused(
        post(officer_client, "cases:investigation_panel", args, data),
        "A review panel has three independent members: name all three.",
        "id_member_1",
    )
    response = post(officer_client, "cases:investigation_panel", args, {**data, "member_3": "C Member"})
    assert_done(response, stage3.case, "")
    stage3.refresh_from_db()
    assert stage3.panel_members == ["A Chair", "B Member", "C Member"] and stage3.complainant_attended
    stage1 = OpenInvestigationFactory()
    assert_not_now(
        post(
            officer_client,
            "cases:investigation_panel",
            [stage1.case.reference, stage1.pk],
            {**data, "member_3": "C"},
        ),
        "Only a stage 3 review can record a panel.",
    )


# --- The Ombudsman ---------------------------------------------------------------------------


def test_record_an_ombudsman_enquiry_response_and_decision(officer_client):
    case = CaseFactory()
    response = post(
        officer_client,
        "cases:ombudsman_referral",
        [case.reference],
        {
            **date_fields("received_on", datetime.date(2025, 9, 1)),
            "ombudsman_reference": "25 001 234",
            **date_fields("response_due_on", None),
        },
    )
    assert_done(response, case, "")
    referral = OmbudsmanReferral.objects.get()
    assert referral.response_due_on == datetime.date(2025, 9, 29)
    args = [case.reference, referral.pk]
    assert_done(
        post(
            officer_client,
            "cases:ombudsman_response",
            args,
            date_fields("response_sent_on", datetime.date(2025, 9, 20)),
        ),
        case,
        "",
    )
    response = post(
        officer_client,
        "cases:ombudsman_decision",
        args,
        {
            "decision": "upheld",
            **date_fields("decided_on", datetime.date(2025, 11, 3)),
            "remedy": "Apology and £250",
        },
    )
    assert_done(response, case, "")
    referral.refresh_from_db()
    assert referral.response_sent_on == datetime.date(2025, 9, 20) and referral.decision == "upheld"


def test_ombudsman_refusals(officer_client):
    case = CaseFactory()
    assert_refused(
        post(
            officer_client,
            "cases:ombudsman_referral",
            [case.reference],
            {**date_fields("received_on", datetime.date(2025, 5, 1)), **date_fields("response_due_on", None)},
        ),
        "The Ombudsman's enquiry cannot be before the case was received (2 June 2025).",
        "id_received_on_day",
    )
    referral = OmbudsmanReferralFactory(case=case)
    args = [case.reference, referral.pk]
    assert_refused(
        post(
            officer_client,
            "cases:ombudsman_response",
            args,
            date_fields("response_sent_on", datetime.date(2025, 8, 1)),
        ),
        "The response cannot be before the enquiry arrived.",
        "id_response_sent_on_day",
    )
    assert_refused(
        post(
            officer_client,
            "cases:ombudsman_decision",
            args,
            {"decision": "", **date_fields("decided_on", datetime.date(2025, 10, 1))},
        ),
        "Choose the Ombudsman's decision.",
        "id_decision_0",
    )
    assert_refused(
        post(
            officer_client,
            "cases:ombudsman_decision",
            args,
            {"decision": "upheld", **date_fields("decided_on", datetime.date(2025, 8, 1))},
        ),
        "The decision cannot be before the enquiry arrived (1 September 2025).",
        "id_decided_on_day",
    )


# --- Withdraw, reopen, close -----------------------------------------------------------------


def test_withdraw_then_reopen(officer_client):
    investigation = OpenInvestigationFactory()
    case = investigation.case
    response = post(
        officer_client,
        "cases:withdraw",
        [case.reference],
        {**date_fields("withdrawn_on", datetime.date(2025, 6, 5)), "reason": "Resolved informally"},
    )
    assert_done(response, case, "")
    assert Case.objects.get(pk=case.pk).status == Status.WITHDRAWN
    assert Investigation.objects.get(pk=investigation.pk).outcome == "withdrawn"
    assert_not_now(
        post(
            officer_client,
            "cases:withdraw",
            [case.reference],
            date_fields("withdrawn_on", datetime.date(2025, 6, 6)),
        ),
        "is withdrawn: reopen it first.",
    )
    assert_refused(
        post(officer_client, "cases:reopen", [case.reference], {"reason": ""}),
        "Give the reason for reopening the case.",
        "id_reason",
    )
    assert_done(post(officer_client, "cases:reopen", [case.reference], {"reason": "Came back"}), case, "")
    assert Case.objects.get(pk=case.pk).status == Status.OPEN
    assert_not_now(
        post(officer_client, "cases:reopen", [case.reference], {"reason": "Again"}), "is already open."
    )


def test_withdraw_refused_before_received(officer_client):
    case = CaseFactory()
    assert_refused(
        post(
            officer_client,
            "cases:withdraw",
            [case.reference],
            date_fields("withdrawn_on", datetime.date(2025, 1, 1)),
        ),
        "A case cannot be withdrawn before it was received (2 June 2025).",
        "id_withdrawn_on_day",
    )


def test_close_a_compliment_after_confirming(officer_client):
    compliment = ComplimentFactory()
    data = date_fields("closed_on", RECEIVED)
    check = post(officer_client, "cases:close", [compliment.reference], data)
    assert check.status_code == 200
    assert f"{compliment.reference} closes on 2 June 2025." in html.unescape(check.content.decode())
    assert Case.objects.get(pk=compliment.pk).status == Status.OPEN, "nothing changes before it is confirmed"
    response = post(officer_client, "cases:close", [compliment.reference], {**data, "confirmed": "yes"})
    assert_done(response, compliment, "closed")
    assert Case.objects.get(pk=compliment.pk).status == Status.CLOSED


def test_a_complaint_closes_without_an_investigation_only_when_acknowledged_for_a_reason_once_confirmed(
    officer_client,
):
    complaint = CaseFactory()
    data = {**date_fields("closed_on", RECEIVED), "confirmed": "yes"}
    assert_not_now(
        post(officer_client, "cases:close", [complaint.reference], data),
        "Record the acknowledgement of",
    )
    Case.objects.filter(pk=complaint.pk).update(acknowledged_on=RECEIVED)
    assert_refused(
        post(officer_client, "cases:close", [complaint.reference], data),
        "Choose why the complaint is closing",
    )
    assert_refused(
        post(officer_client, "cases:close", [complaint.reference], {**data, "reason": "other"}),
        "Say why the complaint is closing.",
        "id_note",
    )
    check = post(
        officer_client,
        "cases:close",
        [complaint.reference],
        {**date_fields("closed_on", RECEIVED), "reason": "resolved"},
    )
    page = html.unescape(check.content.decode())
    assert "It closes without an investigation" in page and "Confirm: close" in page
    assert Case.objects.get(pk=complaint.pk).status == Status.OPEN
    done = post(officer_client, "cases:close", [complaint.reference], {**data, "reason": "resolved"})
    assert_done(done, complaint, "closed")
    closed = Case.objects.get(pk=complaint.pk)
    assert (closed.status, closed.closure_reason) == (Status.CLOSED, "resolved")
    assert "Resolved when first contacted" in closed.events.last().description


def test_close_refusals(officer_client):
    case = OpenInvestigationFactory().case
    assert_not_now(
        post(officer_client, "cases:close", [case.reference], date_fields("closed_on", RECEIVED)),
        "has open investigations: record their outcomes, and the case closes.",
    )
    compliment = ComplimentFactory()
    assert_refused(
        post(
            officer_client,
            "cases:close",
            [compliment.reference],
            {**date_fields("closed_on", datetime.date(2025, 1, 1)), "confirmed": "yes"},
        ),
        "A case cannot close before it was received (2 June 2025).",
        "id_closed_on_day",
    )


# --- Every change is on the timeline and in the access log -----------------------------------


def test_a_change_is_recorded_in_the_access_log_and_a_refusal_is_not(officer_client, officer):
    case = CaseFactory()
    post(
        officer_client,
        "cases:acknowledge",
        [case.reference],
        date_fields("acknowledged_on", datetime.date(2025, 1, 1)),
    )
    assert not CaseAccess.objects.filter(action=AccessAction.CHANGED).exists()
    assert not CaseEvent.objects.filter(kind=EventKind.ACKNOWLEDGED).exists()
    post(officer_client, "cases:acknowledge", [case.reference], date_fields("acknowledged_on", RECEIVED))
    entry = CaseAccess.objects.get(action=AccessAction.CHANGED)
    assert entry.user == officer and entry.case == case and "Acknowledgement recorded" in entry.what
