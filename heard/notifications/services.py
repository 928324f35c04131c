"""The one interface for sending messages: queue in the outbox inside the caller's transaction, send
after commit, retry with backoff on failure.

    send_acknowledgement(case_id)   queue the acknowledgement of new feedback
    messages_queue(messages)        queue messages to staff, each once by its key
    message_send(message_id)        the job: one attempt at sending one message (idempotent)
    messages_due()                  the sweep's work list
    messages_send_due()             send everything due now
    message_templates()             the words of the messages to staff, as the council has them
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from heard.cases.models import Case
from heard.notifications import backends, jobs
from heard.notifications.models import Message, MessageKind, MessageStatus, MessageTemplate

logger = logging.getLogger(__name__)

# Minutes to wait after each failed attempt; after the last, the message is given up on and shows
# in the admin for a person to act on.
RETRY_DELAYS_MINUTES = [1, 5, 15, 60, 180, 720]
MAX_ATTEMPTS = len(RETRY_DELAYS_MINUTES) + 1
# A message claimed this long ago without a result belongs to a worker that died.
STALE_CLAIM = timedelta(minutes=10)


def send_acknowledgement(case_id: int, *, email: str | None = None) -> Message | None:
    """Queue the acknowledgement of a new case to the person who gave it, if they gave an email
    address. Call it inside the transaction that creates the case: the message is written with the
    case and sent only once both are committed. Queuing twice queues one message. A caller that
    has the person's address at hand passes it as `email`, which saves reading the case again."""
    if email is None:
        case = Case.objects.select_related("customer").get(pk=case_id)
        email = case.customer.email if case.customer else ""
    if not email:
        return None
    now = timezone.now()
    key = f"{MessageKind.ACKNOWLEDGEMENT}:{case_id}"
    # Written already claimed by the job that runs after commit, which saves that job a write of
    # its own; if the job never runs (its process died), the sweep takes the claim back later.
    # A new case has no message yet: it is written at once, and the unique key turns a second
    # queuing into a read of the first (one statement fewer than looking first, every time).
    try:
        with transaction.atomic():
            message = Message.objects.create(
                key=key,
                case_id=case_id,
                kind=MessageKind.ACKNOWLEDGEMENT,
                to=email,
                next_attempt_at=now,
                status=MessageStatus.SENDING,
                claimed_at=now,
            )
    except IntegrityError:
        return Message.objects.get(key=key)
    jobs.after_commit(message_send_claimed, message.pk)
    return message


@dataclass(frozen=True)
class NewMessage:
    """A message to a member of staff, written in full when it is queued."""

    key: str
    kind: str
    to: str
    subject: str
    body: str
    recipient_id: int | None = None
    case_id: int | None = None
    attachment_name: str = ""
    attachment: bytes | None = None


def messages_queue(messages: Iterable[NewMessage]) -> list[Message]:
    """Queue messages in the caller's transaction; one whose key is queued already is left out.
    Returns the messages queued now. They are sent by `messages_send_due` (the sweeps call it)."""
    now = timezone.now()
    wanted = {message.key: message for message in messages}
    taken = set(Message.objects.filter(key__in=list(wanted)).values_list("key", flat=True))
    return Message.objects.bulk_create(
        [
            Message(
                key=new.key,
                kind=new.kind,
                to=new.to,
                subject=new.subject,
                body=new.body,
                recipient_id=new.recipient_id,
                case_id=new.case_id,
                attachment_name=new.attachment_name,
                attachment=new.attachment,
                next_attempt_at=now,
            )
            for key, new in wanted.items()
            if key not in taken
        ]
    )


def _outgoing(message: Message) -> backends.Outgoing:
    if message.kind != MessageKind.ACKNOWLEDGEMENT:
        return backends.Outgoing(
            to=message.to,
            subject=message.subject,
            body=message.body,
            notify_template_id=settings.NOTIFY_STAFF_TEMPLATE_ID,
            personalisation={"subject": message.subject, "body": message.body},
            reference=message.key,
            attachment=(message.attachment_name, bytes(message.attachment)) if message.attachment else None,
        )
    return _acknowledgement(message)


