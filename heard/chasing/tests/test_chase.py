"""The daily sweep, rule by rule, each run for a fixed day: reminders, the escalation ladder, the
feedback team's day, digests and actions; a second run sends nothing new, a dry run changes nothing,
and two runs at once record each thing once."""

import datetime
import threading
from unittest import mock

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection

from heard.cases import services as case_services
from heard.cases.models import CaseEvent, Escalation, EventKind
from heard.cases.tests.factories import (
    ActionFactory,
    CaseFactory,
    OmbudsmanReferralFactory,
    SeniorManagerFactory,
)
from heard.chasing import services as chasing
from heard.chasing.models import ChasePolicy, EscalationStep, Recipient
from heard.chasing.tasks import chase_daily
from heard.chasing.tests.conftest import chase, d, sent_to
from heard.notifications.models import Message, MessageKind, MessageTemplate
from heard.notifications.services import message_templates

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime.datetime(2026, 7, 20, 7, 0, tzinfo=datetime.UTC), tick=False),
]


# --- Reminders ---------------------------------------------------------------------------------


def reminders(address: str = "") -> list:
    return [
        m for m in (sent_to(address) if address else mail.outbox) if "stage 1 response is due" in m.subject
    ]


def test_the_investigator_and_their_manager_are_reminded_3_working_days_before_and_on_the_day(
    people, investigation
):
    chase(d(2026, 6, 11))  # 4 working days before
    assert reminders() == []
    chase(d(2026, 6, 12))  # Friday: 15, 16 and 17 June are left
    for address in ("ivo@council.example", "tam@council.example"):
        [reminder] = reminders(address)
        assert reminder.subject == "CS-2026-00042: the stage 1 response is due in 3 working days"
        assert "it is due on 17 June 2026" in reminder.body
        assert "Allocated to: Family Support Team, Ivo Vesti." in reminder.body
        assert "http://127.0.0.1:8000/staff/cases/CS-2026-00042/" in reminder.body
    chase(d(2026, 6, 12))
    chase(d(2026, 6, 15))
    assert len(reminders()) == 2, "once before the day, however often the sweep runs"
    chase(d(2026, 6, 17))
    assert reminders("ivo@council.example")[-1].subject == "CS-2026-00042: the stage 1 response is due today"
    assert len(reminders()) == 4


def test_the_reminder_days_are_the_councils_to_set(people, investigation):
    ChasePolicy.objects.update(reminder_working_days=5)
    chase(d(2026, 6, 10))
    assert "due in 5 working days" in reminders("ivo@council.example")[0].subject


def test_a_response_that_has_been_sent_is_not_chased(people, investigation):
    case_services.investigation_close(investigation=investigation, closed_on=d(2026, 6, 10), outcome="upheld")
    chase(d(2026, 6, 12))
    chase(d(2026, 6, 18))
    assert reminders() == [] and not Escalation.objects.exists()


# --- The ladder --------------------------------------------------------------------------------


def escalations():
    return list(
        Escalation.objects.order_by("id").values_list(
            "step", "repeat", "to__username", "working_days_overdue"
        )
    )


def test_overdue_work_climbs_the_ladder_once_a_step_and_repeats_while_still_overdue(people, investigation):
    chase(d(2026, 6, 18))  # the first working day overdue: the head of service
    assert escalations() == [(1, 0, "hana", 1)]
    [message] = sent_to("hana@council.example")
    assert message.subject == "Overdue: CS-2026-00042 stage 1 response, 1 working day late"
    assert "It comes to you as head of service for Early Help." in message.body
    assert "/staff/escalations/" in message.body
    event = CaseEvent.objects.get(kind=EventKind.OVERDUE_ESCALATED)
    assert event.case == investigation.case
    assert event.description == (
        "The stage 1 response to CS-2026-00042 was due on 17 June 2026 and is 1 working day overdue. "
        "Escalated to Hana Head, head of service for Early Help."
    )
    for day in (18, 19, 22, 23, 24):
        chase(d(2026, 6, day))
    assert escalations() == [(1, 0, "hana", 1)], "never twice for the same step"
    chase(d(2026, 6, 25))  # 6 working days overdue: the repeat, every 5 working days
    assert escalations()[-1] == (1, 1, "hana", 6)
    chase(d(2026, 7, 1))  # 10 working days overdue: the director
    assert escalations()[-1] == (2, 0, "dan", 10)
    assert len(escalated_to("dan@council.example")) == 1
    assert len(escalated_to("hana@council.example")) == 2
    assert CaseEvent.objects.filter(kind=EventKind.OVERDUE_ESCALATED).count() == 3


