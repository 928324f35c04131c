"""The daily sweep (`heard chase`): it moves the work along so that no deadline passes unseen.

For the day it runs (`today`), it
- reminds the investigator and their team's manager a few working days before a response is due,
  and on the day;
- tells the feedback team of the acknowledgements due today and the Ombudsman responses due soon;
- escalates overdue work (responses, acknowledgements, answers to the Ombudsman) up the ladder of
  its service area, recording each escalation on the case, and repeats it while the work stays
  overdue;
- sends each team manager a weekly digest, reminds the owners of actions falling due (and the
  senior manager who agreed an unreasonable behaviour designation of its review), sends
  each service area its quarterly pack once a quarter has ended, and draws each month's disposal
  list for the feedback team to review.

Everything it sends or records has a key saying what it is about (which work, which due date,
which step): the database keeps each key once, so a second run on the same day sends nothing new,
and two runs at once record each thing once (the later one's batch is refused and read again).
Work is read in batches, so memory stays flat however many cases there are. Messages go through
the outbox (`heard.notifications`); `--dry-run` says what would be sent and recorded, and changes
nothing.
"""

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import islice

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils.text import Truncator

from heard.accounts.models import Role, User
from heard.calendar.selectors import council_calendar
from heard.calendar.workdays import WorkingCalendar
from heard.cases import services as case_services
from heard.cases.models import (
    Case,
    Escalation,
    EscalationSubject,
    Investigation,
    Kind,
    Learning,
    LearningKind,
    OmbudsmanReferral,
    ServiceArea,
    Status,
    Team,
)
from heard.cases.services import OverdueEscalation
from heard.chasing.messages import compose, link
from heard.chasing.models import ChasePolicy, EscalationStep, Recipient
from heard.conduct.selectors import designations_for_review
from heard.core.formats import long_date
from heard.notifications.models import Message, MessageKind, MessageTemplate
from heard.notifications.services import NewMessage, message_templates, messages_queue, messages_send_due
from heard.reporting.metrics import reporting_year_label
from heard.reporting.models import Recommendation, RecommendationStatus
from heard.reporting.quarterly import quarter_ended_before, quarterly_pack
from heard.retention.models import DisposalList
from heard.retention.services import disposal_list_draw, due_for_disposal

logger = logging.getLogger(__name__)

BATCH = 2000
DUE_SOON_WORKING_DAYS = 5
PACK_WINDOW_DAYS = 31
SHOWN = 50  # lines of a list in a message, or of notes in the report, before "and N more"  # a pack not sent in the month after its quarter is left to the reports pages


def _days(n: int) -> str:
    return f"{n} working day{'s' if n != 1 else ''}"


# --- What one run knows ----------------------------------------------------------------------------


@dataclass
class Sweep:
    """What a run reads once: the day, the policy, the ladders and the people things go to."""

    today: date
    calendar: WorkingCalendar
    policy: ChasePolicy
    templates: dict[str, MessageTemplate]
    people: dict[int, User]  # active staff with an email address
    officers: list[User]
    areas: dict[int, ServiceArea]
    teams: dict[int, Team]
    ladders: dict[int | None, list[EscalationStep]]

    @classmethod
    def load(cls, today: date) -> "Sweep":
        people = {u.pk: u for u in User.objects.filter(is_active=True).exclude(email="")}
        ladders: dict[int | None, list[EscalationStep]] = {}
        for step in EscalationStep.objects.order_by("after_working_days", "id"):
            ladders.setdefault(step.service_area_id, []).append(step)
        return cls(
            today=today,
            calendar=council_calendar(),
            policy=ChasePolicy.objects.get_or_create(pk=1)[0],
            templates=message_templates(),
            people=people,
            officers=sorted(
                (u for u in people.values() if u.role == Role.COMPLAINTS_OFFICER), key=lambda u: u.pk
            ),
            areas={a.pk: a for a in ServiceArea.objects.all()},
            teams={t.pk: t for t in Team.objects.all()},
            ladders=ladders,
        )

    def working_days_left(self, due: date) -> int:
        """Working days until the due date; negative when it has passed (0 on a weekend after it)."""
        if due >= self.today:
            return self.calendar.working_days_between(self.today, due)
        return -self.calendar.working_days_between(due, self.today)

    def person(self, user_id: int | None) -> User | None:
        return self.people.get(user_id) if user_id else None

    def area_name(self, area_id: int) -> str:
        area = self.areas.get(area_id)
        return area.name if area else "its service area"


