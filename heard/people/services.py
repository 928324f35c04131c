"""Writes about people: finding or making the person behind new feedback, queueing likely
duplicates, merging two records (and undoing it) and moving a case to another person.

Every move of a case between people appends an event to the case's timeline and an entry to its
access log, and a merge keeps the ids of what moved so that undoing it moves exactly those back.
"""

import uuid
from datetime import date

from django.db import transaction
from django.utils import timezone

from heard.audit.models import AccessAction, CaseAccess
from heard.cases.models import Case, CaseEvent, Customer, EventKind
from heard.cases.services import customer_for
from heard.conduct.models import Designation
from heard.core.errors import RuleBroken
from heard.people import keys, selectors
from heard.people.models import DetailChange, DuplicateStatus, Merge, PossibleDuplicate
from heard.people.selectors import Keys
from heard.retention.models import LegalHold

DETAILS = ("name", "email", "phone", "address", "postcode", "date_of_birth")


def _actor(actor):
    return actor if actor is not None and getattr(actor, "pk", None) else None


def _shown(value) -> str:
    return value.isoformat() if isinstance(value, date) else str(value or "")


def _differs(person: Customer, field: str, value) -> bool:
    """Whether a newly given detail is news: the same email or phone written another way is not,
    and a name already known is kept (a name given with a typo or in another order is no reason
    to change it; an officer corrects a name)."""
    if field == "name":
        return not person.name
    if field == "email":
        return keys.email_key(value) != person.email_key
    if field == "phone":
        return keys.phone_key(value) != person.phone_key if person.phone_key else person.phone != value
    return getattr(person, field) != value


def person_details_change(*, person: Customer, how: str, actor=None, **details) -> Customer:
    """Give the person the new details that differ (a blank leaves a detail as it is), and keep the
    change in their history."""
    changed = {
        field: value
        for field, value in details.items()
        if field in DETAILS and value not in ("", None) and _differs(person, field, value)
    }
    if not changed:
        return person
    DetailChange.objects.create(
        person=person,
        by=_actor(actor),
        how=how,
        before={field: _shown(getattr(person, field)) for field in changed},
        after={field: _shown(value) for field, value in changed.items()},
    )
    for field, value in changed.items():
        setattr(person, field, value)
    person.save(update_fields=[*changed, "updated_at"])
    return person


def _queue(person: Customer, other: Customer, score: int, reasons: list[str]) -> None:
    first, second = sorted((person, other), key=lambda p: p.pk)
    PossibleDuplicate.objects.get_or_create(
        person=first, other=second, defaults={"score": score, "reasons": reasons}
    )


@transaction.atomic
def person_for(
    *,
    name: str = "",
    email: str = "",
    phone: str = "",
    address: str = "",
    postcode: str = "",
    date_of_birth: date | None = None,
    customer_ref: str = "",
    how: str = "New feedback",
    actor=None,
) -> Customer:
    """The person behind new feedback.

    With a customer reference, the person with that reference (made if new), as an import gives it.
    Otherwise the first exact rule decides (the same email; phone; name and date of birth; name and
    postcode: `selectors.RULES`) and the person gets any new details; anyone else an exact rule found
    is queued for an officer. With no exact match, a new person is made and anyone alike enough is
    queued as a likely duplicate.
    """
    if customer_ref:
        return customer_for(customer_ref=customer_ref, name=name, email=email, phone=phone, address=address)
    k = Keys.of(
        name=name, email=email, phone=phone, address=address, postcode=postcode, date_of_birth=date_of_birth
    )
    matches = selectors.person_exact_matches(k)
    if matches:
        person, _reason = matches[0]
        for other, reason in matches[1:]:
            _queue(person, other, 100, [f"New feedback gave {reason} as both"])
        return person_details_change(
            person=person,
            how=how,
            actor=actor,
            name=name,
            email=email,
            phone=phone,
            address=address,
            postcode=postcode,
            date_of_birth=date_of_birth,
        )
    person = Customer.objects.create(
        customer_ref=f"P-{uuid.uuid4().hex[:12].upper()}",
        name=name,
        email=email,
        phone=phone,
        address=address,
        postcode=postcode,
        date_of_birth=date_of_birth,
    )
    for alike in selectors.person_likely_duplicates(k, exclude=person.pk)[:10]:
        _queue(person, alike.other, alike.score, alike.reasons)
    return person


def _log_moves(case_ids: list[int], kind: str, description: str, actor, before: dict, after: dict) -> None:
    """The timeline event and the access log entry on each case that moved."""
    cases = dict(Case.objects.filter(pk__in=case_ids).values_list("pk", "reference"))
    actor = _actor(actor)
    for pk in case_ids:
        CaseEvent.objects.create(
            case_id=pk, kind=kind, actor=actor, description=description, before=before, after=after
        )
    CaseAccess.objects.bulk_create(
        CaseAccess(
            user=actor,
            user_name=actor.display_name if actor else "Heard",
            case_id=pk,
            case_reference=cases[pk],
            action=AccessAction.CHANGED,
            what=description[:300],
        )
        for pk in case_ids
    )


def _who(person: Customer) -> str:
    return f"{person.name or 'No name'} ({person.customer_ref})"


# What belongs to a person and moves with a merge (and back with its undoing), by its key in
# Merge.moved. Anything new that points at a Customer and should follow the person goes here.
MOVES_WITH_THE_PERSON = {"cases": Case, "legal_holds": LegalHold, "designations": Designation}