def _acknowledgement(message: Message) -> backends.Outgoing:
    """The acknowledgement is written from the case when it is sent."""
    case = message.case
    assert case is not None, "an acknowledgement belongs to a case"
    context = {
        "case": case,
        "name": case.customer.name if case.customer else "",
        "council": {
            "name": settings.COUNCIL_NAME,
            "team_name": settings.COUNCIL_TEAM_NAME,
            "phone": settings.COUNCIL_PHONE,
            "email": settings.COUNCIL_EMAIL,
        },
    }
    if case.procedure:
        from heard.intake.selectors import complaint_timescales

        context["timescales"] = complaint_timescales(procedure=case.procedure, on=case.received_on)
    template = "young_people" if case.made_by_child else "adult"
    return backends.Outgoing(
        to=message.to,
        subject=f"We have your {case.get_kind_display().lower()}: {case.reference}",
        body=render_to_string(f"notifications/acknowledgement_{template}.txt", context),
        notify_template_id=settings.NOTIFY_ACKNOWLEDGEMENT_TEMPLATE_ID,
        personalisation={
            "reference": case.reference,
            "name": context["name"] or "there",
            "kind": case.get_kind_display().lower(),
            "is_complaint": "yes" if case.is_complaint else "no",
            "made_by_child": "yes" if case.made_by_child else "no",
        },
        reference=case.reference,
    )


def _claim(message_id: int) -> bool:
    """Take the message for this worker; False when it is sent, given up, not yet due or taken."""
    now = timezone.now()
    ready = Q(status__in=[MessageStatus.PENDING, MessageStatus.FAILED], next_attempt_at__lte=now)
    stale = Q(status=MessageStatus.SENDING, claimed_at__lt=now - STALE_CLAIM)
    return bool(
        Message.objects.filter(ready | stale, pk=message_id).update(
            status=MessageStatus.SENDING, claimed_at=now, updated_at=now
        )
    )


def message_send(message_id: int) -> str:
    """One attempt at sending a message; returns its status afterwards. Safe to call any number of
    times: a message that is sent, being sent or not yet due is left alone."""
    if not _claim(message_id):
        return Message.objects.filter(pk=message_id).values_list("status", flat=True).first() or ""
    return _attempt(Message.objects.select_related("case", "case__customer").get(pk=message_id))


def message_send_claimed(message_id: int) -> str:
    """The first attempt, by the job queued with the message, which was written already claimed."""
    message = Message.objects.select_related("case", "case__customer").filter(pk=message_id).first()
    if message is None:
        return ""
    if message.status != MessageStatus.SENDING or message.attempts:
        return message.status
    return _attempt(message)


def _attempt(message: Message) -> str:
    message_id = message.pk
    sender = backends.backend()
    now = timezone.now()
    try:
        provider_reference = sender.send(_outgoing(message))
    except Exception as error:
        attempts = message.attempts + 1
        if attempts >= MAX_ATTEMPTS:
            status, next_attempt_at = MessageStatus.GAVE_UP, now
        else:
            status = MessageStatus.FAILED
            next_attempt_at = now + timedelta(minutes=RETRY_DELAYS_MINUTES[attempts - 1])
        Message.objects.filter(pk=message_id).update(
            status=status,
            attempts=attempts,
            next_attempt_at=next_attempt_at,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            provider=sender.name,
            claimed_at=None,
            updated_at=now,
        )
        logger.warning("Message %s failed (attempt %s): %s", message_id, attempts, error)
        return status
    Message.objects.filter(pk=message_id).update(
        status=MessageStatus.SENT,
        attempts=message.attempts + 1,
        sent_at=now,
        last_error="",
        provider=sender.name,
        provider_reference=provider_reference,
        claimed_at=None,
        updated_at=now,
    )
    return MessageStatus.SENT


def messages_send_due() -> dict[str, int]:
    """One attempt at every message that is due; how many ended in each status."""
    results: dict[str, int] = {}
    for message_id in messages_due():
        status = message_send(message_id) or "skipped"
        results[status] = results.get(status, 0) + 1
    return results