# --- What a run does, in batches -------------------------------------------------------------------


@dataclass
class Planned:
    escalations: list[OverdueEscalation] = field(default_factory=list)
    # Each message, with the key of the escalation it tells of (sent only with a new escalation).
    messages: list[tuple[NewMessage, str]] = field(default_factory=list)

    def message(self, message: NewMessage, escalation_key: str = "") -> None:
        self.messages.append((message, escalation_key))


@dataclass
class ChaseReport:
    today: date
    dry_run: bool
    messages: Counter = field(default_factory=Counter)  # by kind
    escalations: int = 0
    unreachable: list[str] = field(default_factory=list)  # the first few, to say
    unreachable_count: int = 0
    sent: dict[str, int] = field(default_factory=dict)

    def nobody_to_tell(self, note: str) -> None:
        self.unreachable_count += 1
        if len(self.unreachable) < SHOWN:
            self.unreachable.append(note)

    def lines(self) -> list[str]:
        verb = "Would send" if self.dry_run else "Queued"
        lines = [
            f"Chasing for {long_date(self.today)}{' (dry run: nothing changed)' if self.dry_run else ''}."
        ]
        lines.append(
            f"{'Would record' if self.dry_run else 'Recorded'} {self.escalations} escalation"
            f"{'s' if self.escalations != 1 else ''} of overdue work."
        )
        for kind in MessageKind:
            if self.messages[kind]:
                lines.append(f"{verb} {self.messages[kind]}: {kind.label.lower()}.")
        if not sum(self.messages.values()):
            lines.append(f"{verb} no messages.")
        if self.sent:
            lines.append(
                f"Sent {self.sent.get('sent', 0)}, failed {self.sent.get('failed', 0) + self.sent.get('gave_up', 0)}."
            )
        lines.extend(f"Nobody to tell: {note}" for note in self.unreachable)
        if self.unreachable_count > len(self.unreachable):
            lines.append(
                f"... and {self.unreachable_count - len(self.unreachable)} more with nobody to tell."
            )
        return lines


def _batches(rows: Iterable, size: int = BATCH) -> Iterator[list]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def _record(planned: Planned, report: ChaseReport, echo: Callable[[str], None] | None) -> None:
    """Write a batch: what is not recorded yet, each escalation with its event and its messages. A
    concurrent run that wrote the same key first makes this batch fail; it is read again and only
    what is still new is written."""
    for _attempt in range(5):
        escalation_keys = [e.key for e in planned.escalations]
        taken_escalations = set(
            Escalation.objects.filter(key__in=escalation_keys).values_list("key", flat=True)
        )
        taken_messages = set(
            Message.objects.filter(key__in=[m.key for m, _ in planned.messages]).values_list("key", flat=True)
        )
        escalations = [e for e in planned.escalations if e.key not in taken_escalations]
        new_escalations = {e.key for e in escalations}
        messages = [
            m
            for m, escalation_key in planned.messages
            if m.key not in taken_messages and (not escalation_key or escalation_key in new_escalations)
        ]
        if report.dry_run:
            for e in escalations:
                if echo:
                    echo(f"Would record on {e.reference}: {e.reason} Escalated to {e.to_description}.")
            for m in messages:
                if echo:
                    echo(f"Would send to {m.to}: {m.subject}")
        else:
            try:
                with transaction.atomic():
                    case_services.escalations_record(escalations, on=report.today)
                    messages_queue(messages)
            except IntegrityError:
                logger.info("Another sweep recorded part of this batch first; reading it again")
                continue
        report.escalations += len(escalations)
        report.messages.update(m.kind for m in messages)
        return
    raise RuntimeError("The batch kept meeting another sweep's writes; run the sweep again.")


