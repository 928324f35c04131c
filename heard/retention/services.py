"""Retention and disposal: the rules in force, legal holds, the monthly disposal list, and disposal.

Disposal removes a case's personal data and keeps its statistical rows:
- removed: what people wrote (summary, details, what would put it right, when it happened, closure
  note, findings, reasons, recommendations, responses, remedies, learning details, delay and
  escalation notes), the people named on the case, the timeline's entries, files people sent,
  the messages about it, and the complainant's name and contact details once none of their cases
  is kept;
- kept: the case's reference, kind, dates, channel, service area, team, procedure, flags, status,
  its investigations' stages, dates, teams and outcomes, problem categories and themes, Ombudsman
  referrals' dates and decisions, learning categories, delays' reasons and escalations, and the
  access log. Every report's figures come from these alone, so they do not change.
Each disposed case keeps one timeline entry saying when and under which list; the list is the
certificate.
"""

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import batched

from django.db import IntegrityError, transaction
from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from heard.audit.models import AccessAction, CaseAccess
from heard.cases import guards
from heard.cases.models import (
    Case,
    CaseEvent,
    CasePerson,
    Customer,
    DelayReport,
    Escalation,
    EventKind,
    Investigation,
    Kind,
    Learning,
    OmbudsmanReferral,
    Status,
)
from heard.casework.models import ContactRecord, Document
from heard.core.errors import RuleBroken
from heard.notifications import jobs
from heard.notifications.models import Message
from heard.retention.models import (
    DisposalItem,
    DisposalList,
    DisposalStatus,
    LegalHold,
    RecordClass,
    RetentionRule,
    years_after,
)

logger = logging.getLogger(__name__)

BATCH = 2000


# --- Rules ---------------------------------------------------------------------------------------


def rules_in_force(on: date) -> dict[str, RetentionRule]:
    """Each record class's rule on a day: the one most recently in force."""
    rules: dict[str, RetentionRule] = {}
    for rule in RetentionRule.objects.filter(effective_from__lte=on).order_by("effective_from"):
        rules[rule.record_class] = rule
    return rules


CLASS_FILTERS = {
    RecordClass.LOOKED_AFTER_CHILD: Q(looked_after_child=True),
    RecordClass.COMPLAINT: Q(kind=Kind.COMPLAINT, looked_after_child=False),
    RecordClass.COMPLIMENT: Q(kind=Kind.COMPLIMENT, looked_after_child=False),
    RecordClass.COMMENT: Q(kind=Kind.COMMENT, looked_after_child=False),
}


# --- Legal holds ---------------------------------------------------------------------------------


def _active(holds):
    return holds.filter(lifted_at__isnull=True)


def held_cases() -> Q:
    """Cases under an active hold, on themselves or on their complainant."""
    return Q(Exists(_active(LegalHold.objects.filter(case_id=OuterRef("pk"))))) | Q(
        Exists(_active(LegalHold.objects.filter(customer_id=OuterRef("customer_id"))))
    )


def holds_on(case: Case) -> list[LegalHold]:
    condition = Q(case=case)
    if case.customer_id:
        condition |= Q(customer_id=case.customer_id)
    return list(
        _active(LegalHold.objects.filter(condition)).select_related("placed_by").order_by("placed_at")
    )


def legal_hold_place_refusal(case: Case) -> str:
    if case.disposed_on:
        return "The case's personal data has been disposed of: there is nothing left to hold."
    if holds_on(case):
        return "The case is already under a legal hold."
    return ""


def legal_hold_lift_refusal(case: Case) -> str:
    return "" if holds_on(case) else "There is no legal hold on this case."


def legal_hold_place(*, case: Case, reason: str, whole_person: bool, actor) -> LegalHold:
    if not reason.strip():
        raise RuleBroken("Say why the case must be kept.", field="reason")
    guards.require(legal_hold_place_refusal(case))
    if whole_person and not case.customer_id:
        raise RuleBroken("The case has no complainant recorded: hold this case only.", field="whole_person")
    hold = LegalHold.objects.create(
        case=None if whole_person else case,
        customer_id=case.customer_id if whole_person else None,
        reason=reason.strip(),
        placed_by=actor,
    )
    what = "every case of this person" if whole_person else "this case"
    _on_timelines(
        hold, case, actor, EventKind.LEGAL_HOLD_PLACED, f"Legal hold placed on {what}: {hold.reason}"
    )
    return hold