def messages_due(*, now=None) -> list[int]:
    now = now or timezone.now()
    return list(
        Message.objects.filter(
            Q(status__in=[MessageStatus.PENDING, MessageStatus.FAILED], next_attempt_at__lte=now)
            | Q(status=MessageStatus.SENDING, claimed_at__lt=now - STALE_CLAIM)
        )
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def message_retry(*, message: Message) -> Message:
    """Give a message that was given up on another set of attempts (from the admin)."""
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    message.refresh_from_db()
    return message


# --- The words of messages to staff ------------------------------------------------------------------

TEMPLATE_DEFAULTS: dict[str, tuple[str, str]] = {
    MessageKind.REMINDER: (
        "((reference)): the ((what)) ((when))",
        "Dear ((name)),\n\n"
        "The ((what)) to complaint ((reference)) ((when)): it is due on ((due_date)).\n"
        "Allocated to: ((allocated_to)).\n\n"
        "If it will be late, report the delay on the case now, so that the feedback team can help and "
        "keep the complainant informed.\n\n((case_url))\n",
    ),
    MessageKind.TEAM_DAILY: (
        "Acknowledgements and Ombudsman responses due: ((date))",
        "Dear ((name)),\n\n"
        "Complaints to acknowledge today:\n((acknowledgements))\n\n"
        "Responses to the Ombudsman due soon:\n((ombudsman))\n\n((workspace_url))\n",
    ),
    MessageKind.ESCALATION: (
        "Overdue: ((reference)) ((what)), ((working_days_overdue)) late",
        "Dear ((name)),\n\n"
        "The ((what)) to complaint ((reference)) was due on ((due_date)) and is ((working_days_overdue)) "
        "overdue. It comes to you as ((capacity)).\n"
        "Allocated to: ((allocated_to)).\n\n"
        "Please acknowledge this escalation and say what will be done and by when:\n((escalations_url))\n\n"
        "The case: ((case_url))\n",
    ),
    MessageKind.DIGEST: (
        "((team)): ((overdue)) overdue, ((due_soon)) due soon",
        "Dear ((name)),\n\n"
        "Your team's complaints for the ((week)): ((open)) investigations open, ((due_soon)) due in the "
        "next 5 working days and ((overdue)) overdue.\n\n((items))\n\n((workspace_url))\n",
    ),
    MessageKind.ACTION_REMINDER: (
        "((reference)): the action ((action)) ((when))",
        "Dear ((name)),\n\n"
        "The action agreed from complaint ((reference)), ((action)), ((when)) (due ((due_date))).\n\n"
        "When it is done, record what was done: ((actions_url))\n",
    ),
    MessageKind.RECOMMENDATION_REMINDER: (
        "The ((year)) recommendation ((recommendation)) ((when))",
        "Dear ((name)),\n\n"
        "The recommendation of the ((year)) annual report that you own, ((recommendation)), ((when)) "
        "(due ((due_date))).\n\n"
        "Next year's report prints its progress: please tell the feedback team how it stands, or "
        "record it here: ((recommendation_url))\n",
    ),
    MessageKind.QUARTERLY_PACK: (
        "Quarterly complaints pack: ((service_area)), ((quarter))",
        "Dear ((name)),\n\n"
        "The complaints and feedback pack for ((service_area)) for ((quarter)) is attached: the "
        "quarter's figures and the cases behind them.\n\n((summary))\n\n"
        "Earlier packs are on the reports pages: ((reports_url))\n",
    ),
    MessageKind.DISPOSAL_LIST: (
        "Disposal list for ((month)): ((cases)) cases to review",
        "Dear ((name)),\n\n"
        "The retention period of ((cases)) closed cases has ended. Please review the disposal list for "
        "((month)), keep any case that must stay, and authorise the disposal of the rest:\n((list_url))\n",
    ),
    MessageKind.DESIGNATION_REVIEW: (
        "Review due: the designation of ((customer_ref)) ((when))",
        "Dear ((name)),\n\n"
        "The unreasonable behaviour designation you agreed on ((decided_date)) for the person with "
        "customer reference ((customer_ref)) is due for review on ((due_date)); the review ((when)).\n\n"
        "Please review it: renew it with a new review date if the restrictions are still needed, or end "
        "it:\n((designation_url))\n",
    ),
    MessageKind.DESIGNATION_LETTER: (
        "How we will deal with your contact with us",
        "Dear ((name)),\n\n"
        "We have looked carefully at how you have been in contact with us about Children's Services. "
        "We have decided that some of that contact has been unreasonable:\n\n((behaviour))\n\n"
        "So that we can deal fairly with you and with everyone else who contacts us, from ((date)) "
        "we will deal with your contact in this way:\n\n((restrictions))\n\n"
        "Your contact is ((contact_person)).\n\n"
        "This does not stop you making a new complaint. Any new complaint you make will be received "
        "and considered on its merits, in the usual way.\n\n"
        "We will review this decision by ((review_date)) and write to you again then.\n\n"
        "If you think this decision is wrong, you can ask the Local Government and Social Care "
        "Ombudsman to look at it (www.lgo.org.uk, 0300 061 0614).\n\n"
        "Yours sincerely,\n\n((team_name))\n((council_name))\n((council_phone)) · ((council_email))\n",
    ),
}


def message_templates() -> dict[str, MessageTemplate]:
    """Every template of a message to staff, as the council has edited it; one it has not edited
    yet is written with Heard's words the first time it is asked for."""
    found = {t.kind: t for t in MessageTemplate.objects.all()}
    for kind, (subject, body) in TEMPLATE_DEFAULTS.items():
        if kind not in found:
            found[kind], _ = MessageTemplate.objects.get_or_create(
                kind=kind, defaults={"subject": subject, "body": body}
            )
    return found