def escalated_to(address: str) -> list:
    return [m for m in sent_to(address) if m.subject.startswith("Overdue: ")]


def test_an_extension_gives_the_work_a_new_due_date_and_the_ladder_starts_again(people, investigation):
    chase(d(2026, 6, 18))
    case_services.investigation_extend(
        investigation=investigation, extended_to=d(2026, 6, 30), reason="Records"
    )
    chase(d(2026, 6, 19))
    assert len(escalations()) == 1
    chase(d(2026, 7, 1))
    assert escalations()[-1] == (1, 0, "hana", 1)
    assert Escalation.objects.order_by("id").last().due_on == d(2026, 6, 30)


def test_a_service_area_has_its_own_ladder_when_it_sets_one(people, investigation):
    named = SeniorManagerFactory(username="nia", first_name="Nia", last_name="Named")
    EscalationStep.objects.create(
        service_area=people.area, after_working_days=3, recipient=Recipient.PERSON, person=named
    )
    chase(d(2026, 6, 18))
    assert escalations() == [], "the area's own ladder starts at 3 working days"
    chase(d(2026, 6, 22))
    assert escalations() == [(1, 0, "nia", 3)]
    assert Escalation.objects.get().to_description == "Nia Named, the person named on the escalation ladder"


def test_with_nobody_in_post_the_feedback_team_is_told_and_the_case_says_so(people, investigation):
    people.area.head = None
    people.area.save()
    output = chase(d(2026, 6, 18))
    escalation = Escalation.objects.get()
    assert escalation.to is None
    assert escalation.to_description == (
        "the feedback team (there is no head of service for Early Help with an email address)"
    )
    assert len(sent_to("olu@council.example")) == 1
    assert "Nobody to tell: CS-2026-00042: no head of service for Early Help" in output


def test_the_ladder_is_the_councils_to_change(people, investigation):
    ChasePolicy.objects.update(repeat_every_working_days=2)
    chase(d(2026, 6, 18))
    chase(d(2026, 6, 22))  # 3 working days overdue: the first repeat
    assert escalations() == [(1, 0, "hana", 1), (1, 1, "hana", 3)]


# --- The feedback team's day -------------------------------------------------------------------


def test_the_feedback_team_hears_of_acknowledgements_due_today_and_ombudsman_responses_due_soon(people):
    to_acknowledge = CaseFactory(
        reference="CS-2026-00050",
        received_on=d(2026, 6, 12),
        acknowledgement_due_on=d(2026, 6, 17),
        service_area=people.area,
    )
    late = CaseFactory(
        reference="CS-2026-00051",
        received_on=d(2026, 6, 9),
        acknowledgement_due_on=d(2026, 6, 12),
        service_area=people.area,
    )
    OmbudsmanReferralFactory(
        case=CaseFactory(reference="CS-2025-00099", service_area=people.area),
        ombudsman_reference="25 001 234",
        received_on=d(2026, 5, 26),
        response_due_on=d(2026, 6, 23),
    )
    chase(d(2026, 6, 17))
    [daily] = sent_to("olu@council.example")
    assert daily.subject == "Acknowledgements and Ombudsman responses due: 17 June 2026"
    assert f"- {to_acknowledge.reference} (Early Help)" in daily.body
    assert "- CS-2025-00099: Ombudsman enquiry 25 001 234, due in 4 working days" in daily.body
    assert late.reference not in daily.body
    escalation = Escalation.objects.get()
    assert (escalation.case, escalation.what, escalation.to) == (late, "Acknowledgement", people.head)
    chase(d(2026, 6, 17))
    assert len(sent_to("olu@council.example")) == 1