@dataclass
class Listing:
    """Lines for a message: the first few, and how many there are."""

    lines: list[str] = field(default_factory=list)
    count: int = 0

    def add(self, line: str) -> None:
        self.count += 1
        if len(self.lines) < SHOWN:
            self.lines.append(line)

    def text(self) -> str:
        more = (
            f"\n... and {self.count - len(self.lines)} more in My work."
            if self.count > len(self.lines)
            else ""
        )
        return "\n".join(self.lines) + more if self.lines else "None."


# --- The ladder ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Overdue:
    """A piece of work past its due date."""

    subject: str
    object_id: int
    case_id: int
    reference: str
    service_area_id: int
    what: str
    due_on: date
    allocated_to: str
    investigation_id: int | None = None
    referral_id: int | None = None


def _escalate(sweep: Sweep, work: Overdue, planned: Planned, report: ChaseReport) -> None:
    overdue = sweep.calendar.working_days_between(work.due_on, sweep.today)
    ladder = sweep.ladders.get(work.service_area_id) or sweep.ladders.get(None) or []
    reached = [n for n, step in enumerate(ladder, start=1) if step.after_working_days <= overdue]
    if not reached:
        return
    number = reached[-1]
    step = ladder[number - 1]
    every = sweep.policy.repeat_every_working_days
    repeat = (overdue - step.after_working_days) // every if every else 0
    key = f"{work.subject}:{work.object_id}:{work.due_on.isoformat()}:{number}:{repeat}"
    area = sweep.areas.get(work.service_area_id)
    area_name = sweep.area_name(work.service_area_id)
    capacity, user_id = {
        Recipient.HEAD: (f"head of service for {area_name}", area.head_id if area else None),
        Recipient.DIRECTOR: (f"director for {area_name}", area.director_id if area else None),
        Recipient.PERSON: ("the person named on the escalation ladder", step.person_id),
    }[Recipient(step.recipient)]
    person = sweep.person(user_id)
    reason = (
        f"The {work.what.lower()} to {work.reference} was due on {long_date(work.due_on)} and is "
        f"{_days(overdue)} overdue."
    )
    if person is not None:
        recipients, to_description = [person], f"{person.display_name}, {capacity}"
    else:
        recipients = sweep.officers
        to_description = f"the feedback team (there is no {capacity} with an email address)"
        report.nobody_to_tell(
            f"{work.reference}: no {capacity} with an email address; the feedback team was told"
        )
    escalation = OverdueEscalation(
        key=key,
        case_id=work.case_id,
        subject=work.subject,
        what=work.what,
        due_on=work.due_on,
        working_days_overdue=overdue,
        step=number,
        repeat=repeat,
        to_id=person.pk if person else None,
        to_description=to_description,
        reason=reason,
        reference=work.reference,
        investigation_id=work.investigation_id,
        referral_id=work.referral_id,
    )
    planned.escalations.append(escalation)
    for user in recipients:
        planned.message(
            compose(
                sweep.templates[MessageKind.ESCALATION],
                key=f"escalation:{key}:{user.pk}",
                to=user,
                case_id=work.case_id,
                fields={
                    "capacity": capacity if person else "a member of the feedback team",
                    "reference": work.reference,
                    "what": work.what.lower(),
                    "due_date": long_date(work.due_on),
                    "working_days_overdue": _days(overdue),
                    "allocated_to": work.allocated_to,
                    "case_url": link("cases:detail", work.reference),
                    "escalations_url": link("cases:escalations"),
                },
            ),
            escalation_key=key,
        )


# --- Responses: reminders and escalations ----------------------------------------------------------


def _allocated_to(team: Team | None, investigator_name: str) -> str:
    return ", ".join(filter(None, [team.name if team else "", investigator_name])) or "nobody yet"


def _investigation_what(stage: int, number: int) -> str:
    what = "Stage 3 review panel" if stage == 3 else f"Stage {stage} response"
    return what + (f" (investigation {number})" if number > 1 else "")


