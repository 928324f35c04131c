"""The pages that act on what the sweep finds: escalations to acknowledge, delays investigators
report, actions to mark done, and the case list's escalated filter."""

import datetime
import html

import pytest
from django.urls import reverse

from heard.audit.models import CaseAccess
from heard.cases.models import CaseEvent, DelayReason, EventKind
from heard.cases.tests.factories import (
    ActionFactory,
    CaseFactory,
    EscalationFactory,
    OpenInvestigationFactory,
    SeniorManagerFactory,
)
from heard.cases.tests.test_views_actions import assert_done, assert_not_now, assert_refused, date_fields
from heard.core.testing.fixtures import signed_in

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime.datetime(2025, 6, 20, 9, 0, tzinfo=datetime.UTC), tick=False),
]
TODAY = datetime.date(2025, 6, 20)


def text(response) -> str:
    return html.unescape(response.content.decode())


# --- Escalations -------------------------------------------------------------------------------


def test_a_senior_manager_sees_what_was_escalated_to_them_and_acknowledges_it():
    head = SeniorManagerFactory(first_name="Hana", last_name="Head")
    mine = EscalationFactory(to=head)
    theirs = EscalationFactory()
    client = signed_in(head)
    page = text(client.get(reverse("cases:my_work")))
    assert "Escalated to you" in page and mine.case.reference in page
    listing = text(client.get(reverse("cases:escalations")))
    assert mine.case.reference in listing and theirs.case.reference not in listing
    assert "Still overdue" in listing
    url = reverse("cases:escalation_acknowledge", args=[mine.case.reference, mine.pk])
    assert_refused(
        client.post(url, {**date_fields("planned_on", None), "note": ""}), "Say what will be done", "id_note"
    )
    response = client.post(
        url,
        {
            "note": "Asked the team manager to reply this week",
            **date_fields("planned_on", TODAY + datetime.timedelta(days=5)),
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("cases:escalations")
    mine.refresh_from_db()
    assert mine.acknowledged_by == head and mine.planned_on == datetime.date(2025, 6, 25)
    event = CaseEvent.objects.get(kind=EventKind.ESCALATION_ACKNOWLEDGED)
    assert event.description == (
        "Escalation of the stage 1 response acknowledged; planned for 25 June 2025: "
        "Asked the team manager to reply this week"
    )
    assert CaseAccess.objects.filter(case=mine.case, user=head).exists()
    assert_not_now(client.get(url), "This escalation has been acknowledged.")
    # Somebody else's escalation is not theirs to acknowledge.
    other = reverse("cases:escalation_acknowledge", args=[theirs.case.reference, theirs.pk])
    assert client.get(other).status_code == 403


def test_the_case_page_shows_the_escalation_history(officer_client):
    escalation = EscalationFactory(to_description="Hana Head, head of service for Early Help")
    page = text(officer_client.get(reverse("cases:detail", args=[escalation.case.reference])))
    assert "Stage 1 response overdue: escalated to Hana Head, head of service for Early Help" in page
    history = page[page.index("Escalations of overdue work") :]
    assert "Hana Head, head of service for Early Help" in history
    assert "1 working day overdue" in history


def test_officers_see_everyones_escalations(officer_client):
    escalation = EscalationFactory()
    assert escalation.case.reference not in text(officer_client.get(reverse("cases:escalations")))
    assert escalation.case.reference in text(officer_client.get(reverse("cases:escalations") + "?everyone=1"))


def test_the_case_list_filters_by_escalated(officer_client):
    escalated = EscalationFactory().case
    quiet = CaseFactory()
    page = text(officer_client.get(reverse("cases:list") + "?escalated=1"))
    assert escalated.reference in page and quiet.reference not in page


def test_a_manager_sees_a_case_escalated_to_them(manager, manager_client):
    escalation = EscalationFactory(to=manager)
    assert manager_client.get(reverse("cases:detail", args=[escalation.case.reference])).status_code == 200


# --- Delays ------------------------------------------------------------------------------------


def test_an_investigator_reports_a_delay_that_the_feedback_team_sees(
    manager_client, managers_case, officer_client
):
    investigation = managers_case.investigations.get()
    url = reverse("cases:investigation_delay", args=[managers_case.reference, investigation.pk])
    waiting = DelayReason.objects.get(name="Waiting for information")
    assert_refused(
        manager_client.post(
            url, {"reason": waiting.pk, **date_fields("expected_on", datetime.date(2025, 6, 1))}
        ),
        "cannot be in the past",
        "id_expected_on_day",
    )
    other = DelayReason.objects.get(name="Other")
    assert_refused(
        manager_client.post(url, {"reason": other.pk, **date_fields("expected_on", TODAY)}),
        "Say what is causing the delay.",
        "id_note",
    )
    response = manager_client.post(
        url,
        {
            "reason": waiting.pk,
            "note": "The school has not sent its records",
            **date_fields("expected_on", datetime.date(2025, 7, 4)),
        },
    )
    assert_done(response, managers_case, "Delay reported")
    work = text(officer_client.get(reverse("cases:my_work")))
    delays = work[work.index("Delays reported by investigators") :]
    assert managers_case.reference in delays and "waiting for information, expected by 4 Jul 2025" in delays
    page = text(officer_client.get(reverse("cases:detail", args=[managers_case.reference])))
    assert "waiting for information; expected by 4 July 2025" in page
    assert "The school has not sent its records" in page


def test_a_closed_investigation_has_no_delay_to_report(officer_client):
    from heard.cases.tests.factories import ClosedInvestigationFactory

    closed = ClosedInvestigationFactory()
    url = reverse("cases:investigation_delay", args=[closed.case.reference, closed.pk])
    assert_not_now(officer_client.get(url), "there is no delay to report")


# --- Actions -----------------------------------------------------------------------------------


def test_the_owner_marks_their_action_done_from_the_list_of_actions_outstanding():
    owner = SeniorManagerFactory()
    action = ActionFactory(owner=owner, due_on=datetime.date(2025, 6, 16))
    done_elsewhere = ActionFactory(completed_on=datetime.date(2025, 6, 10))
    client = signed_in(owner)
    listing = text(client.get(reverse("cases:actions")))
    assert f"{action.case.service_area.name}: 1 outstanding, 1 overdue" in listing
    assert done_elsewhere.case.reference not in listing
    url = reverse("cases:action_complete", args=[action.case.reference, action.pk]) + "?from=actions"
    assert url in listing.replace("&amp;", "&")
    assert_refused(
        client.post(url, {**date_fields("completed_on", TODAY), "done": ""}), "Say what was done", "id_done"
    )
    response = client.post(url, {**date_fields("completed_on", TODAY), "done": "Ran a briefing for the team"})
    assert response.status_code == 302 and response["Location"] == reverse("cases:actions")
    action.refresh_from_db()
    assert (action.completed_on, action.done_note) == (TODAY, "Ran a briefing for the team")
    assert "No action is outstanding." in text(client.get(reverse("cases:actions")))
    assert CaseEvent.objects.filter(kind=EventKind.ACTION_COMPLETED, case=action.case).exists()


def test_an_action_is_recorded_with_its_owner_and_shown_on_the_case(officer_client, manager):
    case = OpenInvestigationFactory().case
    response = officer_client.post(
        reverse("cases:learning_record", args=[case.reference]),
        {
            "kind": "action",
            "category": "Training",
            "detail": "Brief the team",
            "owner": manager.pk,
            **date_fields("due_on", datetime.date(2025, 7, 31)),
            **date_fields("completed_on", None),
        },
    )
    assert_done(response, case, "Action recorded: Training")
    page = text(officer_client.get(reverse("cases:detail", args=[case.reference])))
    assert "Mina Manager" in page and "Mark as done" in page