def _on_timelines(hold: LegalHold, case: Case, actor, kind: str, description: str) -> None:
    """An event on the timeline of every case the hold keeps."""
    cases = (
        Case.objects.filter(customer_id=hold.customer_id)
        if hold.customer_id
        else Case.objects.filter(pk=case.pk)
    )
    CaseEvent.objects.bulk_create(
        CaseEvent(case_id=pk, actor=actor, kind=kind, description=description)
        for pk in cases.values_list("pk", flat=True)
    )


def legal_hold_lift(*, case: Case, reason: str, actor) -> int:
    """Lift every hold that keeps this case (its own, and its complainant's)."""
    if not reason.strip():
        raise RuleBroken("Say why the hold can end.", field="reason")
    guards.require(legal_hold_lift_refusal(case))
    holds = holds_on(case)
    now = timezone.now()
    for hold in holds:
        hold.lifted_at, hold.lifted_by, hold.lift_reason = now, actor, reason.strip()
        hold.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
        _on_timelines(
            hold, case, actor, EventKind.LEGAL_HOLD_LIFTED, f"Legal hold lifted: {hold.lift_reason}"
        )
    return len(holds)


# --- The disposal list ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    case_id: int
    reference: str
    record_class: str
    closed_on: date
    keep_years: int
    due_on: date


def due_for_disposal(on: date) -> Iterator[Due]:
    """The closed cases whose retention period has ended by `on`, not disposed of and not held."""
    base = (
        Case.objects.filter(
            status__in=[Status.CLOSED, Status.WITHDRAWN], closed_on__isnull=False, disposed_on__isnull=True
        )
        .exclude(held_cases())
        .order_by("pk")
    )
    for record_class, rule in sorted(rules_in_force(on).items()):
        # A day of slack for 29 February; the exact test is years_after below.
        latest = date(on.year - rule.keep_years, on.month, min(on.day, 28)) + timedelta(days=3)
        rows = (
            base.filter(CLASS_FILTERS[RecordClass(record_class)], closed_on__lte=latest)
            .values_list("pk", "reference", "closed_on")
            .iterator(chunk_size=BATCH)
        )
        for pk, reference, closed_on in rows:
            if closed_on is None:  # not so (filtered above): for the type checker
                continue
            due_on = years_after(closed_on, rule.keep_years)
            if due_on <= on:
                yield Due(pk, reference, record_class, closed_on, rule.keep_years, due_on)


def disposal_list_draw(*, on: date) -> tuple[DisposalList, bool]:
    """This month's list (drawn once a month: a second call, or a second sweep running at the same
    time, gets the same list)."""
    month = on.replace(day=1)
    existing = DisposalList.objects.filter(month=month).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            disposal_list = DisposalList.objects.create(month=month, drawn_on=on)
            for batch in batched(due_for_disposal(on), BATCH):
                DisposalItem.objects.bulk_create(
                    DisposalItem(
                        disposal_list=disposal_list,
                        case_id=d.case_id,
                        reference=d.reference,
                        record_class=d.record_class,
                        closed_on=d.closed_on,
                        keep_years=d.keep_years,
                        due_on=d.due_on,
                    )
                    for d in batch
                )
    except IntegrityError:
        return DisposalList.objects.get(month=month), False
    return disposal_list, True


def disposal_item_keep(*, item: DisposalItem, reason: str, actor) -> None:
    if item.disposal_list.status != DisposalStatus.REVIEW:
        raise RuleBroken("This list has been disposed of already.")
    if not reason.strip():
        raise RuleBroken("Say why the case must be kept.", field="reason")
    item.kept, item.kept_reason, item.kept_by = True, reason.strip(), actor
    item.save(update_fields=["kept", "kept_reason", "kept_by"])


def disposal_list_authorise(*, disposal_list: DisposalList, actor) -> None:
    """Authorise the disposal of every case on the list that is not kept; it runs once this
    transaction commits, in the background (`disposal_list_dispose`)."""
    if disposal_list.status != DisposalStatus.REVIEW:
        raise RuleBroken("This list has been authorised already.")
    disposal_list.status = DisposalStatus.AUTHORISED
    disposal_list.authorised_by = actor
    disposal_list.authorised_by_name = actor.get_full_name() or actor.username
    disposal_list.authorised_at = timezone.now()
    disposal_list.save(update_fields=["status", "authorised_by", "authorised_by_name", "authorised_at"])
    jobs.after_commit(disposal_list_dispose, disposal_list.pk)