def _responses(sweep: Sweep, report: ChaseReport, echo) -> None:
    horizon = sweep.calendar.add_working_days(sweep.today, sweep.policy.reminder_working_days)
    rows = (
        Investigation.objects.filter(closed_on__isnull=True, case__status=Status.OPEN)
        .annotate(due=Coalesce("extended_to", "due_on"))
        .filter(due__lte=horizon)
        .order_by("pk")
        .values_list(
            "pk",
            "case_id",
            "case__reference",
            "case__service_area_id",
            "stage",
            "number",
            "team_id",
            "investigator_id",
            "investigator_name",
            "due",
        )
        .iterator(chunk_size=BATCH)
    )
    before = sweep.policy.reminder_working_days
    for batch in _batches(rows):
        planned = Planned()
        for pk, case_id, reference, area_id, stage, number, team_id, investigator_id, name, due in batch:
            team = sweep.teams.get(team_id) if team_id else None
            what = _investigation_what(stage, number)
            left = sweep.working_days_left(due)
            if due < sweep.today:
                if left < 0:
                    work = Overdue(
                        subject=EscalationSubject.INVESTIGATION,
                        object_id=pk,
                        case_id=case_id,
                        reference=reference,
                        service_area_id=area_id,
                        what=what,
                        due_on=due,
                        allocated_to=_allocated_to(team, name),
                        investigation_id=pk,
                    )
                    _escalate(sweep, work, planned, report)
                continue
            if due == sweep.today:
                when, moment = "is due today", "today"
            elif left <= before:
                when, moment = f"is due in {_days(left)}", "before"
            else:
                continue
            recipients = [
                user
                for user in {sweep.person(investigator_id), sweep.person(team.manager_id if team else None)}
                if user is not None
            ]
            if not recipients:
                recipients = sweep.officers
                report.nobody_to_tell(
                    f"{reference} {what.lower()}: no investigator or team manager with an email address; "
                    "the feedback team was told"
                )
            for user in sorted(recipients, key=lambda u: u.pk):
                planned.message(
                    compose(
                        sweep.templates[MessageKind.REMINDER],
                        key=f"reminder:{pk}:{due.isoformat()}:{moment}:{user.pk}",
                        to=user,
                        case_id=case_id,
                        fields={
                            "reference": reference,
                            "what": what.lower(),
                            "due_date": long_date(due),
                            "when": when,
                            "allocated_to": _allocated_to(team, name),
                            "case_url": link("cases:detail", reference),
                        },
                    )
                )
        _record(planned, report, echo)


# --- Acknowledgements and the Ombudsman: the feedback team's day -----------------------------------


def _feedback_team(sweep: Sweep, report: ChaseReport, echo) -> None:
    today = sweep.today
    acknowledgements, ombudsman = Listing(), Listing()
    cases = (
        Case.objects.filter(
            kind=Kind.COMPLAINT,
            status=Status.OPEN,
            acknowledged_on__isnull=True,
            acknowledgement_due_on__lte=today,
        )
        .order_by("pk")
        .values_list("pk", "reference", "service_area_id", "acknowledgement_due_on", "team__name")
        .iterator(chunk_size=BATCH)
    )
    for batch in _batches(cases):
        planned = Planned()
        for pk, reference, area_id, due, team_name in batch:
            if due == today:
                acknowledgements.add(f"- {reference} ({sweep.area_name(area_id)})")
                continue
            work = Overdue(
                subject=EscalationSubject.ACKNOWLEDGEMENT,
                object_id=pk,
                case_id=pk,
                reference=reference,
                service_area_id=area_id,
                what="Acknowledgement",
                due_on=due,
                allocated_to=team_name or "the feedback team",
            )
            _escalate(sweep, work, planned, report)
        _record(planned, report, echo)

    horizon = sweep.calendar.add_working_days(today, sweep.policy.ombudsman_reminder_working_days)
    referrals = (
        OmbudsmanReferral.objects.filter(response_sent_on__isnull=True, response_due_on__lte=horizon)
        .order_by("pk")
        .values_list(
            "pk",
            "case_id",
            "case__reference",
            "case__service_area_id",
            "response_due_on",
            "ombudsman_reference",
        )
        .iterator(chunk_size=BATCH)
    )
    for batch in _batches(referrals):
        planned = Planned()
        for pk, case_id, reference, area_id, due, ombudsman_reference in batch:
            if due >= today:
                when = "today" if due == today else f"in {_days(sweep.working_days_left(due))}"
                ombudsman.add(
                    f"- {reference}: Ombudsman enquiry {ombudsman_reference}, due {when}".replace("  ", " ")
                )
                continue
            work = Overdue(
                subject=EscalationSubject.OMBUDSMAN,
                object_id=pk,
                case_id=case_id,
                reference=reference,
                service_area_id=area_id,
                what="Response to the Ombudsman",
                due_on=due,
                allocated_to="the feedback team",
                referral_id=pk,
            )
            _escalate(sweep, work, planned, report)
        _record(planned, report, echo)

    if not (acknowledgements.count or ombudsman.count):
        return

    planned = _to_the_feedback_team(
        sweep,
        MessageKind.TEAM_DAILY,
        f"team_daily:{today.isoformat()}",
        {
            "date": long_date(today),
            "acknowledgements": acknowledgements.text(),
            "ombudsman": ombudsman.text(),
            "workspace_url": link("cases:my_work"),
        },
    )
    _record(planned, report, echo)