@transaction.atomic
def person_merge(
    *, kept: Customer, merged: Customer, actor=None, duplicate: PossibleDuplicate | None = None
) -> Merge:
    """Move every case (with its contacts and people involved), legal hold and unreasonable behaviour
    designation of `merged` to `kept`, and mark `merged` as merged into `kept`."""
    kept = Customer.objects.select_for_update().get(pk=kept.pk)
    merged = Customer.objects.select_for_update().get(pk=merged.pk)
    if kept.pk == merged.pk:
        raise RuleBroken("A person cannot be merged with themselves.", field="kept")
    if kept.merged_into_id or merged.merged_into_id:
        raise RuleBroken("One of these records has already been merged into another person.", field="kept")
    moved: dict[str, list[int]] = {}
    for key, model in MOVES_WITH_THE_PERSON.items():
        moved[key] = list(
            model._default_manager.filter(customer=merged).order_by("pk").values_list("pk", flat=True)
        )
        model._default_manager.filter(pk__in=moved[key]).update(customer=kept)
    merged.merged_into = kept
    merged.save(update_fields=["merged_into", "updated_at"])
    merge = Merge.objects.create(
        kept=kept,
        merged=merged,
        duplicate=duplicate,
        moved=moved,
        merged_by=_actor(actor),
    )
    if duplicate is not None:
        duplicate.status = DuplicateStatus.MERGED
        duplicate.decided_at = timezone.now()
        duplicate.decided_by = _actor(actor)
        duplicate.save(update_fields=["status", "decided_at", "decided_by"])
    kept_cases = list(Case.objects.filter(customer=kept).values_list("pk", flat=True))
    _log_moves(
        kept_cases,
        EventKind.PERSON_MERGED,
        f"{_who(merged)} merged into {_who(kept)}",
        actor,
        before={"customer_ref": merged.customer_ref},
        after={"customer_ref": kept.customer_ref, "merge": merge.pk},
    )
    return merge


@transaction.atomic
def person_merge_undo(*, merge: Merge, actor=None) -> Merge:
    """Move back exactly what the merge moved (cases since moved elsewhere stay where they are)."""
    merge = Merge.objects.select_for_update().select_related("kept", "merged").get(pk=merge.pk)
    if merge.is_undone:
        raise RuleBroken("This merge has already been undone.")
    kept, merged = merge.kept, merge.merged
    for key, model in MOVES_WITH_THE_PERSON.items():
        model._default_manager.filter(pk__in=merge.moved.get(key, []), customer=kept).update(customer=merged)
    merged.merged_into = None
    merged.save(update_fields=["merged_into", "updated_at"])
    merge.undone_at = timezone.now()
    merge.undone_by = _actor(actor)
    merge.save(update_fields=["undone_at", "undone_by"])
    if merge.duplicate_id:
        PossibleDuplicate.objects.filter(pk=merge.duplicate_id).update(
            status=DuplicateStatus.OPEN, decided_at=None, decided_by=None
        )
    both = list(Case.objects.filter(customer__in=[kept, merged]).values_list("pk", flat=True))
    _log_moves(
        both,
        EventKind.PERSON_MERGE_UNDONE,
        f"Merge of {_who(merged)} into {_who(kept)} undone",
        actor,
        before={"customer_ref": kept.customer_ref},
        after={"customer_ref": merged.customer_ref, "merge": merge.pk},
    )
    return merge


@transaction.atomic
def duplicate_dismiss(*, duplicate: PossibleDuplicate, actor=None) -> PossibleDuplicate:
    if duplicate.status != DuplicateStatus.OPEN:
        raise RuleBroken("This pair has already been decided.")
    duplicate.status = DuplicateStatus.DISMISSED
    duplicate.decided_at = timezone.now()
    duplicate.decided_by = _actor(actor)
    duplicate.save(update_fields=["status", "decided_at", "decided_by"])
    return duplicate


def person_split_refusal(case: Case) -> str:
    """Why the case cannot be moved to another person now ("" when it can)."""
    return "" if case.customer_id else "This case has no person to move it from: it was anonymous."


@transaction.atomic
def person_split(
    *,
    case: Case,
    to: Customer | None = None,
    name: str = "",
    email: str = "",
    phone: str = "",
    address: str = "",
    actor=None,
) -> Customer:
    """Move one case to another person: an existing one (`to`), or a new person with the details
    given (not matched: the officer has said who it is)."""
    refusal = person_split_refusal(case)
    if refusal:
        raise RuleBroken(refusal)
    before = case.customer
    assert before is not None
    if to is None:
        if not name.strip():
            raise RuleBroken("Enter the name of the person the case is from.", field="name")
        to = Customer.objects.create(
            customer_ref=f"P-{uuid.uuid4().hex[:12].upper()}",
            name=name,
            email=email,
            phone=phone,
            address=address,
        )
    if to.pk == case.customer_id:
        raise RuleBroken("The case is already this person's.", field="customer_ref")
    if to.merged_into_id:
        raise RuleBroken(
            "That record was merged into another person: choose that person.", field="customer_ref"
        )
    Case.objects.filter(pk=case.pk).update(customer=to)
    case.customer = to
    _log_moves(
        [case.pk],
        EventKind.PERSON_SPLIT,
        f"Moved from {_who(before)} to {_who(to)}",
        actor,
        before={"customer_ref": before.customer_ref},
        after={"customer_ref": to.customer_ref},
    )
    return to