def test_an_overdue_response_to_the_ombudsman_is_escalated(people):
    referral = OmbudsmanReferralFactory(
        case=CaseFactory(service_area=people.area), received_on=d(2026, 5, 20), response_due_on=d(2026, 6, 17)
    )
    chase(d(2026, 6, 18))
    escalation = Escalation.objects.get()
    assert (escalation.referral, escalation.what, escalation.to) == (
        referral,
        "Response to the Ombudsman",
        people.head,
    )


# --- Digests, actions and recommendations -----------------------------------------------------------------------


def test_each_team_manager_gets_a_weekly_digest_once_even_when_monday_is_missed(people, investigation):
    chase(d(2026, 6, 16))  # Tuesday: Monday's run was missed
    [digest] = [m for m in sent_to("tam@council.example") if "due soon" in m.subject]
    assert digest.subject == "Family Support Team: 0 overdue, 1 due soon"
    assert "week beginning 15 June 2026: 1 investigations open" in digest.body
    assert "- CS-2026-00042, stage 1 response: due 17 June 2026, Ivo Vesti" in digest.body
    chase(d(2026, 6, 17))
    chase(d(2026, 6, 19))
    assert len([m for m in sent_to("tam@council.example") if "due soon" in m.subject]) == 1
    chase(d(2026, 6, 22))
    latest = [m for m in sent_to("tam@council.example") if "overdue," in m.subject][-1]
    assert latest.subject == "Family Support Team: 1 overdue, 0 due soon"


def test_action_owners_are_reminded_before_on_the_day_and_while_overdue(people, investigation):
    ActionFactory(case=investigation.case, owner=people.manager, category="Training", due_on=d(2026, 6, 17))
    for day in (11, 12, 15, 17, 18, 19, 25):
        chase(d(2026, 6, day))
    subjects = [m.subject for m in sent_to("tam@council.example") if "the action" in m.subject]
    assert subjects == [
        "CS-2026-00042: the action Training is due in 3 working days",
        "CS-2026-00042: the action Training is due today",
        "CS-2026-00042: the action Training is 1 working day overdue",
        "CS-2026-00042: the action Training is 6 working days overdue",
    ]


def test_a_done_action_is_not_chased(people, investigation):
    action = ActionFactory(case=investigation.case, owner=people.manager, due_on=d(2026, 6, 17))
    case_services.action_complete(item=action, completed_on=d(2026, 6, 10), done="Trained the team")
    chase(d(2026, 6, 17))
    assert not [m for m in sent_to("tam@council.example") if "the action" in m.subject]


def test_recommendation_owners_are_reminded_until_its_progress_says_it_is_done(people):
    from heard.reporting import services as reporting

    edition = reporting.edition_get_or_create(year=2025)
    recommendation = reporting.recommendation_add(
        edition=edition,
        text="Remind staff to record compliments.",
        title="Record compliments",
        owner=people.manager,
        due_on=d(2026, 6, 17),
    )
    for day in (12, 17, 18):
        chase(d(2026, 6, day))
    reminders = [m for m in sent_to("tam@council.example") if "recommendation" in m.subject]
    assert [m.subject for m in reminders] == [
        "The 2025/26 recommendation Record compliments is due in 3 working days",
        "The 2025/26 recommendation Record compliments is due today",
        "The 2025/26 recommendation Record compliments is 1 working day overdue",
    ]
    assert f"/staff/reports/2025/recommendations/{recommendation.pk}/" in reminders[0].body
    reporting.progress_note_add(
        recommendation=recommendation, status="complete", text="Done.", actor=people.manager
    )
    chase(d(2026, 6, 25))
    assert len([m for m in sent_to("tam@council.example") if "recommendation" in m.subject]) == 3


# --- Quarterly packs ---------------------------------------------------------------------------


def test_each_area_gets_its_pack_on_the_first_working_day_after_the_quarter_once(people, investigation):
    chase(d(2026, 6, 30))
    assert not [m for m in mail.outbox if "Quarterly" in m.subject]
    chase(d(2026, 7, 1))
    chase(d(2026, 7, 2))
    for address in ("hana@council.example", "tam@council.example"):  # the head, and the team's manager
        [pack] = [m for m in sent_to(address) if "Quarterly" in m.subject]
        assert pack.subject == "Quarterly complaints pack: Early Help, Q1 2026/27"
        assert "Complaints received: 1; compliments: 0; comments: 0" in pack.body
        [(name, content, mimetype)] = pack.attachments
        assert name == "quarterly-pack-early-help-2026-27-q1.xlsx"
        assert content[:2] == b"PK" and mimetype.endswith("spreadsheetml.sheet")
    assert not sent_to("dan@council.example") or all(
        "Quarterly" not in m.subject for m in sent_to("dan@council.example")
    )