# --- The weekly digest -----------------------------------------------------------------------------


def _digests(sweep: Sweep, report: ChaseReport, echo) -> None:
    """Each team manager's digest goes on the policy's weekday, or at the first run after it in
    the same week (a run missed on the day is made up)."""
    today = sweep.today
    if today.weekday() < sweep.policy.digest_weekday or today.weekday() > 4:
        return
    managed = {t.pk: t for t in sweep.teams.values() if sweep.person(t.manager_id)}
    if not managed:
        return
    soon_by = sweep.calendar.add_working_days(today, DUE_SOON_WORKING_DAYS)
    open_work = (
        Investigation.objects.filter(
            closed_on__isnull=True, case__status=Status.OPEN, team_id__in=list(managed)
        )
        .annotate(due=Coalesce("extended_to", "due_on"))
        .order_by()
    )
    counts = {
        row["team_id"]: row
        for row in open_work.values("team_id").annotate(
            open=Count("id"),
            overdue=Count("id", filter=Q(due__lt=today)),
            due_soon=Count("id", filter=Q(due__gte=today, due__lte=soon_by)),
        )
    }
    year, week, _ = today.isocalendar()
    monday = today - timedelta(days=today.weekday())
    planned = Planned()
    for team_id, team in sorted(managed.items()):
        figures = counts.get(team_id, {"open": 0, "overdue": 0, "due_soon": 0})
        items = [
            f"- {reference}, {_investigation_what(stage, number).lower()}: due {long_date(due)}"
            f"{' (overdue)' if due < today else ''}{', ' + name if name else ''}"
            for reference, stage, number, due, name in open_work.filter(team_id=team_id, due__lte=soon_by)
            .order_by("due", "case__reference")
            .values_list("case__reference", "stage", "number", "due", "investigator_name")[:30]
        ]
        manager = sweep.people[team.manager_id]  # type: ignore[index]
        planned.message(
            compose(
                sweep.templates[MessageKind.DIGEST],
                key=f"digest:{team_id}:{year}-W{week:02d}:{manager.pk}",
                to=manager,
                fields={
                    "team": team.name,
                    "week": f"week beginning {long_date(monday)}",
                    "open": figures["open"],
                    "due_soon": figures["due_soon"],
                    "overdue": figures["overdue"],
                    "items": "\n".join(items) or "Nothing is overdue or due soon.",
                    "workspace_url": link("cases:list") + f"?team={team_id}&status=open",
                },
            )
        )
    _record(planned, report, echo)


# --- Actions and recommendations ------------------------------------------------------------------