def disposal_list_dispose(list_id: int) -> int:
    """Dispose of an authorised list, in batches, each in its own transaction (a run stopped half
    way is finished by running it again). A case held, or disposed of under another list, since the
    list was drawn is kept, with that reason. Returns how many cases were disposed of."""
    disposal_list = DisposalList.objects.select_related("authorised_by").get(pk=list_id)
    if disposal_list.status != DisposalStatus.AUTHORISED:
        return 0
    items = disposal_list.items.filter(kept=False, disposed=False)
    items.filter(Exists(Case.objects.filter(pk=OuterRef("case_id")).filter(held_cases()))).update(
        kept=True, kept_reason="A legal hold was placed after the list was drawn."
    )
    items.filter(Q(case__isnull=True) | Q(case__disposed_on__isnull=False)).update(
        kept=True, kept_reason="Already disposed of under another list."
    )
    on = timezone.localdate()
    disposed = 0
    pending = list(
        items.filter(kept=False).order_by("pk").values_list("case_id", flat=True).iterator(chunk_size=BATCH)
    )
    for batch in batched(pending, BATCH):
        with transaction.atomic():
            disposed += cases_dispose(
                batch,
                on=on,
                actor=disposal_list.authorised_by,
                actor_name=disposal_list.authorised_by_name,
                under=disposal_list,
            )
            disposal_list.items.filter(case_id__in=batch).update(disposed=True)
    disposal_list.status = DisposalStatus.DISPOSED
    disposal_list.disposed_at = timezone.now()
    disposal_list.save(update_fields=["status", "disposed_at"])
    return disposed


def cases_dispose(case_ids: Iterable[int], *, on: date, actor, actor_name: str, under: DisposalList) -> int:
    """Remove the personal data of these cases, keeping their statistical rows (see the module)."""
    rows = list(
        Case.objects.filter(pk__in=case_ids, disposed_on__isnull=True).values_list(
            "pk", "reference", "customer_id"
        )
    )
    if not rows:
        return 0
    ids = [pk for pk, _, _ in rows]
    references = {pk: reference for pk, reference, _ in rows}
    customer_ids = {customer_id for _, _, customer_id in rows if customer_id is not None}
    Case.objects.filter(pk__in=ids).update(
        summary="", details="", desired_outcome="", happened_on="", closure_note="", disposed_on=on
    )
    Investigation.objects.filter(case_id__in=ids).update(
        findings="", extension_reason="", panel_recommendations="", council_response=""
    )
    OmbudsmanReferral.objects.filter(case_id__in=ids).update(remedy="")
    Learning.objects.filter(case_id__in=ids).update(detail="", done_note="")
    DelayReport.objects.filter(investigation__case_id__in=ids).update(note="")
    Escalation.objects.filter(case_id__in=ids).update(acknowledgement_note="")
    CasePerson.objects.filter(case_id__in=ids).delete()
    ContactRecord.objects.filter(case_id__in=ids).delete()
    for document in Document.objects.filter(case_id__in=ids):
        document.file.delete(save=False)
    Document.objects.filter(case_id__in=ids).delete()
    Message.objects.filter(case_id__in=ids).delete()
    CaseEvent.objects.filter(case_id__in=ids).delete()
    what = f"Personal data disposed of under the retention rules (disposal list for {under.label})"
    CaseEvent.objects.bulk_create(
        CaseEvent(case_id=pk, actor=actor, kind=EventKind.DISPOSED, description=what) for pk in ids
    )
    CaseAccess.objects.bulk_create(
        CaseAccess(
            user=actor,
            user_name=actor_name,
            case_id=pk,
            case_reference=references[pk],
            action=AccessAction.CHANGED,
            what=what,
        )
        for pk in ids
    )
    # A complainant's own details go once none of their cases is kept.
    still_kept = Case.objects.filter(customer_id=OuterRef("pk"), disposed_on__isnull=True)
    Customer.objects.filter(pk__in=customer_ids).exclude(Exists(still_kept)).update(
        name="",
        email="",
        phone="",
        address="",
        postcode="",
        date_of_birth=None,
        email_key="",
        phone_key="",
        name_key="",
        surname_key="",
        postcode_key="",
        customer_ref=Concat(Value("disposed-"), Cast("pk", output_field=CharField())),
    )
    return len(ids)
