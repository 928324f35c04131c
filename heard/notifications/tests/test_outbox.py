"""The outbox: a message is written with the change that causes it, sent after commit, retried
with backoff when sending fails, and never loses the case."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from heard.cases.models import Case
from heard.cases.tests.factories import CaseFactory, CustomerFactory
from heard.notifications import backends
from heard.notifications.models import Message, MessageStatus
from heard.notifications.services import (
    MAX_ATTEMPTS,
    RETRY_DELAYS_MINUTES,
    message_send,
    messages_due,
    send_acknowledgement,
)

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def case():
    return CaseFactory(customer=CustomerFactory(name="Alex Jones", email="alex@example.com"))


def failing_email(*args, **kwargs):
    raise ConnectionRefusedError("mail server unavailable")


def test_the_acknowledgement_is_sent_only_after_the_case_is_committed(
    case, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = send_acknowledgement(case.pk)
        assert message.status == MessageStatus.SENDING, "claimed by the job that will run after commit"
        assert not mail.outbox
    assert len(callbacks) == 1
    callbacks[0]()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.provider == "email"
    assert message.attempts == 1
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["alex@example.com"]
    assert case.reference in sent.subject
    assert "Dear Alex Jones" in sent.body
    assert "within 3 working days" in sent.body


def test_nothing_is_sent_when_the_transaction_rolls_back(case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                send_acknowledgement(case.pk)
                raise RuntimeError("the case could not be saved")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not Message.objects.exists()
    assert not mail.outbox


def test_queuing_twice_queues_one_message(case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_acknowledgement(case.pk)
        send_acknowledgement(case.pk)
    assert Message.objects.count() == 1
    assert len(mail.outbox) == 1


def test_sending_is_idempotent(case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = send_acknowledgement(case.pk)
    assert message_send(message.pk) == MessageStatus.SENT
    assert message_send(message.pk) == MessageStatus.SENT
    assert len(mail.outbox) == 1


def test_no_email_address_means_no_message(db):
    case = CaseFactory(customer=CustomerFactory(email=""))
    assert send_acknowledgement(case.pk) is None
    assert not Message.objects.exists()


def test_a_failed_send_keeps_the_case_and_is_tried_again_later(case, django_capture_on_commit_callbacks):
    with time_machine.travel(NOW, tick=False):
        with (
            mock.patch.object(backends.EmailBackend, "send", side_effect=failing_email),
            django_capture_on_commit_callbacks(execute=True),
        ):
            message = send_acknowledgement(case.pk)
        message.refresh_from_db()
        assert Case.objects.filter(pk=case.pk).exists()
        assert message.status == MessageStatus.FAILED
        assert message.attempts == 1
        assert "mail server unavailable" in message.last_error
        assert message.next_attempt_at == NOW + datetime.timedelta(minutes=RETRY_DELAYS_MINUTES[0])
        assert not mail.outbox

        call_command("send_notifications")
        assert not mail.outbox, "not before its wait is over"

    with time_machine.travel(NOW + datetime.timedelta(minutes=2), tick=False):
        call_command("send_notifications")
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.attempts == 2
    assert message.last_error == ""
    assert len(mail.outbox) == 1


def test_the_wait_grows_after_each_failure_and_ends_in_giving_up(case):
    message = Message.objects.create(
        key=f"acknowledgement:{case.pk}",
        case=case,
        kind="acknowledgement",
        to="alex@example.com",
        next_attempt_at=NOW,
    )
    waits = []
    moment = NOW
    with mock.patch.object(backends.EmailBackend, "send", side_effect=failing_email):
        for _ in range(MAX_ATTEMPTS):
            with time_machine.travel(moment, tick=False):
                Message.objects.filter(pk=message.pk).update(next_attempt_at=moment)
                status = message_send(message.pk)
                message.refresh_from_db()
                waits.append(round((message.next_attempt_at - moment).total_seconds() / 60))
                moment = message.next_attempt_at + datetime.timedelta(seconds=1)
    assert status == MessageStatus.GAVE_UP
    assert waits[:-1] == RETRY_DELAYS_MINUTES
    assert message.attempts == MAX_ATTEMPTS
    assert messages_due(now=moment + datetime.timedelta(days=7)) == []
    assert Case.objects.filter(pk=case.pk).exists()


def test_the_sweep_sends_a_message_whose_job_was_lost(case):
    """The process died after commit, before its job ran: the sweep finds the message."""
    Message.objects.create(
        key=f"acknowledgement:{case.pk}",
        case=case,
        kind="acknowledgement",
        to="alex@example.com",
        next_attempt_at=timezone.now(),
    )
    out = call_and_capture("send_notifications")
    assert "Sent 1, failed 0, of 1 due." in out
    assert len(mail.outbox) == 1


def test_the_sweep_takes_back_a_message_stuck_in_sending(case):
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    Message.objects.create(
        key=f"acknowledgement:{case.pk}",
        case=case,
        kind="acknowledgement",
        to="alex@example.com",
        status=MessageStatus.SENDING,
        claimed_at=long_ago,
        next_attempt_at=long_ago,
    )
    call_command("send_notifications")
    assert len(mail.outbox) == 1


def test_a_message_being_sent_by_another_worker_is_left_alone(case):
    message = Message.objects.create(
        key=f"acknowledgement:{case.pk}",
        case=case,
        kind="acknowledgement",
        to="alex@example.com",
        status=MessageStatus.SENDING,
        claimed_at=timezone.now(),
        next_attempt_at=timezone.now(),
    )
    assert message_send(message.pk) == MessageStatus.SENDING
    assert not mail.outbox


def test_gov_uk_notify_is_used_when_its_key_is_set(case, settings, django_capture_on_commit_callbacks):
    settings.NOTIFY_API_KEY = (
        "heard-test-11111111-1111-1111-1111-111111111111-22222222-2222-2222-2222-222222222222"
    )
    settings.NOTIFY_ACKNOWLEDGEMENT_TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"
    with mock.patch("notifications_python_client.notifications.NotificationsAPIClient") as client_class:
        client_class.return_value.send_email_notification.return_value = {"id": "notify-123"}
        with django_capture_on_commit_callbacks(execute=True):
            message = send_acknowledgement(case.pk)
    client_class.assert_called_once_with(settings.NOTIFY_API_KEY)
    call = client_class.return_value.send_email_notification.call_args.kwargs
    assert call["email_address"] == "alex@example.com"
    assert call["template_id"] == settings.NOTIFY_ACKNOWLEDGEMENT_TEMPLATE_ID
    assert call["personalisation"]["reference"] == case.reference
    assert call["reference"] == case.reference
    message.refresh_from_db()
    assert (message.status, message.provider, message.provider_reference) == (
        MessageStatus.SENT,
        "notify",
        "notify-123",
    )
    assert not mail.outbox


def test_notify_without_a_template_fails_and_retries_rather_than_losing_the_message(
    case, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFY_API_KEY = (
        "heard-test-11111111-1111-1111-1111-111111111111-22222222-2222-2222-2222-222222222222"
    )
    settings.NOTIFY_ACKNOWLEDGEMENT_TEMPLATE_ID = ""
    with (
        mock.patch("notifications_python_client.notifications.NotificationsAPIClient"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        message = send_acknowledgement(case.pk)
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert "NOTIFY_ACKNOWLEDGEMENT_TEMPLATE_ID" in message.last_error


def call_and_capture(command: str) -> str:
    import io

    out = io.StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


def test_queuing_again_gives_back_the_message_already_queued(case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = send_acknowledgement(case.pk)
        again = send_acknowledgement(case.pk, email="someone.else@example.com")
    assert first is not None and again is not None
    assert again.pk == first.pk and again.to == first.to
    assert len(callbacks) == 1 and len(mail.outbox) == 1