def _actions(sweep: Sweep, report: ChaseReport, echo) -> None:
    horizon = sweep.calendar.add_working_days(sweep.today, sweep.policy.reminder_working_days)
    rows = (
        Learning.objects.filter(
            kind=LearningKind.ACTION, completed_on__isnull=True, owner__isnull=False, due_on__lte=horizon
        )
        .order_by("pk")
        .values_list("pk", "case_id", "case__reference", "category", "owner_id", "due_on")
        .iterator(chunk_size=BATCH)
    )
    for batch in _batches(rows):
        planned = Planned()
        for pk, case_id, reference, category, owner_id, due in batch:
            moment = _owned_moment(sweep, due)
            if moment is None:
                continue
            owner = sweep.person(owner_id)
            if owner is None:
                report.nobody_to_tell(f"{reference}: the owner of the action {category} has no email address")
                continue
            planned.message(
                compose(
                    sweep.templates[MessageKind.ACTION_REMINDER],
                    key=f"action:{pk}:{due.isoformat()}:{moment[0]}",
                    to=owner,
                    case_id=case_id,
                    fields={
                        "reference": reference,
                        "action": category,
                        "due_date": long_date(due),
                        "when": moment[1],
                        "actions_url": link("cases:actions"),
                    },
                )
            )
        _record(planned, report, echo)


def _owned_moment(sweep: Sweep, due: date) -> tuple[str, str] | None:
    """Where work with an owner and a due date stands (before, today or overdue, repeating every
    few working days), for its reminder's key and words; None on a weekend after the due date."""
    left = sweep.working_days_left(due)
    if due < sweep.today:
        if left == 0:
            return None
        overdue, every = -left, sweep.policy.repeat_every_working_days
        return f"overdue:{(overdue - 1) // every if every else 0}", f"is {_days(overdue)} overdue"
    if due == sweep.today:
        return "today", "is due today"
    return "before", f"is due in {_days(left)}"


def _recommendations(sweep: Sweep, report: ChaseReport, echo) -> None:
    """The owners of the annual report's recommendations, as each falls due and while overdue."""
    horizon = sweep.calendar.add_working_days(sweep.today, sweep.policy.reminder_working_days)
    rows = (
        Recommendation.objects.filter(
            status__in=[RecommendationStatus.NOT_STARTED, RecommendationStatus.IN_PROGRESS],
            owner__isnull=False,
            due_on__lte=horizon,
        )
        .order_by("pk")
        .values_list("pk", "edition__year", "title", "text", "owner_id", "due_on")
    )
    planned = Planned()
    for pk, year, title, text, owner_id, due in rows:  # a few a year: no batches needed
        assert due is not None  # due_on__lte leaves out those without a due date
        moment = _owned_moment(sweep, due)
        if moment is None:
            continue
        name = title or Truncator(text).words(12)
        owner = sweep.person(owner_id)
        if owner is None:
            report.nobody_to_tell(f"The owner of the recommendation {name} has no email address")
            continue
        planned.message(
            compose(
                sweep.templates[MessageKind.RECOMMENDATION_REMINDER],
                key=f"recommendation:{pk}:{due.isoformat()}:{moment[0]}",
                to=owner,
                fields={
                    "recommendation": name,
                    "year": reporting_year_label(year),
                    "due_date": long_date(due),
                    "when": moment[1],
                    "recommendation_url": link("reporting:recommendation", year, pk),
                },
            )
        )
    _record(planned, report, echo)


def _designation_reviews(sweep: Sweep, report: ChaseReport, echo) -> None:
    """The senior manager who agreed a designation, as its review falls due and while overdue."""
    horizon = sweep.calendar.add_working_days(sweep.today, sweep.policy.reminder_working_days)
    planned = Planned()
    for review in designations_for_review(due_by=horizon):  # a handful a year: no batches needed
        moment = _owned_moment(sweep, review.due_on)
        if moment is None:
            continue
        decider = sweep.person(review.decided_by_id)
        if decider is None:
            report.nobody_to_tell(
                f"The senior manager who agreed the designation of {review.customer_ref} has no email address"
            )
            continue
        planned.message(
            compose(
                sweep.templates[MessageKind.DESIGNATION_REVIEW],
                key=f"designation_review:{review.pk}:{review.due_on.isoformat()}:{moment[0]}",
                to=decider,
                case_id=review.case_id,
                fields={
                    "customer_ref": review.customer_ref,
                    "decided_date": long_date(review.decided_on),
                    "due_date": long_date(review.due_on),
                    "when": moment[1],
                    "designation_url": link("cases:detail", review.case_reference) + "#designations"
                    if review.case_reference
                    else link("cases:my_work"),
                },
            )
        )
    _record(planned, report, echo)