def test_the_council_chooses_who_gets_an_areas_pack(people, investigation):
    chosen = SeniorManagerFactory(username="cho", first_name="Cho", last_name="Sen")
    people.area.quarterly_pack_to.add(chosen)
    chase(d(2026, 7, 1))
    assert [m.to for m in mail.outbox if "Quarterly" in m.subject] == [["cho@council.example"]]


def test_a_pack_missed_for_more_than_a_month_is_left_to_the_reports_pages(people, investigation):
    chase(d(2026, 8, 3))
    assert not [m for m in mail.outbox if "Quarterly" in m.subject]


# --- Templates, runs, dry runs and overlapping runs --------------------------------------------


def test_the_council_edits_the_words(people, investigation):
    chase(d(2026, 6, 1))  # writes Heard's words as the templates
    MessageTemplate.objects.filter(kind=MessageKind.ESCALATION).update(
        subject="LATE ((reference))", body="((name)): ((what)) is ((working_days_overdue)) late."
    )
    chase(d(2026, 6, 18))
    [message] = sent_to("hana@council.example")
    assert (message.subject, message.body) == (
        "LATE CS-2026-00042",
        "Hana Head: stage 1 response is 1 working day late.",
    )


def test_a_dry_run_says_what_it_would_do_and_changes_nothing(people, investigation):
    output = chase(d(2026, 6, 18), "--dry-run")
    assert (
        "Would record on CS-2026-00042: The stage 1 response to CS-2026-00042 was due on 17 June 2026"
        in output
    )
    assert "Would send to hana@council.example: Overdue: CS-2026-00042 stage 1 response" in output
    assert "Would record 1 escalation of overdue work." in output
    assert "(dry run: nothing changed)" in output
    assert not Escalation.objects.exists() and not Message.objects.exists()
    assert not CaseEvent.objects.filter(kind=EventKind.OVERDUE_ESCALATED).exists()
    assert mail.outbox == []


def test_the_command_says_what_it_did_and_refuses_a_bad_date(people, investigation):
    output = chase(d(2026, 6, 18))
    assert "Recorded 1 escalation of overdue work." in output
    assert "Queued 1: escalation of overdue work." in output
    assert "Sent 2, failed 0." in output  # the escalation and the weekly digest
    with pytest.raises(CommandError, match="--today must be a date written YYYY-MM-DD, not '18/06/2026'"):
        call_command("chase", "--today", "18/06/2026")


def test_runs_as_a_django_task(people, investigation):
    result = chase_daily.enqueue("2026-06-18")
    assert "Recorded 1 escalation of overdue work." in result.return_value
    assert Escalation.objects.count() == 1


def test_a_run_that_meets_another_runs_writes_reads_again_and_adds_nothing(people, investigation):
    chase(d(2026, 6, 18))
    original = Escalation.objects.filter
    reads = []

    def read_before_the_other_run_wrote(*args, **kwargs):
        reads.append(kwargs)
        return original(pk__in=[]) if len(reads) == 1 else original(*args, **kwargs)

    with mock.patch.object(Escalation.objects, "filter", side_effect=read_before_the_other_run_wrote):
        chase(d(2026, 6, 18))
    assert len(reads) >= 2, "the batch was refused and read again"
    assert Escalation.objects.count() == 1
    assert CaseEvent.objects.filter(kind=EventKind.OVERDUE_ESCALATED).count() == 1
    assert Message.objects.filter(kind=MessageKind.ESCALATION).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_at_once_record_and_send_each_thing_once(people, investigation):
    message_templates()  # as any run before these two has done
    errors = []

    def run():
        try:
            chasing.chase(today=d(2026, 6, 18))
        except Exception as error:  # pragma: no cover - shown in the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Escalation.objects.count() == 1
    assert CaseEvent.objects.filter(kind=EventKind.OVERDUE_ESCALATED).count() == 1
    assert len(sent_to("hana@council.example")) == 1
