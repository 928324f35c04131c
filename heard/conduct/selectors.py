"""What the case page and the person page show of a person's designations, for the user looking.

Complaints officers and senior managers see the designations, their evidence and history, and the
actions open to them. Investigating managers see only what applies now (the banner) on the cases
they can see. Nobody else sees anything.
"""

import datetime
from dataclasses import dataclass, field
from typing import cast

from django.db.models import Prefetch

from heard.accounts.models import Role
from heard.cases import selectors as case_selectors
from heard.cases import workflow
from heard.cases.models import Case, Customer
from heard.conduct.models import Decision, Designation, DesignationReview

SEE_DESIGNATIONS = {Role.COMPLAINTS_OFFICER, Role.SENIOR_MANAGER}
SEE_BANNER = SEE_DESIGNATIONS | {Role.INVESTIGATING_MANAGER}


def sees_designations(user) -> bool:
    return case_selectors.role_of(user) in SEE_DESIGNATIONS


@dataclass
class Conduct:
    """A person's designations as one user may see them, through one of the person's cases."""

    case: Case | None  # the case the actions go through
    in_force: list[Designation] = field(default_factory=list)  # for the banner
    designations: list[Designation] = field(default_factory=list)  # with history: officers, seniors
    sees_designations: bool = False
    may_propose: bool = False


def _designations(customer_id: int) -> list[Designation]:
    return list(
        Designation.objects.filter(customer_id=customer_id)
        .select_related("proposed_by", "decided_by", "contact_person", "ended_by")
        .prefetch_related(
            Prefetch("evidence_cases", queryset=Case.objects.order_by("received_on", "id")),
            "evidence_contacts__case",
            Prefetch("reviews", queryset=DesignationReview.objects.select_related("reviewed_by")),
        )
    )


def case_conduct(user, case: Case) -> Conduct:
    """The banner and the designations for a case page (the case already came from the user's
    visible cases)."""
    role = case_selectors.role_of(user)
    if role not in SEE_BANNER or case.customer_id is None:
        return Conduct(case=case)
    if role not in SEE_DESIGNATIONS:
        in_force = list(
            Designation.objects.filter(
                customer_id=case.customer_id, decision=Decision.AGREED, ended_on__isnull=True
            ).select_related("contact_person")
        )
        return Conduct(case=case, in_force=in_force)
    designations = _designations(case.customer_id)
    for designation in designations:
        designation.actions = {  # type: ignore[attr-defined]
            name for name in workflow.DESIGNATION_ACTIONS if workflow.allowed(user, name, designation)
        }
    return Conduct(
        case=case,
        in_force=[d for d in designations if d.in_force],
        designations=designations,
        sees_designations=True,
        may_propose=workflow.allowed(user, "designation_propose", case),
    )


def person_conduct(user, customer: Customer) -> Conduct:
    """The same for the person page: the actions go through the person's latest case."""
    latest = (
        case_selectors.case_visible_to(user)
        .filter(customer=customer)
        .select_related("customer")
        .order_by("-received_on", "-id")
        .first()
    )
    return case_conduct(user, latest) if latest is not None else Conduct(case=None)


def designation_of_case(case: Case, pk: int) -> Designation | None:
    """A designation of the case's person, or None."""
    if case.customer_id is None:
        return None
    return Designation.objects.filter(customer_id=case.customer_id, pk=pk).select_related("customer").first()


@dataclass(frozen=True)
class ReviewDue:
    """A designation in force whose review falls due, for the daily sweep's reminder."""

    pk: int
    customer_ref: str
    decided_by_id: int | None
    decided_on: datetime.date
    due_on: datetime.date
    case_id: int | None  # the person's latest case, where the designation is shown
    case_reference: str


def designations_for_review(*, due_by: datetime.date) -> list[ReviewDue]:
    """Designations in force with their review due by the date (overdue ones included)."""
    rows = (
        Designation.objects.filter(decision=Decision.AGREED, ended_on__isnull=True, review_due_on__lte=due_by)
        .order_by("pk")
        .values_list(
            "pk", "customer_id", "customer__customer_ref", "decided_by_id", "decided_on", "review_due_on"
        )
    )
    found = list(rows)
    latest: dict[int, tuple[int, str]] = {}
    for case_id, customer_id, reference in (
        Case.objects.filter(customer_id__in=[row[1] for row in found])
        .order_by("customer_id", "received_on", "id")
        .values_list("pk", "customer_id", "reference")
    ):
        latest[customer_id] = (case_id, reference)
    return [
        ReviewDue(
            pk=pk,
            customer_ref=customer_ref,
            decided_by_id=decided_by_id,
            decided_on=cast(datetime.date, decided_on),  # set whenever a designation is agreed
            due_on=cast(datetime.date, due_on),
            case_id=latest.get(customer_id, (None, ""))[0],
            case_reference=latest.get(customer_id, (None, ""))[1],
        )
        for pk, customer_id, customer_ref, decided_by_id, decided_on, due_on in found
    ]