# --- Quarterly packs -------------------------------------------------------------------------------


def _quarterly_packs(sweep: Sweep, report: ChaseReport, echo) -> None:
    if not sweep.policy.quarterly_packs:
        return
    period = quarter_ended_before(sweep.today)
    first_day = sweep.calendar.add_working_days(period.end, 1)
    if not (first_day <= sweep.today <= period.end + timedelta(days=PACK_WINDOW_DAYS)):
        return
    managers_by_area: dict[int, set[int]] = {}
    for team in sweep.teams.values():
        if team.service_area_id and team.manager_id:
            managers_by_area.setdefault(team.service_area_id, set()).add(team.manager_id)
    chosen: dict[int, set[int]] = {}
    for area_id, user_id in ServiceArea.quarterly_pack_to.through.objects.values_list(
        "servicearea_id", "user_id"
    ):
        chosen.setdefault(area_id, set()).add(user_id)
    for area_id, area in sorted(sweep.areas.items()):
        ids = chosen.get(area_id) or ({area.head_id} | managers_by_area.get(area_id, set()))
        recipients = sorted((u for u in map(sweep.person, ids) if u is not None), key=lambda u: u.pk)
        if not recipients:
            report.nobody_to_tell(f"{area.name}: nobody with an email address for its quarterly pack")
            continue
        keys = {u.pk: f"pack:{area_id}:{period.year}-{period.quarter}:{u.pk}" for u in recipients}
        if set(Message.objects.filter(key__in=list(keys.values())).values_list("key", flat=True)) == set(
            keys.values()
        ):
            continue
        pack = None if report.dry_run else quarterly_pack(service_area=area, period=period, today=sweep.today)
        planned = Planned()
        for user in recipients:
            planned.message(
                compose(
                    sweep.templates[MessageKind.QUARTERLY_PACK],
                    key=keys[user.pk],
                    to=user,
                    fields={
                        "service_area": area.name,
                        "quarter": period.short_label,
                        "summary": "\n".join(pack.summary) if pack else "(the figures)",
                        "reports_url": link("reporting:quarterly"),
                    },
                    attachment=(pack.filename, pack.content) if pack else None,
                )
            )
        _record(planned, report, echo)


def _disposal_list(sweep: Sweep, report: ChaseReport, echo) -> None:
    """Draw the month's disposal list on the first run of the month, and tell the feedback team."""
    month = sweep.today.replace(day=1)
    if report.dry_run:
        if not DisposalList.objects.filter(month=month).exists():
            due = sum(1 for _ in due_for_disposal(sweep.today))
            if echo:
                echo(f"Would draw the disposal list for {month:%B %Y}: {due} cases")
        return
    disposal_list, created = disposal_list_draw(on=sweep.today)
    count = disposal_list.items.count()
    if not created or not count:
        return
    planned = _to_the_feedback_team(
        sweep,
        MessageKind.DISPOSAL_LIST,
        f"disposal_list:{month.isoformat()}",
        {"month": disposal_list.label, "cases": count, "list_url": link("retention:list", disposal_list.pk)},
    )
    _record(planned, report, echo)


def _to_the_feedback_team(sweep: Sweep, kind: str, key: str, fields: dict) -> Planned:
    """The same message to each complaints officer, each queued once under `key` and their id."""
    planned = Planned()
    for officer in sweep.officers:
        planned.message(compose(sweep.templates[kind], key=f"{key}:{officer.pk}", to=officer, fields=fields))
    return planned


# --- The run ---------------------------------------------------------------------------------------


def chase(
    *, today: date, dry_run: bool = False, send: bool = True, echo: Callable[[str], None] | None = None
):
    """One run of the sweep for `today`. Returns what it did (or, with `dry_run`, would do)."""
    sweep = Sweep.load(today)
    report = ChaseReport(today=today, dry_run=dry_run)
    for step in (
        _responses,
        _feedback_team,
        _digests,
        _actions,
        _recommendations,
        _designation_reviews,
        _quarterly_packs,
        _disposal_list,
    ):
        step(sweep, report, echo)
    if send and not dry_run:
        report.sent = messages_send_due()
    return report
